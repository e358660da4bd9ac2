import { fileTypeFromBuffer } from 'file-type'
import type { FieldErrors } from '../../../platform/errors.js'
import type { UploadedFile } from '../../../platform/http/uploads.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDate, londonWallClock } from '../../../platform/time/london.js'
import {
  allQuestions,
  type Question,
  type QuestionnaireDefinition,
} from '../../../questionnaire/definition.js'
import { type Answers, answerField, checkSubmission, fieldNames, partField } from '../answer-validation.js'

// Parsing and checking what data-entry staff type from a paper questionnaire: the paper's own
// details (reference, batch, date received), its answers (checked as the online form checks
// them), an optional scan, and a supervisor's choices when two keyings differ.

export type Body = Record<string, unknown>

export interface PaperDetails {
  /** As printed in the reference box: upper case, without spaces. */
  reference: string
  batch: string
  /** The UK day it was received, YYYY-MM-DD. */
  receivedOn: string
}

/** Form fields of the paper entry page besides the answers. */
export const detailFields = {
  reference: 'paper_reference',
  batch: 'batch',
  received: 'received',
  versionId: 'version_id',
  scan: 'scan',
} as const

const envelope = new Set<string>([
  detailFields.reference,
  detailFields.batch,
  `${detailFields.received}[day]`,
  `${detailFields.received}[month]`,
  `${detailFields.received}[year]`,
  detailFields.scan,
])

const text = (body: Body, name: string) => {
  const value = body[name]
  return typeof value === 'string' ? value : ''
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u001F\u007F-\u009F\uFFFD]/

export function parseReference(raw: string): { value?: string; error?: string } {
  const reference = raw.replace(/\s+/g, '').toUpperCase()
  if (reference === '') return { error: t('paper.validation.referenceMissing') }
  if (!/^[A-Z0-9]{1,9}$/.test(reference)) return { error: t('paper.validation.referenceInvalid') }
  return { value: reference }
}

export function parseBatch(raw: string): { value?: string; error?: string } {
  const batch = raw.trim()
  if (batch === '') return { error: t('paper.validation.batchMissing') }
  if ([...batch].length > 50) return { error: t('paper.validation.batchTooLong') }
  if (!batch.isWellFormed() || controlCharacters.test(batch))
    return { error: t('paper.validation.batchInvalid') }
  return { value: batch }
}

/** A day typed into day, month and year boxes named `prefix[day]` and so on. */
export function parseReceivedDate(body: Body, prefix: string): { value?: string; error?: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => text(body, `${prefix}[${p}]`).trim())
  if (!day && !month && !year) return { error: t('paper.validation.receivedMissing') }
  if (!day || !month || !year) return { error: t('paper.validation.receivedIncomplete') }
  if (![day, month, year].every((p) => /^\d{1,4}$/.test(p)) || year.length !== 4)
    return { error: t('paper.validation.receivedInvalid') }
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { error: t('paper.validation.receivedInvalid') }
  return { value: date.toISOString().slice(0, 10) }
}

/** A paper cannot arrive after today, nor before the consultation opened. */
export function checkReceivedOn(
  receivedOn: string,
  bounds: { opensAt: Date; now: Date },
): string | undefined {
  if (receivedOn > londonWallClock(bounds.now).date) return t('paper.validation.receivedFuture')
  if (receivedOn < londonWallClock(bounds.opensAt).date)
    return t('paper.validation.receivedBeforeOpen', { date: formatLondonDate(bounds.opensAt) })
  return undefined
}

export const receivedErrorKey = (prefix: string) => `${prefix}-day`

export type PaperFormResult =
  | { ok: true; details: PaperDetails; answers: Answers }
  | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> }

/** Shown again in the form after a refusal: every text field as typed. */
export function typedFormValues(body: Body): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') values[name] = value
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) values[name] = value
  }
  return values
}

/**
 * A paper cannot insist on an answer: what a respondent left blank is keyed blank rather than
 * invented, so every question is checked as if optional; everything else is checked as online.
 */
export function asPaper(definition: QuestionnaireDefinition): QuestionnaireDefinition {
  return {
    ...definition,
    sections: definition.sections.map((section) => ({
      ...section,
      questions: section.questions.map((q) => ({ ...q, required: false })),
    })),
  }
}

