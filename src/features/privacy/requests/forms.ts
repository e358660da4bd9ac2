import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import type { SearchKind } from './search-terms.js'
import type { PersonQuery } from './service.js'

const kinds: readonly SearchKind[] = ['email', 'phone', 'reference']
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function parsePersonQuery(body: unknown): FormResult<PersonQuery> {
  const kind = field(body, 'kind')
  const value = (field(body, 'value') ?? '').trim()
  const values = { kind: kind ?? '', value }
  const errors: FieldErrors = {}
  if (!kind || !(kinds as readonly string[]).includes(kind))
    errors.kind = t('validation.personalData.kindMissing')
  else if (!value) errors.value = t(`validation.personalData.${kind}Missing`)
  else if (value.length > 254) errors.value = t('validation.personalData.valueTooLong')
  else if (kind === 'email' && !emailPattern.test(value))
    errors.value = t('validation.personalData.emailInvalid')
  else if (kind === 'phone' && value.replace(/\D/g, '').length < 6)
    errors.value = t('validation.personalData.phoneInvalid')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: { kind: kind as SearchKind, value } }
}

export function parseErasureForm(body: unknown): FormResult<{ query: PersonQuery; reason: string }> {
  const query = parsePersonQuery(body)
  const reason = (field(body, 'reason') ?? '').trim()
  const errors: FieldErrors = query.ok ? {} : { ...query.errors }
  if (!reason) errors.reason = t('validation.personalData.reasonMissing')
  else if (reason.length > 500) errors.reason = t('validation.personalData.reasonTooLong')
  if (field(body, 'confirm') !== 'yes') errors.confirm = t('validation.personalData.confirmMissing')
  if (!query.ok || Object.keys(errors).length > 0)
    return {
      ok: false,
      errors,
      values: { ...(query.ok ? { kind: query.value.kind, value: query.value.value } : query.values), reason },
    }
  return { ok: true, value: { query: query.value, reason } }
}
