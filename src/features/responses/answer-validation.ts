import type { AnswerValue } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import { t } from '../../platform/i18n/translate.js'
import {
  allQuestions,
  type Question,
  type QuestionnaireDefinition,
} from '../consultations/questionnaire-definition.js'

export type Answers = Record<string, AnswerValue>

export type SubmissionCheck =
  | { ok: true; answers: Answers }
  | { ok: false; errors: FieldErrors; values: Record<string, string> }

/** Fields the form carries besides the answers. */
const controlFields = new Set(['_csrf', 'submission_key', 'version_id'])

export const answerField = (questionKey: string) => `q_${questionKey}`

// C0 and C1 controls other than tab and newline, which people type into comments.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

function checkQuestion(question: Question, raw: unknown): { value?: string; error?: string } {
  if (raw !== undefined && typeof raw !== 'string') return { error: t('validation.response.unknownField') }
  const text = (raw ?? '').replace(/\r\n?/g, '\n')
  if (question.type === 'single_choice') {
    if (text === '') return question.required ? { error: t('validation.response.choiceMissing') } : {}
    if (!question.options.some((o) => o.value === text))
      return { error: t('validation.response.choiceUnknown') }
    return { value: text }
  }
  const trimmed = text.trim()
  if (trimmed === '') return question.required ? { error: t('validation.response.textMissing') } : {}
  if (!trimmed.isWellFormed() || controlCharacters.test(trimmed)) {
    return { error: t('validation.response.textInvalid') }
  }
  if ([...trimmed].length > question.maxLength) {
    return {
      error: t('validation.response.textTooLong', { max: question.maxLength.toLocaleString('en-GB') }),
    }
  }
  // Stored exactly as typed (bar surrounding space and line endings); escaped whenever shown.
  return { value: trimmed }
}

function isShownFor(anyOf: readonly string[], answer: AnswerValue | undefined): boolean {
  const given = Array.isArray(answer) ? answer : [answer]
  return given.some((a) => typeof a === 'string' && anyOf.includes(a))
}

/** Checks a posted form against the questionnaire version it claims to answer. */
export function checkSubmission(
  definition: QuestionnaireDefinition,
  body: Record<string, unknown>,
): SubmissionCheck {
  const questions = allQuestions(definition)
  const known = new Set(questions.map((q) => answerField(q.key)))
  const errors: FieldErrors = {}
  const values: Record<string, string> = {}
  const answers: Answers = {}
  for (const name of Object.keys(body)) {
    if (!controlFields.has(name) && !known.has(name)) {
      errors.form = t('validation.response.unknownField')
    }
  }
  const shown = new Set<string>()
  for (const question of questions) {
    const name = answerField(question.key)
    const raw = body[name]
    if (typeof raw === 'string') values[name] = raw
    // Routing: a question not shown for the answers given is neither required nor stored.
    const rule = question.showIf
    if (rule && !(shown.has(rule.question) && isShownFor(rule.anyOf, answers[rule.question]))) continue
    shown.add(question.key)
    const { value, error } = checkQuestion(question, raw)
    if (error) errors[name] = error
    else if (value !== undefined) answers[question.key] = value
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, answers }
}
