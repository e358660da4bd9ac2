import type { Role } from '../../db/schema.js'
import type { FieldErrors } from '../../errors.js'
import { type FormResult, field } from '../../http/forms.js'
import { t } from '../../i18n/translate.js'
import { isRole } from '../roles.js'
import type { Invitation } from './service.js'

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// Length is what makes a password strong (NCSC); no rules on kinds of character.
export const minimumPasswordLength = 12
const maximumPasswordLength = 256

/** Every value of a field a form may repeat, such as checkboxes. */
function fieldValues(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return []
  const value = (body as Record<string, unknown>)[name]
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function parseRoles(body: unknown, errors: FieldErrors): Role[] {
  const roles = fieldValues(body, 'roles').filter(isRole)
  if (roles.length === 0) errors.roles = t('validation.staff.rolesMissing')
  return [...new Set(roles)]
}

export function parseInviteForm(body: unknown, organisationIds: readonly string[]): FormResult<Invitation> {
  const email = (field(body, 'email') ?? '').trim()
  const displayName = (field(body, 'displayName') ?? '').trim()
  const organisationId = (field(body, 'organisationId') ?? '').trim()
  const errors: FieldErrors = {}
  if (!displayName) errors.displayName = t('validation.staff.nameMissing')
  else if (displayName.length > 200) errors.displayName = t('validation.staff.nameTooLong')
  if (!email) errors.email = t('validation.staff.emailMissing')
  else if (!emailPattern.test(email) || email.length > 254) errors.email = t('validation.staff.emailInvalid')
  const roles = parseRoles(body, errors)
  if (organisationId && !organisationIds.includes(organisationId))
    errors.organisationId = t('validation.staff.organisationUnknown')
  else if (roles.includes('partner_collector') && !organisationId)
    errors.organisationId = t('validation.staff.organisationMissing')
  const values = { email, displayName, organisationId, roles: fieldValues(body, 'roles').join(',') }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: { email, displayName, roles, ...(organisationId ? { organisationId } : {}) } }
}

export function parseRolesForm(body: unknown): FormResult<Role[]> {
  const errors: FieldErrors = {}
  const roles = parseRoles(body, errors)
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: { roles: roles.join(',') } }
  return { ok: true, value: roles }
}

function checkNewPassword(body: unknown, errors: FieldErrors): string {
  const password = field(body, 'password') ?? ''
  const confirm = field(body, 'confirm') ?? ''
  if (!password) errors.password = t('validation.staff.passwordMissing')
  else if ([...password].length < minimumPasswordLength)
    errors.password = t('validation.staff.passwordTooShort', { n: minimumPasswordLength })
  else if ([...password].length > maximumPasswordLength)
    errors.password = t('validation.staff.passwordTooLong')
  else if (password !== confirm) errors.confirm = t('validation.staff.passwordsDiffer')
  return password
}

export function parseNewPasswordForm(body: unknown): FormResult<string> {
  const errors: FieldErrors = {}
  const password = checkNewPassword(body, errors)
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: {} }
  return { ok: true, value: password }
}

export function parseChangePasswordForm(body: unknown): FormResult<{ current: string; password: string }> {
  const errors: FieldErrors = {}
  const current = field(body, 'current') ?? ''
  if (!current) errors.current = t('validation.staff.currentMissing')
  const password = checkNewPassword(body, errors)
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: {} }
  return { ok: true, value: { current, password } }
}
