/** How a person is looked up: the identifiers Heard stores for respondents. */
export type SearchKind = 'email' | 'phone' | 'reference'

export interface SearchTerms {
  emails: string[]
  phones: string[]
  references: string[]
}

/** A UK number as stored digits: +44 7700 900123 and 07700 900123 are the same phone. */
export function phoneDigits(phone: string): string[] {
  const digits = phone.replace(/\D/g, '')
  if (digits.startsWith('44')) return [digits, `0${digits.slice(2)}`]
  if (digits.startsWith('0')) return [digits, `44${digits.slice(1)}`]
  return digits ? [digits] : []
}

export function termsFor(kind: SearchKind, value: string): SearchTerms {
  const terms: SearchTerms = { emails: [], phones: [], references: [] }
  if (kind === 'email') terms.emails.push(value.trim().toLowerCase())
  else if (kind === 'phone') terms.phones.push(...phoneDigits(value))
  else terms.references.push(value.trim().toUpperCase())
  return terms
}

/**
 * The terms widened by the contact details found with them, so that a receipt reference also finds
 * what the same person sent under the email address or phone number on that response.
 */
export function widenTerms(terms: SearchTerms, contacts: { email: string | null; phone: string | null }[]) {
  const emails = new Set(terms.emails)
  const phones = new Set(terms.phones)
  for (const contact of contacts) {
    if (contact.email) emails.add(contact.email.trim().toLowerCase())
    if (contact.phone) for (const digits of phoneDigits(contact.phone)) phones.add(digits)
  }
  return { emails: [...emails], phones: [...phones], references: terms.references }
}

/** Replaces each identifier of the person where it appears in text, whatever its case. */
export function eraseIdentifiers(text: string, identifiers: readonly string[], mark: string): string {
  let out = text
  for (const identifier of identifiers) {
    if (identifier.trim().length < 3) continue
    const escaped = identifier.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    out = out.replace(new RegExp(escaped, 'gi'), mark)
  }
  return out
}
