import type { AnswerValue } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import { t } from '../../platform/i18n/translate.js'
import {
  allQuestions,
  choicesOf,
  type Question,
  type QuestionnaireDefinition,
} from '../../questionnaire/definition.js'

export type Answers = Record<string, AnswerValue>

export type SubmissionCheck =
  | { ok: true; answers: Answers }
  | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> }

/** Fields the form carries besides the answers. */
const controlFields = new Set(['_csrf', 'submission_key', 'version_id'])

export const answerField = (questionKey: string) => `q_${questionKey}`
/** A question answered in several boxes names each box `q_key[part]`, as the NHS.UK date input does. */
export const partField = (questionKey: string, part: string) => `${answerField(questionKey)}[${part}]`

const dateParts = ['day', 'month', 'year'] as const

/** Where an error about the question points: the id of its first box, as the error summary links to it. */
export function errorKey(q: Question): string {
  if (q.type === 'date') return `${answerField(q.key)}-day`
  if (q.type === 'ranking') return `${answerField(q.key)}-${q.options[0]?.value ?? ''}`
  return answerField(q.key)
}

/** Every form field a question may send. */
export function fieldNames(q: Question): string[] {
  if (q.type === 'date') return dateParts.map((p) => partField(q.key, p))
  if (q.type === 'ranking') return q.options.map((o) => partField(q.key, o.value))
  return [answerField(q.key)]
}

// C0 and C1 controls other than tab and newline, which people type into comments.
// U+FFFD is what bytes that were not UTF-8 become when decoded: the text was damaged on the way.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/
const fullPostcode = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/
const postcodeDistrict = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/

type Check = { value?: AnswerValue; error?: string }
type Body = Record<string, unknown>

const missing = (q: Question, message: string): Check => (q.required ? { error: t(message) } : {})
const isText = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string'

function checkText(q: Extract<Question, { type: 'free_text' }>, text: string): Check {
  const trimmed = text.replace(/\r\n?/g, '\n').trim()
  if (trimmed === '') return missing(q, 'validation.response.textMissing')
  if (!trimmed.isWellFormed() || controlCharacters.test(trimmed))
    return { error: t('validation.response.textInvalid') }
  if ([...trimmed].length > q.maxLength) {
    return { error: t('validation.response.textTooLong', { max: q.maxLength.toLocaleString('en-GB') }) }
  }
  // Stored exactly as typed (bar surrounding space and line endings); escaped whenever shown.
  return { value: trimmed }
}

function checkNumber(q: Extract<Question, { type: 'number' }>, text: string): Check {
  const cleaned = text.trim().replace(/,/g, '')
  if (cleaned === '') return missing(q, 'validation.response.numberMissing')
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return { error: t('validation.response.numberInvalid') }
  const n = Number(cleaned)
  if (!Number.isFinite(n)) return { error: t('validation.response.numberInvalid') }
  if (q.wholeNumber && !Number.isInteger(n)) return { error: t('validation.response.numberWhole') }
  if (q.min !== undefined && n < q.min)
    return { error: t('validation.response.numberTooSmall', { min: q.min }) }
  if (q.max !== undefined && n > q.max)
    return { error: t('validation.response.numberTooLarge', { max: q.max }) }
  return { value: n }
}

const isoOf = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

function checkDate(q: Extract<Question, { type: 'date' }>, body: Body): Check {
  const parts = dateParts.map((p) => body[partField(q.key, p)])
  if (!parts.every(isText)) return { error: t('validation.response.unknownField') }
  const [day, month, year] = parts.map((p) => (p ?? '').trim())
  if (!day && !month && !year) return missing(q, 'validation.response.dateMissing')
  if (!day || !month || !year) return { error: t('validation.response.dateIncomplete') }
  if (![day, month, year].every((p) => /^\d+$/.test(p)) || year.length !== 4) {
    return { error: t('validation.response.dateInvalid') }
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: t('validation.response.dateInvalid') }
  }
  const iso = isoOf(y, m, d)
  if (q.earliest && iso < q.earliest)
    return { error: t('validation.response.dateTooEarly', { date: q.earliest }) }
  if (q.latest && iso > q.latest) return { error: t('validation.response.dateTooLate', { date: q.latest }) }
  return { value: iso }
}

function checkPostcode(q: Extract<Question, { type: 'postcode' }>, text: string): Check {
  const upper = text.trim().toUpperCase().replace(/\s+/g, ' ')
  if (upper === '') return missing(q, 'validation.response.postcodeMissing')
  if (q.part === 'district') {
    return postcodeDistrict.test(upper)
      ? { value: upper }
      : { error: t('validation.response.districtInvalid') }
  }
  const match = fullPostcode.exec(upper)
  return match ? { value: `${match[1]} ${match[2]}` } : { error: t('validation.response.postcodeInvalid') }
}