/** Checks a keyed paper: its details and, as the online form is checked, its answers. */
export function parsePaperForm(definition: QuestionnaireDefinition, body: Body): PaperFormResult {
  const errors: FieldErrors = {}
  const reference = parseReference(text(body, detailFields.reference))
  const batch = parseBatch(text(body, detailFields.batch))
  const received = parseReceivedDate(body, detailFields.received)
  if (reference.error) errors[detailFields.reference] = reference.error
  if (batch.error) errors[detailFields.batch] = batch.error
  if (received.error) errors[receivedErrorKey(detailFields.received)] = received.error
  const answerBody = Object.fromEntries(Object.entries(body).filter(([name]) => !envelope.has(name)))
  const check = checkSubmission(asPaper(definition), answerBody)
  if (!check.ok) Object.assign(errors, check.errors)
  if (Object.keys(errors).length > 0 || !check.ok || !reference.value || !batch.value || !received.value)
    return { ok: false, errors, values: typedFormValues(body) }
  return {
    ok: true,
    details: { reference: reference.value, batch: batch.value, receivedOn: received.value },
    answers: check.answers,
  }
}

/** The form fields that would send these answers: how a stored answer is shown in the form again. */
export function answerToFields(
  q: Question,
  value: Answers[string] | undefined,
): Record<string, string | string[]> {
  if (value === undefined) return {}
  if (q.type === 'date' && typeof value === 'string') {
    const [year = '', month = '', day = ''] = value.split('-')
    return {
      [partField(q.key, 'day')]: String(Number(day)),
      [partField(q.key, 'month')]: String(Number(month)),
      [partField(q.key, 'year')]: year,
    }
  }
  if (q.type === 'ranking' && Array.isArray(value))
    return Object.fromEntries(value.map((option, i) => [partField(q.key, option), String(i + 1)]))
  if (Array.isArray(value)) return { [answerField(q.key)]: value }
  return { [answerField(q.key)]: String(value) }
}

export function answersToFields(definition: QuestionnaireDefinition, answers: Answers) {
  return Object.assign(
    {},
    ...allQuestions(definition).map((q) => answerToFields(q, answers[q.key])),
  ) as Record<string, string | string[]>
}

/** The fields a question sends, as posted, to take a typed answer from a body. */
export function postedFields(q: Question, body: Body): Record<string, unknown> {
  return Object.fromEntries(fieldNames(q).flatMap((name) => (name in body ? [[name, body[name]]] : [])))
}

export type UploadedScan = UploadedFile

export const isUploadedScan = (value: unknown): value is UploadedScan =>
  typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedScan).data)

const scanTypes = ['pdf', 'jpg', 'png', 'tif']

export type ScanCheck =
  | { ok: true; scan?: { mediaType: string; data: Buffer } }
  | { ok: false; error: string }

/** A scan is judged by its content, never its name: a renamed program is not a PDF. No file chosen is fine. */
export async function checkScan(value: unknown, limitBytes: number, limitText: string): Promise<ScanCheck> {
  if (!isUploadedScan(value) || value.data.length === 0) return { ok: true }
  if (value.truncated || value.data.length > limitBytes)
    return { ok: false, error: t('paper.validation.scanTooLarge', { limit: limitText }) }
  const detected = await fileTypeFromBuffer(value.data)
  if (!detected || !scanTypes.includes(detected.ext))
    return { ok: false, error: t('paper.validation.scanWrongType') }
  return { ok: true, scan: { mediaType: detected.mime, data: value.data } }
}

export type LateDecisionForm =
  | { ok: true; value: { decision: 'admitted' | 'refused'; reason: string } }
  | { ok: false; errors: FieldErrors; values: Record<string, string> }

export function parseLateDecision(body: Body): LateDecisionForm {
  const decision = text(body, 'decision')
  const reason = text(body, 'reason').trim()
  const errors: FieldErrors = {}
  if (decision !== 'admitted' && decision !== 'refused')
    errors.decision = t('paper.validation.decisionMissing')
  if (reason === '') errors.reason = t('paper.validation.reasonMissing')
  else if ([...reason].length > 2000) errors.reason = t('paper.validation.reasonTooLong')
  else if (!reason.isWellFormed() || controlCharacters.test(reason.replace(/[\r\n\t]/g, ' ')))
    errors.reason = t('paper.validation.reasonInvalid')
  if (Object.keys(errors).length > 0 || (decision !== 'admitted' && decision !== 'refused'))
    return { ok: false, errors, values: { decision, reason } }
  return { ok: true, value: { decision, reason } }
}
