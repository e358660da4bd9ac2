import type { ConsultationRow } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { errorList } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  allQuestions,
  choicesOf,
  type Question,
  type QuestionnaireDefinition,
  type QuestionType,
  questionTypes,
} from '../../../questionnaire/definition.js'
import {
  type describeLanguage,
  languagesOf,
  localiseDefinition,
  textInPage,
} from '../../../questionnaire/localise.js'
import { routableValues } from '../../../questionnaire/rules.js'
import { routableBefore, type TextSlot } from './edits.js'
import type { Body } from './forms.js'
import type { QuestionnaireService } from './service.js'

// View models for the builder's pages, the printed questionnaire and the language menus.

export const typeLabel = (type: string) => t(`builder.types.${type}`)

function describeRouting(q: Question, definition: QuestionnaireDefinition): string | undefined {
  if (!q.showIf) return undefined
  const target = definition.sections.flatMap((s) => s.questions).find((x) => x.key === q.showIf?.question)
  const labels = q.showIf.anyOf.map(
    (v) => (target ? choicesOf(target)?.find((c) => c.value === v)?.label : v) ?? v,
  )
  return t('builder.form.shownOnlyIf', {
    question: target?.title ?? q.showIf.question,
    answers: labels.map((l) => `“${l}”`).join(` ${t('builder.form.or')} `),
  })
}

/** The builder's overview: each section with its questions, in order, and what each one is. */
export function presentBuilder(
  definition: QuestionnaireDefinition,
  proposals: { position: number; title: string }[],
) {
  const proposalTitle = (n: number | undefined) => proposals.find((p) => p.position === n)?.title
  return definition.sections.map((section, sectionIndex) => ({
    key: section.key,
    title: section.title,
    isFirst: sectionIndex === 0,
    isLast: sectionIndex === definition.sections.length - 1,
    questions: section.questions.map((q, i) => ({
      key: q.key,
      title: q.title,
      hint: q.hint,
      type: typeLabel(q.type),
      required: q.required,
      proposal: q.proposal
        ? t('builder.form.proposal', { position: q.proposal, title: proposalTitle(q.proposal) ?? '' })
        : undefined,
      routing: describeRouting(q, definition),
      options: 'options' in q ? q.options.map((o) => o.label) : undefined,
      isFirst: i === 0,
      isLast: i === section.questions.length - 1,
    })),
  }))
}

export const typeItems = (chosen: string | undefined) =>
  questionTypes.map((type) => ({
    value: type,
    text: typeLabel(type),
    hint: { text: t(`builder.typeHints.${type}`) },
    checked: chosen === type,
  }))

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value))

/** The question form's values: what was sent when it comes back with errors, else the question. */
export function presentQuestionForm(
  type: QuestionType,
  existing: Question | undefined,
  body: Body | undefined,
  context: { proposals: { position: number; title: string }[]; routable: Question[] },
) {
  const read = (name: string, fallback: string) => {
    const sent = body?.[name]
    return body ? (typeof sent === 'string' ? sent : '') : fallback
  }
  const q = existing as (Question & Record<string, unknown>) | undefined
  const checkedRoutes = body
    ? ([] as string[]).concat(body.show_if ?? [])
    : (q?.showIf?.anyOf ?? []).map((v) => `${q?.showIf?.question}:${v}`)
  const requiredValue = read('required', q ? (q.required ? 'yes' : 'no') : '')
  const proposalValue = read('proposal', str(q?.proposal))
  return {
    type,
    typeLabel: typeLabel(type),
    hasOptions: type === 'single_choice' || type === 'multiple_choice' || type === 'ranking',
    values: {
      title: read('title', q?.title ?? ''),
      hint: read('hint', q?.hint ?? ''),
      key: read('key', q?.key ?? ''),
      new_options: read('new_options', ''),
      max_choices: read('max_choices', str(q?.maxChoices)),
      rating_max: read('rating_max', str(q?.type === 'rating' ? q.max : '5')),
      low_label: read('low_label', str(q?.lowLabel)),
      high_label: read('high_label', str(q?.highLabel)),
      max_length: read('max_length', str(q?.type === 'free_text' ? q.maxLength : '5000')),
      min: read('min', str(q?.type === 'number' ? q.min : '')),
      max: read('max', str(q?.type === 'number' ? q.max : '')),
      earliest: read('earliest', str(q?.earliest)),
      latest: read('latest', str(q?.latest)),
    },
    options: existing && 'options' in existing ? existing.options : [],
    requiredItems: [
      { value: 'yes', text: t('builder.form.requiredYes'), checked: requiredValue === 'yes' },
      { value: 'no', text: t('builder.form.requiredNo'), checked: requiredValue === 'no' },
    ],
    dontKnowItems: [
      {
        value: 'yes',
        text: t('builder.form.includeDontKnow'),
        checked: body ? body.include_dont_know === 'yes' : q?.type === 'agreement' ? q.includeDontKnow : true,
      },
    ],
    wholeNumberItems: [
      {
        value: 'yes',
        text: t('builder.form.wholeNumber'),
        checked: body ? body.whole_number === 'yes' : q?.type === 'number' ? q.wholeNumber : true,
      },
    ],
    partItems: [
      {
        value: 'district',
        text: t('builder.form.partDistrict'),
        checked: read('part', str(q?.part ?? 'district')) === 'district',
      },
      {
        value: 'full',
        text: t('builder.form.partFull'),
        checked: read('part', str(q?.part)) === 'full',
      },
    ],
    proposalItems: [
      { value: '', text: t('builder.form.noProposal'), selected: proposalValue === '' },
      ...context.proposals.map((p) => ({
        value: String(p.position),
        text: t('builder.form.proposal', { position: p.position, title: p.title }),
        selected: proposalValue === String(p.position),
      })),
    ],
    routing: context.routable.map((r) => ({
      key: r.key,
      title: r.title,
      items: (choicesOf(r) ?? [])
        .filter((c) => routableValues(r)?.includes(c.value))
        .map((c) => ({
          value: `${r.key}:${c.value}`,
          text: c.label,
          checked: checkedRoutes.includes(`${r.key}:${c.value}`),
        })),
    })),
  }
}

