import type { AnswerValue } from '../../platform/db/schema.js'
import { redact } from '../analysis/index.js'
import { eraseIdentifiers } from './requests/search-terms.js'

export const erasedMark = '[erased]'

// Choices are stored as short keys without spaces; only text someone wrote has spaces, so only it
// goes through the redactor (which might otherwise take a key for a name).
const isWrittenText = (value: string) => /\s/.test(value.trim())

/**
 * The answers with the person's own identifiers erased wherever they appear, and any other personal
 * data in free text (names, emails, phones, postcodes, addresses) replaced by the redactor's marks.
 * Returns undefined when nothing changed, so unchanged responses are not written.
 */
export function scrubAnswers(
  answers: Record<string, AnswerValue>,
  identifiers: readonly string[],
): Record<string, AnswerValue> | undefined {
  let changed = false
  const scrubText = (value: string) => {
    const erased = eraseIdentifiers(value, identifiers, erasedMark)
    const out = isWrittenText(erased) ? redact(erased).text : erased
    if (out !== value) changed = true
    return out
  }
  const scrubbed: Record<string, AnswerValue> = {}
  for (const [key, value] of Object.entries(answers)) {
    scrubbed[key] =
      typeof value === 'string' ? scrubText(value) : Array.isArray(value) ? value.map(scrubText) : value
  }
  return changed ? scrubbed : undefined
}

export function scrubText(text: string, identifiers: readonly string[]): string {
  const erased = eraseIdentifiers(text, identifiers, erasedMark)
  return isWrittenText(erased) ? redact(erased).text : erased
}
