import type { FieldErrors } from '../errors.js'
import { type FormResult, field } from '../http/forms.js'
import { t } from '../i18n/translate.js'

export interface SignInForm {
  email: string
  password: string
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function parseSignInForm(body: unknown): FormResult<SignInForm> {
  const email = (field(body, 'email') ?? '').trim()
  const password = field(body, 'password') ?? ''
  const errors: FieldErrors = {}
  if (!email) errors.email = t('validation.signIn.emailMissing')
  else if (!emailPattern.test(email) || email.length > 254) errors.email = t('validation.signIn.emailInvalid')
  if (!password) errors.password = t('validation.signIn.passwordMissing')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: { email } }
  return { ok: true, value: { email, password } }
}

/** Only a path inside the admin side is followed after sign-in, never another site. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string') return '/admin'
  return /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.includes('//') ? next : '/admin'
}
