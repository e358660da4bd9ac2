import { createHash } from 'node:crypto'
import { stringify } from 'safe-stable-stringify'

// The audit chain as plain computation: what an entry's hash covers, how entries are linked, and
// where a run of stored entries stops holding. audit-log.ts reads and writes them; this decides.

export interface AuditActor {
  userId: string | null
  /** Who did it, in words: an email for staff, "public" or "system" otherwise. */
  label: string
}

/** What a change did to one field: its value before and after. */
export interface FieldChange {
  before: unknown
  after: unknown
}

export interface AuditEntry {
  actor: AuditActor
  action: string
  entityType: string
  entityId: string
  details?: Record<string, unknown>
  /**
   * The fields a change altered, before and after (see `changedFields`). Kept in the details under
   * `changes`, so they are hashed with the entry and the chain's format stays as it was.
   */
  changes?: Record<string, FieldChange>
}

/** The link the first entry of a chain points back to. */
export const genesisHash = '0'.repeat(64)
/** What an entry's hash covers, besides the hash before it. */
export interface ChainedFields {
  occurredAt: string
  actorUserId: string | null
  actorLabel: string
  action: string
  entityType: string
  entityId: string
  details: Record<string, unknown>
}

export function auditHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(stringify(fields) ?? '')
    .digest('hex')
}

/** What the hash of `entry`, made at `now`, covers. */
export const chainedFields = (entry: AuditEntry, now: Date): ChainedFields => ({
  occurredAt: now.toISOString(),
  actorUserId: entry.actor.userId,
  actorLabel: entry.actor.label,
  action: entry.action,
  entityType: entry.entityType,
  entityId: entry.entityId,
  details: entry.changes ? { ...entry.details, changes: entry.changes } : (entry.details ?? {}),
})

/** The fields of a stored entry that its hash covers, as they were when it was chained. */
export const chainedFieldsOf = (row: {
  occurred_at: Date | string
  actor_user_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string
  details: Record<string, unknown>
}): ChainedFields => ({
  occurredAt: new Date(row.occurred_at).toISOString(),
  actorUserId: row.actor_user_id,
  actorLabel: row.actor_label,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  details: row.details,
})

/** An entry's columns, as audit_pending keeps them and audit_log adds its chain to. */
export const entryColumns = (fields: ChainedFields) => ({
  occurred_at: new Date(fields.occurredAt),
  actor_user_id: fields.actorUserId,
  actor_label: fields.actorLabel,
  action: fields.action,
  entity_type: fields.entityType,
  entity_id: fields.entityId,
  details: JSON.stringify(fields.details),
})

/** The audit_log rows for `entries` in order, each chained to the one before, the first to `prevHash`. */
export function chainRows(prevHash: string, entries: ChainedFields[]) {
  let previous = prevHash
  return entries.map((fields) => {
    const hash = auditHash(previous, fields)
    const row = {
      ...entryColumns(fields),
      prev_hash: previous,
      hash,
    }
    previous = hash
    return row
  })
}

/** A stored entry as the chain check reads it. */
export type StoredEntry = Parameters<typeof chainedFieldsOf>[0] & {
  seq: string | number | bigint
  prev_hash: string
  hash: string
}

export interface ChainPageCheck {
  /** How many entries hold, from the first of the page. */
  checked: number
  /** The hash of the last entry that holds (`prevHash` when none does). */
  headHash: string
  /** The first entry that does not hold, and whether its link or its own hash is wrong. */
  broken?: { seq: string; because: 'link' | 'hash' }
}

/** Checks stored entries in order, the first against `prevHash`, up to the first that does not hold. */
export function checkChainPage(prevHash: string, entries: readonly StoredEntry[]): ChainPageCheck {
  let headHash = prevHash
  let checked = 0
  for (const entry of entries) {
    if (entry.prev_hash !== headHash)
      return { checked, headHash, broken: { seq: String(entry.seq), because: 'link' } }
    if (entry.hash !== auditHash(headHash, chainedFieldsOf(entry)))
      return { checked, headHash, broken: { seq: String(entry.seq), because: 'hash' } }
    headHash = entry.hash
    checked++
  }
  return { checked, headHash }
}
