import { t } from '../../../platform/i18n/translate.js'
import {
  choicesOf,
  type Question,
  type QuestionnaireDefinition,
  type QuestionType,
  questionTypes,
} from '../../../questionnaire/definition.js'
import { languagesOf, localiseDefinition, textInPage } from '../../../questionnaire/localise.js'
import { routableValues } from '../../../questionnaire/rules.js'
import type { Body } from './forms.js'

// View models for the builder's pages, the printed questionnaire and the language menus.

export const typeLabel = (type: string) => t(`builder.types.${type}`)

function describeRouting(q: Question, definition: QuestionnaireDefinition): string | undefined {
  if (!q.showIf) return undefined
  const target = definition.sections.flatMap((s) => s.questions).find((x) => x.key === q.showIf?.question)
  const labels = q.showIf.anyOf.map(
    (v) => (target ? choicesOf(target)?.find((c) => c.value === v)?.label : v) ?? v,
  )
  return `Shown only if “${target?.title ?? q.showIf.question}” is answered ${labels.map((l) => `“${l}”`).join(' or ')}`
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
      proposal: q.proposal ? `Proposal ${q.proposal}: ${proposalTitle(q.proposal) ?? ''}` : undefined,
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
      { value: 'yes', text: 'Yes, it must be answered', checked: requiredValue === 'yes' },
      { value: 'no', text: 'No, it is optional', checked: requiredValue === 'no' },
    ],
    dontKnowItems: [
      {
        value: 'yes',
        text: 'Offer “Don’t know”',
        checked: body ? body.include_dont_know === 'yes' : q?.type === 'agreement' ? q.includeDontKnow : true,
      },
    ],
    wholeNumberItems: [
      {
        value: 'yes',
        text: 'Whole numbers only',
        checked: body ? body.whole_number === 'yes' : q?.type === 'number' ? q.wholeNumber : true,
      },
    ],
    partItems: [
      {
        value: 'district',
        text: 'The first half only, like LE1',
        checked: read('part', str(q?.part ?? 'district')) === 'district',
      },
      {
        value: 'full',
        text: 'The whole postcode, like LE1 6TE',
        checked: read('part', str(q?.part)) === 'full',
      },
    ],
    proposalItems: [
      { value: '', text: 'Not about one proposal', selected: proposalValue === '' },
      ...context.proposals.map((p) => ({
        value: String(p.position),
        text: `Proposal ${p.position}: ${p.title}`,
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