function checkRanking(q: Extract<Question, { type: 'ranking' }>, body: Body): Check {
  const ranks = q.options.map((o) => body[partField(q.key, o.value)])
  if (!ranks.every(isText)) return { error: t('validation.response.unknownField') }
  const given = ranks
    .map((r, i) => ({ rank: (r ?? '').trim(), value: q.options[i]?.value ?? '' }))
    .filter((r) => r.rank)
  if (given.length === 0) return missing(q, 'validation.response.rankingMissing')
  if (q.required && given.length < q.options.length) return { error: t('validation.response.rankingMissing') }
  // Ranks must be 1 to however many were ranked, each used once.
  const numbers = given.map((g) => (/^\d+$/.test(g.rank) ? Number(g.rank) : 0))
  const valid = numbers.every((n) => n >= 1 && n <= given.length) && new Set(numbers).size === numbers.length
  if (!valid) return { error: t('validation.response.rankingInvalid', { count: given.length }) }
  return {
    value: given
      .map((g, i) => ({ value: g.value, rank: numbers[i] ?? 0 }))
      .sort((a, b) => a.rank - b.rank)
      .map((g) => g.value),
  }
}

function checkQuestion(q: Question, body: Body, allowed: ReadonlySet<string> | undefined): Check {
  if (q.type === 'date') return checkDate(q, body)
  if (q.type === 'ranking') return checkRanking(q, body)
  const value = body[answerField(q.key)]
  if (q.type === 'multiple_choice') {
    const chosen = (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter(
      (v) => v !== '',
    )
    if (!chosen.every((v) => typeof v === 'string')) return { error: t('validation.response.unknownField') }
    if (chosen.length === 0) return missing(q, 'validation.response.choicesMissing')
    if (!chosen.every((v) => allowed?.has(v)) || new Set(chosen).size !== chosen.length) {
      return { error: t('validation.response.choiceUnknown') }
    }
    if (q.maxChoices !== undefined && chosen.length > q.maxChoices) {
      return { error: t('validation.response.choicesTooMany', { max: q.maxChoices }) }
    }
    // In the order the options are listed, so the same choices are always stored the same way.
    return { value: q.options.map((o) => o.value).filter((v) => chosen.includes(v)) }
  }
  if (!isText(value)) return { error: t('validation.response.unknownField') }
  const text = value ?? ''
  switch (q.type) {
    case 'single_choice':
    case 'agreement':
    case 'rating': {
      if (text === '') return missing(q, 'validation.response.choiceMissing')
      if (!allowed?.has(text)) return { error: t('validation.response.choiceUnknown') }
      return { value: q.type === 'rating' ? Number(text) : text }
    }
    case 'free_text':
      return checkText(q, text)
    case 'number':
      return checkNumber(q, text)
    case 'postcode':
      return checkPostcode(q, text)
  }
}

export function isShownFor(anyOf: readonly string[], answer: AnswerValue | undefined): boolean {
  const given = Array.isArray(answer) ? answer : [answer]
  return given.some((a) => a !== undefined && anyOf.includes(String(a)))
}

interface CheckPlan {
  questions: Question[]
  known: ReadonlySet<string>
  /** The values each question with fixed answers takes, by question key. */
  allowed: ReadonlyMap<string, ReadonlySet<string>>
}

// A bulk import checks a million rows against one definition: what the checks need from it is
// worked out once. Definitions are parsed from the database and never changed afterwards.
const checkPlans = new WeakMap<QuestionnaireDefinition, CheckPlan>()

function checkPlanOf(definition: QuestionnaireDefinition): CheckPlan {
  let plan = checkPlans.get(definition)
  if (!plan) {
    const questions = allQuestions(definition)
    const allowed = new Map<string, Set<string>>()
    for (const q of questions) {
      const choices = choicesOf(q)
      if (choices) allowed.set(q.key, new Set(choices.map((c) => c.value)))
    }
    plan = { questions, known: new Set(questions.flatMap(fieldNames)), allowed }
    checkPlans.set(definition, plan)
  }
  return plan
}

/** Checks a posted form against the questionnaire version it claims to answer. */
export function checkSubmission(definition: QuestionnaireDefinition, body: Body): SubmissionCheck {
  const { questions, known, allowed } = checkPlanOf(definition)
  const errors: FieldErrors = {}
  const values: Record<string, string | string[]> = {}
  const answers: Answers = {}
  for (const [name, value] of Object.entries(body)) {
    if (!controlFields.has(name) && !known.has(name)) errors.form = t('validation.response.unknownField')
    else if (
      typeof value === 'string' ||
      (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    ) {
      values[name] = value
    }
  }
  for (const question of questions) {
    // Routing: a question not shown for the answers given is neither required nor stored. Only
    // shown questions' answers are stored, so one routed on a hidden question is hidden too.
    const rule = question.showIf
    if (rule && !isShownFor(rule.anyOf, answers[rule.question])) continue
    const { value, error } = checkQuestion(question, body, allowed.get(question.key))
    if (error) errors[errorKey(question)] = error
    else if (value !== undefined) answers[question.key] = value
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, answers }
}
