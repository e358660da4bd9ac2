import type { FieldErrors } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  allQuestions,
  type Question,
  type QuestionnaireDefinition,
} from '../../../questionnaire/definition.js'
import {
  type Answers,
  answerField,
  checkSubmission,
  errorKey,
  fieldNames,
  isShownFor,
  partField,
  type SubmissionCheck,
} from '../answer-validation.js'

// The online form as a page per section: which pages a person sees given their answers so far
// (routing), where "Continue" and "Back" go, and what the "Check your answers" page lists. Pure
// functions over the definition and the answers, so every rule is tested without a server.

export type FormValues = Record<string, string | string[]>

/** A page of the journey after the start page: a section, the "about you" page, or checking answers. */
export type JourneyPage = { kind: 'section'; key: string } | { kind: 'about' } | { kind: 'check' }

/** Fields a section page sends besides its answers. */
const pageControls = new Set(['_csrf', 'action', 'change'])

/** The keys of the questions shown for these answers, in order: a question routed away is not shown. */
export function shownQuestionKeys(definition: QuestionnaireDefinition, answers: Answers): Set<string> {
  const shown = new Set<string>()
  for (const q of allQuestions(definition)) {
    const rule = q.showIf
    if (!rule || (shown.has(rule.question) && isShownFor(rule.anyOf, answers[rule.question])))
      shown.add(q.key)
  }
  return shown
}

/**
 * The form's pages: a page per section, split where a question is routed on an answer given on
 * the same page (without JavaScript a page cannot change as it is answered). The first page of a
 * section has the section's key; later ones add "-2", "-3" (keys never hold a dash).
 */
export interface FormPage {
  key: string
  title: string
  questions: Question[]
}

export function formPages(definition: QuestionnaireDefinition): FormPage[] {
  const pages: FormPage[] = []
  for (const section of definition.sections) {
    let page: FormPage | undefined
    let part = 0
    for (const q of section.questions) {
      const dependsOnPage = page?.questions.some((p) => p.key === q.showIf?.question)
      if (!page || dependsOnPage) {
        part++
        page = {
          key: part === 1 ? section.key : `${section.key}-${part}`,
          title: section.title,
          questions: [],
        }
        pages.push(page)
      }
      page.questions.push(q)
    }
  }
  return pages
}

/** The pages with at least one question shown for these answers. */
export function shownPages(definition: QuestionnaireDefinition, answers: Answers): FormPage[] {
  const shown = shownQuestionKeys(definition, answers)
  return formPages(definition).filter((p) => p.questions.some((q) => shown.has(q.key)))
}

/** The answers without those to questions the routing no longer shows: they are never stored. */
export function pruneAnswers(definition: QuestionnaireDefinition, answers: Answers): Answers {
  const shown = shownQuestionKeys(definition, answers)
  return Object.fromEntries(Object.entries(answers).filter(([key]) => shown.has(key)))
}

/** Whether the definition asks who is responding, on a page of its own after the questions. */
export const asksAboutRespondent = (definition: QuestionnaireDefinition) =>
  Boolean(definition.respondent?.askOrganisation || definition.respondent?.askContact)

function pagesFor(definition: QuestionnaireDefinition, answers: Answers): JourneyPage[] {
  return [
    ...shownPages(definition, answers).map((p): JourneyPage => ({ kind: 'section', key: p.key })),
    ...(asksAboutRespondent(definition) ? [{ kind: 'about' } as const] : []),
    { kind: 'check' },
  ]
}

const samePage = (a: JourneyPage, b: JourneyPage) =>
  a.kind === b.kind && (a.kind !== 'section' || (b.kind === 'section' && a.key === b.key))

/**
 * The page after this one for these answers: the next section shown after it in the form's order
 * (so a section no longer shown, its routing answer changed, moves on too), then "about you", then
 * checking answers.
 */
