import { ValidationError } from '../../../platform/errors.js'
import {
  allQuestions,
  draftDefinition,
  type Question,
  type QuestionInput,
  type QuestionnaireDefinition,
  question as questionSchema,
} from '../../../questionnaire/definition.js'
import { aboutYouSection, proposalQuestions } from '../../../questionnaire/library.js'
import { routableValues } from '../../../questionnaire/rules.js'

// The builder's changes to a questionnaire, as pure functions from one definition to the next.
// Each returns a new definition, or throws a ValidationError whose field names the form shows.

export type Direction = 'up' | 'down'

const clone = (definition: QuestionnaireDefinition): QuestionnaireDefinition => structuredClone(definition)

/** A key for a new section or question, from its title, that is not already taken. */
export function keyFrom(title: string, taken: Iterable<string>, fallback: string): string {
  const used = new Set(taken)
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '')
  const base = words || fallback
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`
}

const sectionKeys = (d: QuestionnaireDefinition) => d.sections.map((s) => s.key)
export const questionKeys = (d: QuestionnaireDefinition) => allQuestions(d).map((q) => q.key)

function sectionIndex(d: QuestionnaireDefinition, key: string): number {
  const index = d.sections.findIndex((s) => s.key === key)
  if (index < 0) throw new ValidationError({ section: 'That section is no longer in the questionnaire' })
  return index
}

function locate(d: QuestionnaireDefinition, key: string): { section: number; index: number } {
  for (const [section, s] of d.sections.entries()) {
    const index = s.questions.findIndex((q) => q.key === key)
    if (index >= 0) return { section, index }
  }
  throw new ValidationError({ question: 'That question is no longer in the questionnaire' })
}

function move<T>(items: T[], index: number, direction: Direction): void {
  const to = direction === 'up' ? index - 1 : index + 1
  if (to < 0 || to >= items.length) return
  const [item] = items.splice(index, 1)
  if (item !== undefined) items.splice(to, 0, item)
}

export function addSection(d: QuestionnaireDefinition, title: string) {
  const next = clone(d)
  const key = keyFrom(title, sectionKeys(d), 'section')
  next.sections.push({ key, title, questions: [] })
  return { definition: next, key }
}

export function renameSection(d: QuestionnaireDefinition, key: string, title: string) {
  const next = clone(d)
  const section = next.sections[sectionIndex(next, key)]
  if (section) section.title = title
  return next
}

export function moveSection(d: QuestionnaireDefinition, key: string, direction: Direction) {
  const next = clone(d)
  move(next.sections, sectionIndex(next, key), direction)
  return next
}

export function removeSection(d: QuestionnaireDefinition, key: string) {
  const next = clone(d)
  next.sections.splice(sectionIndex(next, key), 1)
  return next
}

/** Checks a question against the schema, naming the form field of each problem. */
export function checkQuestion(input: QuestionInput): Question {
  const parsed = questionSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const errors: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'title')
    errors[field] ??= issue.message
  }
  throw new ValidationError(errors)
}

export function addQuestion(d: QuestionnaireDefinition, sectionKey: string, input: QuestionInput) {
  if (questionKeys(d).includes(input.key))
    throw new ValidationError({ key: `Enter a short name that is not already used: "${input.key}" is taken` })
  const next = clone(d)
  next.sections[sectionIndex(next, sectionKey)]?.questions.push(checkQuestion(input))
  return next
}

export function replaceQuestion(d: QuestionnaireDefinition, key: string, input: QuestionInput) {
  if (input.key !== key && questionKeys(d).includes(input.key))
    throw new ValidationError({ key: `Enter a short name that is not already used: "${input.key}" is taken` })
  const next = clone(d)
  const at = locate(next, key)
  const questions = next.sections[at.section]?.questions
  if (questions) questions[at.index] = checkQuestion(input)
  return next
}

export function moveQuestion(d: QuestionnaireDefinition, key: string, direction: Direction) {
  const next = clone(d)
  const at = locate(next, key)
  const questions = next.sections[at.section]?.questions
  if (questions) move(questions, at.index, direction)
  return next
}

export function removeQuestion(d: QuestionnaireDefinition, key: string) {
  const next = clone(d)
  const at = locate(next, key)
  next.sections[at.section]?.questions.splice(at.index, 1)
  return next
}

function addSectionOfQuestions(
  d: QuestionnaireDefinition,
  section: { key: string; title: string; questions: QuestionInput[] },
  already: string,
) {
  const taken = new Set(questionKeys(d))
  const clashes = section.questions.filter((q) => taken.has(q.key)).map((q) => q.key)
  if (clashes.length > 0 || sectionKeys(d).includes(section.key))
    throw new ValidationError({ library: already })
  const next = clone(d)
  next.sections.push(draftDefinition.shape.sections.element.parse(section))
  return next
}

/** Adds the standard About you section (equality monitoring and relationship to the services). */
export function addAboutYou(d: QuestionnaireDefinition) {
  return addSectionOfQuestions(
    d,
    aboutYouSection(),
    'The About you questions are already in this questionnaire',
  )
}

/** Adds a section with an agreement question and a comments box for each proposal. */
export function addProposalQuestions(d: QuestionnaireDefinition, proposals: { title: string }[]) {
  if (proposals.length === 0)
    throw new ValidationError({ library: 'Add the proposals to the consultation first' })
  return addSectionOfQuestions(
    d,
    { key: 'proposals', title: 'The proposals', questions: proposalQuestions(proposals) },
    'The questions about the proposals are already in this questionnaire',
  )
}

/** One respondent-facing text, named by where it is, for the translations form. */
export interface TextSlot {
  field: string
  english: string
  current: string
  /** What the text is, for the label: "Section title", "Question 3 title", "Option". */
  kind: 'section' | 'title' | 'hint' | 'lowLabel' | 'highLabel' | 'option'
}

type WithTranslations = { translations?: Record<string, Record<string, string | undefined>> | undefined }

function slots(d: QuestionnaireDefinition) {
  const found: {
    field: string
    english: string
    item: WithTranslations
    name: string
    kind: TextSlot['kind']
  }[] = []
  for (const s of d.sections) {
    found.push({ field: `s.${s.key}.title`, english: s.title, item: s, name: 'title', kind: 'section' })
    for (const q of s.questions) {
      found.push({ field: `q.${q.key}.title`, english: q.title, item: q, name: 'title', kind: 'title' })
      if (q.hint)
        found.push({ field: `q.${q.key}.hint`, english: q.hint, item: q, name: 'hint', kind: 'hint' })
      if (q.type === 'rating')
        for (const name of ['lowLabel', 'highLabel'] as const) {
          const english = q[name]
          if (english) found.push({ field: `q.${q.key}.${name}`, english, item: q, name, kind: name })
        }
      if ('options' in q)
        for (const o of q.options)
          found.push({
            field: `o.${q.key}.${o.value}.label`,
            english: o.label,
            item: o,
            name: 'label',
            kind: 'option',
          })
    }
  }
  return found
}

/** Every text that can be translated, with its translation into `language` so far. */
export function translationSlots(d: QuestionnaireDefinition, language: string): TextSlot[] {
  return slots(d).map(({ field, english, item, name, kind }) => ({
    field,
    english,
    kind,
    current: item.translations?.[language]?.[name] ?? '',
  }))
}

/** Sets every translation into `language` from the form; an empty box removes that translation. */
export function setTranslations(d: QuestionnaireDefinition, language: string, texts: Record<string, string>) {
  const next = clone(d)
  for (const { field, item, name } of slots(next)) {
    const text = (texts[field] ?? '').trim()
    const byLanguage = { ...(item.translations ?? {}) }
    const entry = { ...(byLanguage[language] ?? {}) }
    if (text) entry[name] = text
    else delete entry[name]
    if (Object.keys(entry).length > 0) byLanguage[language] = entry
    else delete byLanguage[language]
    if (Object.keys(byLanguage).length > 0) item.translations = byLanguage
    else delete item.translations
  }
  return next
}

/** Questions before a point in the questionnaire that a later question can be routed on. */
export function routableBefore(
  definition: QuestionnaireDefinition,
  stop: (q: Question) => boolean,
): Question[] {
  const found: Question[] = []
  for (const q of allQuestions(definition)) {
    if (stop(q)) break
    if (routableValues(q)) found.push(q)
  }
  return found
}

/** The answers each earlier question can route on, as the question form checks a route against. */
export function routingChoices(definition: QuestionnaireDefinition, beforeKey: string | undefined) {
  return routableBefore(definition, (q) => q.key === beforeKey).map((q) => ({
    key: q.key,
    values: routableValues(q) ?? [],
  }))
}
