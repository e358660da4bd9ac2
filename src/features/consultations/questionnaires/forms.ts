import type { FieldErrors } from '../../../platform/errors.js'
import { field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import type { Question, QuestionInput, QuestionType } from '../../../questionnaire/definition.js'
import { keyFrom } from './edits.js'

// The builder's forms: each reads a body into a typed value, or into NHS.UK-style field errors
// with the body kept, so the page can be shown again as it was sent.

export type Body = Record<string, string | string[] | undefined>
export type BuilderForm<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; body: Body }

/** The body as a plain record of strings and string lists, whatever was sent. */
export function asBody(body: unknown): Body {
  if (!body || typeof body !== 'object') return {}
  const out: Body = {}
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') out[name] = value
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === 'string')
  }
  return out
}

const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : ([] as string[]).concat(value)
const text = (body: Body, name: string) => (field(body, name) ?? '').trim()

export function parseSectionForm(raw: unknown): BuilderForm<{ title: string }> {
  const body = asBody(raw)
  const title = text(body, 'title')
  if (!title) return { ok: false, errors: { title: t('builder.validation.sectionTitleMissing') }, body }
  if (title.length > 500)
    return { ok: false, errors: { title: t('builder.validation.sectionTitleTooLong') }, body }
  return { ok: true, value: { title } }
}

export interface QuestionFormContext {
  type: QuestionType
  /** The question being edited, whose option values are kept. */
  existing?: Question
  proposals: number
  /** Earlier questions that can be routed on, with their answers. */
  routable: { key: string; values: string[] }[]
}

const wholeNumber = /^-?\d+$/
const decimal = /^-?\d+(\.\d+)?$/
const isoDate = /^\d{4}-\d{2}-\d{2}$/
const validDate = (value: string) =>
  isoDate.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)

function readOptions(body: Body, errors: FieldErrors, context: QuestionFormContext) {
  const values = list(body.option_value)
  const labels = list(body.option_label)
  const kept = values
    .map((value, i) => ({ value, label: (labels[i] ?? '').trim() }))
    .filter((o) => o.label !== '' && context.existing && 'options' in context.existing)
    .map((o) => {
      const before = context.existing && 'options' in context.existing ? context.existing.options : []
      const translations = before.find((b) => b.value === o.value)?.translations
      return translations ? { ...o, translations } : o
    })
  const taken = kept.map((o) => o.value)
  const added = text(body, 'new_options')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((label) => {
      const value = keyFrom(label, taken, 'option')
      taken.push(value)
      return { value, label }
    })
  const options = [...kept, ...added]
  const least = context.type === 'ranking' ? 2 : 1
  if (options.length < least)
    errors.new_options =
      least === 2 ? t('builder.validation.rankOptionsMissing') : t('builder.validation.optionsMissing')
  else if (options.some((o) => o.label.length > 500))
    errors.new_options = t('builder.validation.optionTooLong')
  return options
}

function readNumber(
  body: Body,
  errors: FieldErrors,
  name: string,
  message: string,
  range: { min: number; max: number; whole: boolean },
): number | undefined {
  const raw = text(body, name).replace(/,/g, '')
  if (raw === '') return undefined
  const ok = (range.whole ? wholeNumber : decimal).test(raw)
  const value = Number(raw)
  if (!ok || value < range.min || value > range.max) {
    errors[name] = message
    return undefined
  }
  return value
}