/** Links to the form in each language it has, for a language menu. */
export function presentLanguageLinks(
  definition: QuestionnaireDefinition,
  href: (code: string) => string,
  current: string,
) {
  return languagesOf(definition).map((l) => ({ ...l, href: href(l.code), current: l.code === current }))
}

/** The paper questionnaire: every question as on the form, with boxes to tick or write in. */
export function presentPrint(definition: QuestionnaireDefinition, language: string) {
  const localised = localiseDefinition(definition, language)
  const pageLang = localised.language.lang
  const numbers = new Map(
    localised.sections.flatMap((s) => s.questions).map((lq, i) => [lq.question.key, { n: i + 1, lq }]),
  )
  const routingOf = (q: Question) => {
    const target = q.showIf ? numbers.get(q.showIf.question) : undefined
    if (!q.showIf || !target) return undefined
    const labels = q.showIf.anyOf.map((v) => target.lq.choices?.find((c) => c.value === v)?.label.text ?? v)
    return { number: target.n, answers: labels }
  }
  let number = 0
  return {
    language: localised.language,
    sections: localised.sections.map((s) => ({
      title: textInPage(s.title, pageLang),
      questions: s.questions.map((lq) => {
        number += 1
        const q = lq.question
        return {
          number,
          key: q.key,
          type: q.type,
          title: textInPage(lq.title, pageLang),
          hint: lq.hint ? textInPage(lq.hint, pageLang) : undefined,
          required: q.required,
          choices: lq.choices?.map((c) => textInPage(c.label, pageLang)),
          ranked: q.type === 'ranking',
          maxChoices: q.type === 'multiple_choice' ? q.maxChoices : undefined,
          lowLabel: lq.lowLabel ? textInPage(lq.lowLabel, pageLang) : undefined,
          highLabel: lq.highLabel ? textInPage(lq.highLabel, pageLang) : undefined,
          lines: q.type === 'free_text' ? Math.min(12, Math.max(2, Math.ceil(q.maxLength / 400))) : 0,
          maxLength: q.type === 'free_text' ? q.maxLength : undefined,
          routing: routingOf(q),
          multiple: q.type === 'multiple_choice',
        }
      }),
    })),
  }
}

type Workspace = Awaited<ReturnType<QuestionnaireService['getWorkspace']>>
type Section = QuestionnaireDefinition['sections'][number]

/** The builder's address for a consultation: every page and form of the builder is under it. */
export const builderBase = (id: string) => `/admin/consultations/${id}/questionnaire`

const withErrors = (errors: FieldErrors | undefined) => ({
  errors,
  errorList: errors ? errorList(errors) : undefined,
})

/** What every builder page but the builder itself shares: the consultation and the way back. */
const builderPage = (pageTitle: string, consultation: ConsultationRow) => ({
  pageTitle,
  activeNav: 'consultations',
  backHref: builderBase(consultation.id),
  consultation,
})

