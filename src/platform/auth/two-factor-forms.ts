import type { Role } from '../db/schema.js'
import type { FieldErrors } from '../errors.js'
import { hasControlCharacters } from '../http/form-fields.js'
import { type FormResult, field } from '../http/forms.js'
import { t } from '../i18n/translate.js'
import { isRole } from './roles.js'

export function parseCodeForm(body: unknown, missingKey: string): FormResult<string> {
  const code = (field(body, 'code') ?? '').trim()
  if (!code || code.length > 40) return { ok: false, errors: { code: t(missingKey) }, values: {} }
  return { ok: true, value: code }
}

/** The roles ticked; none at all is allowed, and means nobody is made to use two-factor sign-in. */
export function parseRequiredRolesForm(body: unknown): FormResult<Role[]> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).roles : undefined
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  if (!values.every((v): v is Role => typeof v === 'string' && isRole(v)))
    return { ok: false, errors: { roles: t('validation.twoFactor.rolesInvalid') }, values: {} }
  return { ok: true, value: [...new Set(values)] }
}

export function parseResetForm(body: unknown): FormResult<string> {
  const reason = (field(body, 'reason') ?? '').trim()
  const errors: FieldErrors = {}
  if (!reason) errors.reason = t('validation.twoFactor.resetReasonMissing')
  else if (reason.length > 500) errors.reason = t('validation.twoFactor.resetReasonTooLong')
  if (errors.reason) return { ok: false, errors, values: { reason } }
  return { ok: true, value: reason }
}

const keyNameMaxLength = 60

/** A new key's name, and the browser's answer (empty when the browser gave none). */
export function parseNewKeyForm(body: unknown): FormResult<{ name: string; credential: string }> {
  const name = (field(body, 'name') ?? '').trim()
  const credential = field(body, 'credential') ?? ''
  if (!name)
    return { ok: false, errors: { name: t('validation.twoFactor.keyNameMissing') }, values: { name } }
  if (!name.isWellFormed() || hasControlCharacters(name))
    return { ok: false, errors: { name: t('validation.twoFactor.keyNameInvalid') }, values: { name } }
  if ([...name].length > keyNameMaxLength)
    return { ok: false, errors: { name: t('validation.twoFactor.keyNameTooLong') }, values: { name } }
  return { ok: true, value: { name, credential } }
}
