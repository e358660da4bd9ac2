import { t } from '../i18n/translate.js'
import { normaliseEmail, normalisePhone, normalisePostcode } from './normalise.js'

// Who someone says they are, as every channel that asks takes it: each detail optional, kept as
// written (trimmed) apart from the answers, and checked only so that what is kept can be read.
// Consent to be contacted is a separate answer: details given only to tell repeats apart are
// never used to contact anyone.

export interface RespondentIdentity {
  name: string | null
  email: string | null
  phone: string | null
  postcode: string | null
}

export const identityFields = ['name', 'email', 'phone', 'postcode'] as const
export type IdentityField = (typeof identityFields)[number]

export const noIdentity: RespondentIdentity = { name: null, email: null, phone: null, postcode: null }

/** True when at least one detail was given. */
export const hasIdentity = (identity: RespondentIdentity) => identityFields.some((f) => identity[f] !== null)

/**
 * The details as typed (each may be blank), with an error for each one given that cannot be
 * read: an email address, a phone number or a UK postcode in the wrong form, a name too long.
 */
export function parseIdentity(values: Partial<Record<IdentityField, string>>): {
  identity: RespondentIdentity
  errors: Partial<Record<IdentityField, string>>
} {
  const text = (v: string | undefined) => {
    const trimmed = (v ?? '').trim()
    return trimmed === '' ? null : trimmed
  }
  const identity: RespondentIdentity = {
    name: text(values.name),
    email: text(values.email),
    phone: text(values.phone),
    postcode: text(values.postcode),
  }
  const errors: Partial<Record<IdentityField, string>> = {}
  if (identity.name !== null && [...identity.name].length > 200)
    errors.name = t('validation.identity.nameTooLong')
  if (identity.email !== null && (identity.email.length > 254 || normaliseEmail(identity.email) === null))
    errors.email = t('validation.identity.emailInvalid')
  if (identity.phone !== null && (identity.phone.length > 40 || normalisePhone(identity.phone) === null))
    errors.phone = t('validation.identity.phoneInvalid')
  if (identity.postcode !== null && normalisePostcode(identity.postcode) === null)
    errors.postcode = t('validation.identity.postcodeInvalid')
  return { identity, errors }
}
