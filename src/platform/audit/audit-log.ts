import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { stringify } from 'safe-stable-stringify'
import type { Database } from '../db/schema.js'

export interface AuditActor {
  userId: string | null
  /** Who did it, in words: an email for staff, "public" or "system" otherwise. */
  label: string
}

export interface AuditEntry {
  actor: AuditActor
  action: string
  entityType: string
  entityId: string
  details?: Record<string, unknown>
}

export const systemActor: AuditActor = { userId: null, label: 'system' }
export const publicActor: AuditActor = { userId: null, label: 'public' }

const genesisHash = '0'.repeat(64)
// One lock for the chain: entries must be written one after another to know their predecessor.
const auditChainLock = 7_140_001

interface ChainedFields {
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

/** Appends to the audit log inside the caller's transaction, chained to the entry before it. */
export async function recordAudit(trx: Kysely<Database>, entry: AuditEntry, now: Date = new Date()) {
  await sql`select pg_advisory_xact_lock(${auditChainLock})`.execute(trx)
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const prevHash = last?.hash ?? genesisHash
  const fields: ChainedFields = {
    occurredAt: now.toISOString(),
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ?? {},
  }
  await trx
    .insertInto('audit_log')
    .values({
      occurred_at: now,
      actor_user_id: fields.actorUserId,
      actor_label: fields.actorLabel,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      details: JSON.stringify(fields.details),
      prev_hash: prevHash,
      hash: auditHash(prevHash, fields),
    })
    .execute()
}

export interface ChainCheck {
  checked: number
  brokenAtSeq: string | undefined
}

/** Recomputes every hash in order; the first entry whose hash or link does not match breaks the chain. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 1000): Promise<ChainCheck> {
  let prevHash = genesisHash
  let afterSeq = '0'
  let checked = 0
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    if (rows.length === 0) return { checked, brokenAtSeq: undefined }
    for (const row of rows) {
      const expected = auditHash(prevHash, {
        occurredAt: new Date(row.occurred_at).toISOString(),
        actorUserId: row.actor_user_id,
        actorLabel: row.actor_label,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        details: row.details,
      })
      if (row.prev_hash !== prevHash || row.hash !== expected)
        return { checked, brokenAtSeq: String(row.seq) }
      prevHash = row.hash
      afterSeq = String(row.seq)
      checked++
    }
  }
}
