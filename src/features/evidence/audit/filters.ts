import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { isRecordId } from '../../../platform/http/schemas.js'
import { t } from '../../../platform/i18n/translate.js'

/** What the audit view is filtered by; every part is optional. */
export interface AuditFilters {
  consultationId?: string
  /** The id of the record the entries are about (a response, a paper return, a consultation…). */
  record?: string
  /** Who did it: a staff member's email, or `public` or `system`. */
  person?: string
  action?: string
  /** Europe/London calendar dates, inclusive. */
  from?: string
  to?: string
  /** Keyset paging: entries before this sequence number. */
  before?: string
}

const names = ['consultation', 'record', 'person', 'action', 'from', 'to', 'before'] as const
const isoDate = /^\d{4}-\d{2}-\d{2}$/
const realDate = (s: string) => isoDate.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)

/** The audit view's filters from the query string, with a message for each one that cannot be used. */
export function parseAuditFilters(query: unknown): FormResult<AuditFilters> {
  const values = Object.fromEntries(names.map((n) => [n, (field(query, n) ?? '').trim()])) as Record<
    (typeof names)[number],
    string
  >
  const errors: FieldErrors = {}
  const filters: AuditFilters = {}
  if (values.consultation) {
    if (isRecordId(values.consultation)) filters.consultationId = values.consultation.toLowerCase()
    else errors.consultation = t('validation.audit.consultationInvalid')
  }
  if (values.record) {
    if (values.record.length <= 200) filters.record = values.record
    else errors.record = t('validation.audit.recordTooLong')
  }
  if (values.person) {
    if (values.person.length <= 320) filters.person = values.person.toLowerCase()
    else errors.person = t('validation.audit.personTooLong')
  }
  if (values.action) {
    if (/^[a-z_.-]{1,100}$/.test(values.action)) filters.action = values.action
    else errors.action = t('validation.audit.actionInvalid')
  }
  for (const name of ['from', 'to'] as const) {
    if (values[name] === '') continue
    if (realDate(values[name])) filters[name] = values[name]
    else errors[name] = t('validation.audit.dateInvalid')
  }
  if (filters.from && filters.to && filters.to < filters.from) errors.to = t('validation.audit.dateOrder')
  // A page link the app made; anything else starts again from the newest entry.
  if (/^\d{1,18}$/.test(values.before)) filters.before = values.before
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: filters }
}
