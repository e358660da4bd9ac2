import {
  type DraftRespondent,
  type ResponseChannel,
  type ResponseFlag,
  responseChannels,
} from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { identityFields, parseIdentity } from '../../../platform/identity/identity-fields.js'
import { normaliseReference } from '../receipt-reference.js'

export const channels = responseChannels
/** A response's standing: counted, or left out and why (the one definition, `response_standings`). */
export const statuses = ['counted', 'excluded', 'late_refused', 'late_undecided'] as const
export const flagFilters: readonly ('any' | ResponseFlag)[] = ['any', 'honeypot', 'many_from_address']

export interface ResponseFilters {
  channel?: ResponseChannel
  status?: (typeof statuses)[number]
  /** Europe/London calendar dates, inclusive. */
  from?: string
  to?: string
  reference?: string
  question?: string
  answer?: string
  /** Flagged by an anti-abuse check: `any` flag, or one in particular. */
  flag?: (typeof flagFilters)[number]
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const realDate = (s: string) => isoDate.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)

/** Filters from the query string; values that are not offered are ignored rather than trusted. */
export function parseResponseFilters(
  query: unknown,
  questionKeys: readonly string[],
): FormResult<ResponseFilters> {
  const text = (name: string) => (field(query, name) ?? '').trim()
  const values = Object.fromEntries(
    ['channel', 'status', 'from', 'to', 'reference', 'question', 'answer', 'flag'].map((n) => [n, text(n)]),
  )
  const errors: FieldErrors = {}
  const filters: ResponseFilters = {}
  const channel = channels.find((c) => c === values.channel)
  if (channel) filters.channel = channel
  const status = statuses.find((s) => s === values.status)
  if (status) filters.status = status
  const flag = flagFilters.find((f) => f === values.flag)
  if (flag) filters.flag = flag
  for (const name of ['from', 'to'] as const) {
    const value = values[name] ?? ''
    if (value === '') continue
    if (realDate(value)) filters[name] = value
    else errors[name] = t('validation.responseFilters.dateInvalid')
  }
  if (filters.from && filters.to && filters.to < filters.from)
    errors.to = t('validation.responseFilters.dateOrder')
  if (values.reference) {
    const reference = normaliseReference(values.reference)
    if (reference) filters.reference = reference
    else errors.reference = t('validation.responseFilters.referenceInvalid')
  }
  if (values.question && questionKeys.includes(values.question)) filters.question = values.question
  if (values.answer) {
    if (filters.question) filters.answer = values.answer
    else errors.question = t('validation.responseFilters.answerWithoutQuestion')
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: values as Record<string, string> }
  return { ok: true, value: filters }
}

/** Where a page of the list starts, as the page links write it; see `positionQuery`. */
export type ListPosition =
  | { at: 'newest' | 'oldest' }
  | { at: 'older-than' | 'newer-than'; submittedAt: string; id: string }

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
// A timestamp as PostgreSQL writes it as text, which the next page compares exactly.
const storedTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/

/**
 * The page's position from the query: `before` or `after` a row (its time and id, as a link
 * wrote them), or `oldest`; the newest page when missing or not what a link writes, as a
 * bookmark to a list that has moved on still opens.
 */
export function parseListPosition(query: unknown): ListPosition {
  if (field(query, 'at') === 'oldest') return { at: 'oldest' }
  for (const [name, at] of [
    ['after', 'older-than'],
    ['before', 'newer-than'],
  ] as const) {
    const value = field(query, name)
    if (!value) continue
    const split = value.lastIndexOf('_')
    const submittedAt = value.slice(0, split)
    const id = value.slice(split + 1)
    if (split > 0 && uuid.test(id) && storedTime.test(submittedAt)) return { at, submittedAt, id }
  }
  return { at: 'newest' }
}

/** The query naming a position, for a page link. */
export function positionQuery(position: ListPosition): [string, string] | undefined {
  if (!('id' in position)) return position.at === 'oldest' ? ['at', 'oldest'] : undefined
  return [position.at === 'older-than' ? 'after' : 'before', `${position.submittedAt}_${position.id}`]
}

export function parseReason(body: unknown, missingKey: string): FormResult<string> {
  const reason = (field(body, 'reason') ?? '').trim()
  if (!reason) return { ok: false, errors: { reason: t(missingKey) }, values: { reason } }
  if ([...reason].length > 1000) {
    return { ok: false, errors: { reason: t('validation.exclusion.reasonTooLong') }, values: { reason } }
  }
  return { ok: true, value: reason }
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function checkEmail(email: string): string | undefined {
  if (email === '') return t('validation.journey.emailMissing')
  if (email.length > 254 || !emailPattern.test(email)) return t('validation.journey.emailInvalid')
  return undefined
}

/** The email address to send a resume link to. */
export function parseEmailAddress(body: unknown): FormResult<string> {
  const email = (field(body, 'email') ?? '').trim()
  const error = checkEmail(email)
  return error ? { ok: false, errors: { email: error }, values: { email } } : { ok: true, value: email }
}

/** A resume code as typed: case, spaces and dashes do not matter. */
export function parseResumeCode(body: unknown): FormResult<string> {
  const typed = (field(body, 'code') ?? '').trim()
  const code = normaliseReference(typed)
  if (code) return { ok: true, value: code }
  const key = typed === '' ? 'validation.journey.codeMissing' : 'validation.journey.codeInvalid'
  return { ok: false, errors: { code: t(key) }, values: { code: typed } }
}

/**
 * The "about your response" page: for whom the person responds and, as the questionnaire asks,
 * who they are (name, email, phone, postcode, each optional, used to tell one person's repeats
 * apart) and, as a separate answer, whether they may be contacted (which needs an email address).
 */
export function parseRespondent(
  body: unknown,
  asks: { askOrganisation: boolean; askContact: boolean },
): FormResult<DraftRespondent> {
  const text = (name: string) => (field(body, name) ?? '').trim()
  const values = {
    responding_as: text('responding_as'),
    organisation: text('organisation'),
    consent: text('consent'),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    postcode: text('postcode'),
  }
  const errors: FieldErrors = {}
  const respondent: DraftRespondent = {}
  if (asks.askOrganisation) {
    if (values.responding_as === 'individual') respondent.respondingAs = 'individual'
    else if (values.responding_as === 'organisation') {
      respondent.respondingAs = 'organisation'
      if (values.organisation === '') errors.organisation = t('validation.journey.organisationMissing')
      else if ([...values.organisation].length > 300)
        errors.organisation = t('validation.journey.organisationTooLong')
      else respondent.respondingFor = values.organisation
    } else errors.responding_as = t('validation.journey.respondingAsMissing')
  }
  if (asks.askContact) {
    const parsed = parseIdentity(values)
    Object.assign(errors, parsed.errors)
    for (const key of identityFields) {
      const value = parsed.identity[key]
      if (value !== null) respondent[key] = value
    }
    respondent.consentToContact = values.consent === 'yes'
    if (respondent.consentToContact && parsed.identity.email === null && !errors.email)
      errors.email = t('validation.identity.contactNeedsEmail')
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: respondent }
}
