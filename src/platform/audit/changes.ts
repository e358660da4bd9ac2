import { stringify } from 'safe-stable-stringify'
import type { FieldChange } from './audit-log.js'

/** A value as the audit stores it: JSON, with dates as ISO strings. */
const asStored = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(stringify(value) ?? 'null')

/**
 * The fields whose values differ between `before` and `after`, each with both values, for an audit
 * entry's `changes`. Fields the same on both sides are left out, so an entry shows only what moved.
 */
export function changedFields<T extends object>(before: T, after: T): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {}
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const key of keys) {
    const was = asStored((before as Record<string, unknown>)[key])
    const now = asStored((after as Record<string, unknown>)[key])
    if (stringify(was) !== stringify(now)) changes[key] = { before: was, after: now }
  }
  return changes
}
