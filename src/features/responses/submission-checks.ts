import { answerField } from './answer-validation.js'

// Checks on a submission's envelope (what it claims to answer), before its answers are checked.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuidPattern.test(value)

export type EnvelopeCheck =
  | { ok: true; submissionKey: string }
  /** `otherVersion`: a well-formed version id that is not the one open now, for the caller to look up. */
  | { ok: false; problem: 'malformed' }
  | { ok: false; problem: 'otherVersion'; versionId: string }

export function checkEnvelope(body: Record<string, unknown>, currentVersionId: string): EnvelopeCheck {
  const { submission_key: submissionKey, version_id: versionId } = body
  if (!isUuid(submissionKey) || !isUuid(versionId)) return { ok: false, problem: 'malformed' }
  if (versionId !== currentVersionId) return { ok: false, problem: 'otherVersion', versionId }
  return { ok: true, submissionKey }
}

/** What was typed into answer fields, to show again on the form: strings and lists of strings only. */
export function typedValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  const prefix = answerField('')
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith(prefix)) continue
    if (typeof value === 'string') values[name] = value
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) values[name] = value
  }
  return values
}