/** The builder: the draft's sections and questions, its languages, and why it cannot be published. */
export function presentBuilderPage(
  workspace: Workspace,
  extra: { errors?: FieldErrors; problems?: string[] },
) {
  const errors =
    extra.errors ?? (extra.problems ? { publish: t('builder.errors.notPublishable') } : undefined)
  return {
    pageTitle: t('builder.titles.builder', { title: workspace.consultation.title }),
    activeNav: 'consultations',
    backHref: '/admin',
    base: builderBase(workspace.consultation.id),
    ...workspace,
    sections: presentBuilder(workspace.definition, workspace.proposals),
    languages: languagesOf(workspace.definition).slice(1),
    problems: extra.problems,
    ...withErrors(errors),
  }
}

/** The form to rename a section, showing what was sent when it comes back with errors. */
export function presentSectionForm(
  consultation: ConsultationRow,
  section: Section,
  form: { errors?: FieldErrors; body?: Body },
) {
  return {
    ...builderPage(t('builder.titles.renameSection', { section: section.title }), consultation),
    action: `${builderBase(consultation.id)}/sections/${section.key}`,
    title: typeof form.body?.title === 'string' ? form.body.title : section.title,
    ...withErrors(form.errors),
  }
}

/** The form to add a question to a section or change one, offering the earlier questions to route on. */
export function presentQuestionPage(
  workspace: Workspace,
  section: Section,
  existing: Question | undefined,
  type: QuestionType,
  form: { errors?: FieldErrors; body?: Body },
) {
  const { definition, consultation, proposals } = workspace
  const base = builderBase(consultation.id)
  const sectionIndex = definition.sections.indexOf(section)
  const routable = existing
    ? routableBefore(definition, (q) => q.key === existing.key)
    : routableBefore(
        definition,
        (q) => sectionIndex < definition.sections.findIndex((s) => s.questions.includes(q)),
      )
  const pageTitle = existing
    ? t('builder.titles.editQuestion', { question: existing.title })
    : t('builder.titles.addQuestion', { section: section.title })
  return {
    ...builderPage(pageTitle, consultation),
    sectionTitle: section.title,
    editing: existing !== undefined,
    action: existing ? `${base}/questions/${existing.key}` : `${base}/sections/${section.key}/questions`,
    form: presentQuestionForm(type, existing, form.body, { proposals, routable }),
    ...withErrors(form.errors),
  }
}

/** The section and question a question form is about: the question named, or a new one in the section named. */
export function questionFormTarget(
  definition: QuestionnaireDefinition,
  params: { section?: string; question?: string },
) {
  const existing = allQuestions(definition).find((q) => q.key === params.question)
  const section = definition.sections.find((s) =>
    existing ? s.questions.includes(existing) : s.key === params.section,
  )
  return { existing, section }
}

/** The first step of adding a question: choosing its kind. */
export function presentQuestionTypePage(consultation: ConsultationRow, section: Section, chosen: unknown) {
  const errors = chosen === undefined ? undefined : { type: t('builder.errors.chooseType') }
  return {
    ...builderPage(t('builder.titles.addQuestion', { section: section.title }), consultation),
    sectionTitle: section.title,
    action: `${builderBase(consultation.id)}/sections/${section.key}/questions/new`,
    items: typeItems(undefined),
    ...withErrors(errors),
  }
}

/** Every text of the questionnaire beside its wording in one language, with what was sent after errors. */
export function presentTranslationsPage(
  consultation: ConsultationRow,
  language: ReturnType<typeof describeLanguage>,
  slots: TextSlot[],
  form: { errors?: FieldErrors; body?: Body },
) {
  return {
    ...builderPage(
      t('builder.titles.translations', { language: language.name, title: consultation.title }),
      consultation,
    ),
    language,
    action: `${builderBase(consultation.id)}/translations/${language.code}`,
    slots: slots.map((slot) => ({
      ...slot,
      current: typeof form.body?.[slot.field] === 'string' ? form.body[slot.field] : slot.current,
      error: form.errors?.[slot.field],
    })),
    ...withErrors(form.errors),
  }
}

/** The import form, with the problems of a file that could not be imported. */
export function presentImportPage(
  consultation: ConsultationRow,
  schemaPath: string,
  form: { problems?: string[]; text?: string },
) {
  const errors = form.problems ? { file: t('builder.errors.importRefused') } : undefined
  return {
    ...builderPage(t('builder.titles.import', { title: consultation.title }), consultation),
    action: `${builderBase(consultation.id)}/import`,
    schemaPath,
    problems: form.problems,
    text: form.text,
    ...withErrors(errors),
  }
}