/** The question the form describes, checked field by field. */
export function parseQuestionForm(raw: unknown, context: QuestionFormContext): BuilderForm<QuestionInput> {
  const body = asBody(raw)
  const errors: FieldErrors = {}
  const title = text(body, 'title')
  if (!title) errors.title = t('builder.validation.titleMissing')
  else if (title.length > 1000) errors.title = t('builder.validation.titleTooLong')
  const hint = text(body, 'hint')
  if (hint.length > 2000) errors.hint = t('builder.validation.hintTooLong')
  const required = field(body, 'required')
  if (required !== 'yes' && required !== 'no') errors.required = t('builder.validation.requiredMissing')

  let key = text(body, 'key')
  if (key === '') key = context.existing?.key ?? keyFrom(title, [], 'question')
  else if (!/^[a-z][a-z0-9_]{0,62}$/.test(key)) errors.key = t('builder.validation.keyInvalid')

  const proposalText = text(body, 'proposal')
  const proposal = proposalText === '' ? undefined : Number(proposalText)
  if (
    proposal !== undefined &&
    !(Number.isInteger(proposal) && proposal >= 1 && proposal <= context.proposals)
  )
    errors.proposal = t('builder.validation.proposalUnknown')

  const routedOn = list(body.show_if).map((v) => v.split(':'))
  let showIf: { question: string; anyOf: string[] } | undefined
  if (routedOn.length > 0) {
    const questions = new Set(routedOn.map(([q]) => q))
    const [target] = questions
    const known = context.routable.find((r) => r.key === target)
    if (questions.size > 1) errors.show_if = t('builder.validation.showIfSeveral')
    else if (!known || routedOn.some(([, v]) => !v || !known.values.includes(v)))
      errors.show_if = t('builder.validation.showIfUnknown')
    else showIf = { question: known.key, anyOf: routedOn.map(([, v]) => v ?? '') }
  }

  const base = {
    key,
    title,
    ...(hint ? { hint } : {}),
    required: required === 'yes',
    ...(proposal !== undefined ? { proposal } : {}),
    ...(showIf ? { showIf } : {}),
    ...(context.existing?.translations ? { translations: context.existing.translations } : {}),
  }
  let question: QuestionInput
  switch (context.type) {
    case 'single_choice':
    case 'ranking':
      question = { ...base, type: context.type, options: readOptions(body, errors, context) }
      break
    case 'multiple_choice': {
      const options = readOptions(body, errors, context)
      const maxChoices = readNumber(body, errors, 'max_choices', t('builder.validation.maxChoicesInvalid'), {
        min: 1,
        max: Math.max(1, options.length),
        whole: true,
      })
      question = { ...base, type: 'multiple_choice', options, ...(maxChoices ? { maxChoices } : {}) }
      break
    }
    case 'agreement':
      question = { ...base, type: 'agreement', includeDontKnow: field(body, 'include_dont_know') === 'yes' }
      break
    case 'rating': {
      const max = readNumber(body, errors, 'rating_max', t('builder.validation.ratingMaxInvalid'), {
        min: 2,
        max: 10,
        whole: true,
      })
      const lowLabel = text(body, 'low_label')
      const highLabel = text(body, 'high_label')
      question = {
        ...base,
        type: 'rating',
        max: max ?? 5,
        ...(lowLabel ? { lowLabel } : {}),
        ...(highLabel ? { highLabel } : {}),
      }
      break
    }
    case 'free_text': {
      const maxLength = readNumber(body, errors, 'max_length', t('builder.validation.maxLengthInvalid'), {
        min: 1,
        max: 50_000,
        whole: true,
      })
      question = { ...base, type: 'free_text', maxLength: maxLength ?? 5000 }
      break
    }
    case 'number': {
      const boundRange = { min: -1e12, max: 1e12, whole: false }
      const min = readNumber(body, errors, 'min', t('builder.validation.minInvalid'), boundRange)
      const max = readNumber(body, errors, 'max', t('builder.validation.maxInvalid'), boundRange)
      if (min !== undefined && max !== undefined && max < min)
        errors.max = t('builder.validation.maxBelowMin')
      question = {
        ...base,
        type: 'number',
        wholeNumber: field(body, 'whole_number') === 'yes',
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      }
      break
    }
    case 'date': {
      const earliest = text(body, 'earliest')
      const latest = text(body, 'latest')
      if (earliest && !validDate(earliest)) errors.earliest = t('builder.validation.earliestInvalid')
      if (latest && !validDate(latest)) errors.latest = t('builder.validation.latestInvalid')
      if (!errors.earliest && !errors.latest && earliest && latest && latest < earliest)
        errors.latest = t('builder.validation.latestBeforeEarliest')
      question = { ...base, type: 'date', ...(earliest ? { earliest } : {}), ...(latest ? { latest } : {}) }
      break
    }
    case 'postcode': {
      const part = field(body, 'part')
      if (part !== 'full' && part !== 'district') errors.part = t('builder.validation.partMissing')
      question = { ...base, type: 'postcode', part: part === 'full' ? 'full' : 'district' }
      break
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, body } : { ok: true, value: question }
}

/** The translations form: one box per text, named by where the text is. */
export function parseTranslationsForm(raw: unknown, fields: string[]): BuilderForm<Record<string, string>> {
  const body = asBody(raw)
  const errors: FieldErrors = {}
  const texts: Record<string, string> = {}
  for (const name of fields) {
    const value = text(body, name)
    if (value.length > 2000) errors[name] = t('builder.validation.translationTooLong')
    texts[name] = value
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, body } : { ok: true, value: texts }
}

/** A language code for a new translation, as the definition stores it. */
export function parseLanguageForm(raw: unknown): BuilderForm<string> {
  const body = asBody(raw)
  const code = text(body, 'language')
  if (!/^(easy-read|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/.test(code))
    return {
      ok: false,
      errors: { language: t('builder.validation.languageInvalid') },
      body,
    }
  return { ok: true, value: code }
}