export function nextPage(
  definition: QuestionnaireDefinition,
  answers: Answers,
  from: JourneyPage,
): JourneyPage {
  if (from.kind !== 'section') return { kind: 'check' }
  const order = formPages(definition).map((p) => p.key)
  const later = shownPages(definition, answers).find((p) => order.indexOf(p.key) > order.indexOf(from.key))
  if (later) return { kind: 'section', key: later.key }
  return asksAboutRespondent(definition) ? { kind: 'about' } : { kind: 'check' }
}

/** The page before this one, or undefined when it is the first (the back link goes to the start page). */
export function previousPage(
  definition: QuestionnaireDefinition,
  answers: Answers,
  from: JourneyPage,
): JourneyPage | undefined {
  const pages = pagesFor(definition, answers)
  const at = pages.findIndex((p) => samePage(p, from))
  return at > 0 ? pages[at - 1] : undefined
}

export const firstPage = (definition: QuestionnaireDefinition): JourneyPage =>
  pagesFor(definition, {})[0] ?? { kind: 'check' }

/** Stored answers as the form fields that would send them, so a page shows what was given before. */
export function answersToValues(definition: QuestionnaireDefinition, answers: Answers): FormValues {
  const values: FormValues = {}
  for (const q of allQuestions(definition)) {
    const answer = answers[q.key]
    if (answer === undefined) continue
    if (q.type === 'date' && typeof answer === 'string') {
      const [year, month, day] = answer.split('-')
      values[partField(q.key, 'day')] = String(Number(day))
      values[partField(q.key, 'month')] = String(Number(month))
      values[partField(q.key, 'year')] = year ?? ''
    } else if (q.type === 'ranking' && Array.isArray(answer)) {
      answer.forEach((value, i) => {
        values[partField(q.key, value)] = String(i + 1)
      })
    } else if (Array.isArray(answer)) values[answerField(q.key)] = answer
    else values[answerField(q.key)] = String(answer)
  }
  return values
}

export type SectionCheck =
  | { ok: true; answers: Answers }
  | { ok: false; errors: FieldErrors; values: FormValues }

/** Pages as sections of a definition, which is all the answer checks need. */
const asDefinition = (definition: QuestionnaireDefinition, pages: FormPage[]): QuestionnaireDefinition => ({
  ...definition,
  sections: pages.map((p) => ({ key: p.key, title: p.title, questions: p.questions })),
})

/**
 * Checks one page against the answers given on earlier pages, and returns every answer with this
 * page's replacing what it held before, routed-away answers left out.
 */
export function checkSection(
  definition: QuestionnaireDefinition,
  pageKey: string,
  answers: Answers,
  body: Record<string, unknown>,
): SectionCheck {
  const pages = formPages(definition)
  const index = pages.findIndex((p) => p.key === pageKey)
  const page = pages[index]
  if (!page) return { ok: false, errors: { form: t('validation.response.unknownField') }, values: {} }
  const own = new Set(page.questions.flatMap(fieldNames))
  const posted = Object.entries(body).filter(([name]) => !pageControls.has(name))
  if (posted.some(([name]) => !own.has(name))) {
    return { ok: false, errors: { form: t('validation.response.unknownField') }, values: {} }
  }
  const earlier = asDefinition(definition, pages.slice(0, index))
  const check: SubmissionCheck = checkSubmission(asDefinition(definition, pages.slice(0, index + 1)), {
    ...answersToValues(earlier, answers),
    ...Object.fromEntries(posted),
  })
  if (!check.ok) return check
  const ownKeys = new Set(page.questions.map((q) => q.key))
  const kept = Object.entries(answers).filter(([key]) => !ownKeys.has(key))
  const fresh = Object.entries(check.answers).filter(([key]) => ownKeys.has(key))
  return { ok: true, answers: pruneAnswers(definition, Object.fromEntries([...kept, ...fresh])) }
}

/** All the answers checked as one submission: what is stored when the response is sent. */
export function checkAllAnswers(definition: QuestionnaireDefinition, answers: Answers): SubmissionCheck {
  return checkSubmission(definition, answersToValues(definition, answers))
}

