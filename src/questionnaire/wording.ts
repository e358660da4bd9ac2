import { isDeepStrictEqual } from 'node:util'

// What counts as a wording fix on a published questionnaire: only the words people read change.
// Keys, types, option values, routing, limits and whether a question is required stay as they
// were, so every response already given still means what it meant. The same rule is enforced by
// the database (migration 0007, `heard_questionnaire_structure`), which strips the same fields.

/** The fields that hold words shown to people, and nothing else. */
export const wordingFields = ['title', 'hint', 'label', 'lowLabel', 'highLabel', 'translations'] as const

const isWording = (name: string) => (wordingFields as readonly string[]).includes(name)

/** The definition with every wording field removed: what answers depend on. */
export function structureOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structureOf)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name, v]) => !isWording(name) && v !== undefined)
        .map(([name, v]) => [name, structureOf(v)]),
    )
  }
  return value
}

/** True when `after` differs from `before` in wording only (or not at all). */
export function isWordingOnly(before: unknown, after: unknown): boolean {
  return isDeepStrictEqual(structureOf(before), structureOf(after))
}

export interface WordingChange {
  path: string
  before: unknown
  after: unknown
}

/** Each wording that changed, by its path in the definition, with its old and new text. */
export function wordingChanges(before: unknown, after: unknown, path = ''): WordingChange[] {
  if (isDeepStrictEqual(before, after)) return []
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  if (Array.isArray(before) && Array.isArray(after)) {
    return before.flatMap((b, i) => wordingChanges(b, after[i], `${path}[${i}]`))
  }
  if (isObject(before) && isObject(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    return names.flatMap((name) => {
      const at = path ? `${path}.${name}` : name
      if (isWording(name) && !isDeepStrictEqual(before[name], after[name]))
        return [{ path: at, before: before[name], after: after[name] }]
      return wordingChanges(before[name], after[name], at)
    })
  }
  return [{ path, before, after }]
}