/** The first page whose answers are not complete (a required answer missing), if any. */
export function firstIncompleteSection(
  definition: QuestionnaireDefinition,
  answers: Answers,
): string | undefined {
  const check = checkAllAnswers(definition, answers)
  if (check.ok) return undefined
  const failing = new Set(Object.keys(check.errors))
  return formPages(definition).find((p) => p.questions.some((q) => failing.has(errorKey(q))))?.key
}

/**
 * Where someone coming back to a saved form carries on: the next page they have not answered
 * (the one after the last page holding an answer), or an earlier page still missing a required
 * answer. Optional pages never reached are not skipped, as checking answers would skip them.
 */
export function resumeSection(definition: QuestionnaireDefinition, answers: Answers): string | undefined {
  const pages = shownPages(definition, answers)
  let lastAnswered = -1
  pages.forEach((page, i) => {
    if (page.questions.some((q) => answers[q.key] !== undefined)) lastAnswered = i
  })
  const unanswered = pages[lastAnswered + 1]?.key
  const incomplete = firstIncompleteSection(definition, answers)
  const order = (key: string | undefined) => (key ? pages.findIndex((p) => p.key === key) : pages.length)
  return order(incomplete) <= order(unanswered) ? incomplete : unanswered
}

/** What the "Check your answers" page lists: each section shown, its questions shown with their answers and pages. */
export function answersToCheck(definition: QuestionnaireDefinition, answers: Answers) {
  const shown = shownQuestionKeys(definition, answers)
  const pageOf = new Map(formPages(definition).flatMap((p) => p.questions.map((q) => [q.key, p.key])))
  return definition.sections
    .map((section) => ({
      key: section.key,
      title: section.title,
      questions: section.questions
        .filter((q) => shown.has(q.key))
        .map((question: Question) => ({
          question,
          value: answers[question.key],
          page: pageOf.get(question.key) ?? section.key,
        })),
    }))
    .filter((s) => s.questions.length > 0)
}

/** Whether a form started at `startedAt` may still be sent now, and whether only thanks to the grace period. */
export function admission(
  consultation: { status: string; opensAt: Date; closesAt: Date },
  startedAt: Date,
  at: Date,
  graceMinutes: number,
): 'open' | 'grace' | 'closed' {
  const { status, opensAt, closesAt } = consultation
  // The same window as the consultations feature's takesResponsesAt, written out here: this pure
  // module would otherwise load the whole consultations feature through its index.
  if (status === 'open' && opensAt <= at && at < closesAt) return 'open'
  const graceEnds = closesAt.getTime() + graceMinutes * 60_000
  const admissible = status === 'open' || status === 'closed'
  if (admissible && startedAt < closesAt && at.getTime() < graceEnds) return 'grace'
  return 'closed'
}

/**
 * What "Save and come back later" keeps of a page: every answer that is valid, even if required
 * answers are missing; answers that are not valid are left as they were.
 */
export function answersToSave(
  definition: QuestionnaireDefinition,
  sectionKey: string,
  answers: Answers,
  body: Record<string, unknown>,
): Answers {
  const lenient = {
    ...definition,
    sections: definition.sections.map((s) => ({
      ...s,
      questions: s.questions.map((q) => ({ ...q, required: false })),
    })),
  }
  const first = checkSection(lenient, sectionKey, answers, body)
  if (first.ok) return first.answers
  const page = formPages(definition).find((p) => p.key === sectionKey)
  if (!page) return answers
  const failing = new Set(Object.keys(first.errors))
  const dropped = new Set(page.questions.filter((q) => failing.has(errorKey(q))).flatMap(fieldNames))
  const kept = Object.fromEntries(Object.entries(body).filter(([name]) => !dropped.has(name)))
  const second = checkSection(lenient, sectionKey, answers, kept)
  return second.ok ? second.answers : answers
}
