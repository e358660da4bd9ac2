import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.js'
import {
  type AuditActor,
  type AuditEntry,
  chainedFields,
  chainedFieldsOf,
  chainRows,
  checkChainPage,
  entryColumns,
  genesisHash,
} from './audit-chain.js'

export {
  type AuditActor,
  type AuditEntry,
  auditHash,
  type ChainedFields,
  chainedFieldsOf,
  type FieldChange,
  genesisHash,
} from './audit-chain.js'

export const systemActor: AuditActor = { userId: null, label: 'system' }
export const publicActor: AuditActor = { userId: null, label: 'public' }

// One lock for the chain: entries must be written one after another to know their predecessor.
const auditChainLock = 7_140_001

/** Takes the chain's lock for the rest of the transaction and returns the hash to chain on to. */
async function lockChain(trx: Kysely<Database>): Promise<string> {
  await sql`select pg_advisory_xact_lock(${auditChainLock})`.execute(trx)
  // A statement after the lock's, so that its snapshot holds every entry chained before.
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return last?.hash ?? genesisHash
}

/**
 * Appends to the audit log inside the caller's transaction, chained to the entry before it. The
 * chain's lock is held until the caller commits: for occasional staff actions; busy public writes
 * use `queueAudit`.
 */
export async function recordAudit(trx: Kysely<Database>, entry: AuditEntry, now: Date = new Date()) {
  const prevHash = await lockChain(trx)
  await trx
    .insertInto('audit_log')
    .values(chainRows(prevHash, [chainedFields(entry, now)]))
    .execute()
}

/**
 * `recordAudit` for one feature's actions, named `<feature>.<action>` and stamped with the
 * feature's clock.
 */
export function featureAudit(feature: string, now: () => Date) {
  return (
    trx: Kysely<Database>,
    actor: AuditActor,
    action: string,
    entity: { type: string; id: string },
    details: Record<string, unknown>,
  ) =>
    recordAudit(
      trx,
      { actor, action: `${feature}.${action}`, entityType: entity.type, entityId: entity.id, details },
      now(),
    )
}

/**
 * Writes the entry inside the caller's transaction, so it stands or falls with the change, without
 * the chain's lock: concurrent writers do not wait for one another's commits. `sealAuditEntries`
 * chains it into audit_log soon after.
 */
export async function queueAudit(trx: Kysely<Database>, entry: AuditEntry, now: Date = new Date()) {
  await trx
    .insertInto('audit_pending')
    .values(entryColumns(chainedFields(entry, now)))
    .execute()
}

/**
 * The statement queueing `entry` for each row of `source` (a CTE of the caller's statement, whose
 * `id` column is the entity's id): to queue the entry in the statement that writes the entity,
 * so that both stand or fall together without a transaction's extra round trips.
 */
export function queueAuditFrom(source: string, entry: Omit<AuditEntry, 'entityId'>, now: Date) {
  const fields = chainedFields({ ...entry, entityId: '' }, now)
  return sql`
    insert into audit_pending (occurred_at, actor_user_id, actor_label, action, entity_type, entity_id, details)
    select ${now}::timestamptz, ${fields.actorUserId}::uuid, ${fields.actorLabel}, ${fields.action},
      ${fields.entityType}, ${sql.ref(`${source}.id`)}::text, ${JSON.stringify(fields.details)}::jsonb
    from ${sql.table(source)}
  `
}

/**
 * Moves queued entries into the chain, oldest first, in batches: each batch is taken from the
 * queue and appended in one transaction, so an entry is always in exactly one of the two.
 * Returns how many were sealed.
 */
export async function sealAuditEntries(db: Kysely<Database>, batchSize = 500): Promise<number> {
  let sealed = 0
  for (;;) {
    const moved = await db.transaction().execute(async (trx) => {
      // Committed without waiting for the disk: the move is atomic, so a crash can only leave the
      // batch queued (to be sealed again), and the WAL is written in order, so any later commit
      // that reaches the disk brings this one with it and the chain never loses a link.
      await sql`select pg_advisory_xact_lock(${auditChainLock}), set_config('synchronous_commit', 'off', true)`.execute(
        trx,
      )
      // The batch and the hash to chain it on to in one statement (after the lock's, so its snapshot
      // holds every entry chained before): a round trip fewer per batch.
      const taken = await trx
        .with('taken', (qc) =>
          qc
            .deleteFrom('audit_pending')
            .where('id', 'in', (eb) =>
              eb.selectFrom('audit_pending').select('id').orderBy('id').limit(batchSize),
            )
            .returningAll(),
        )
        .selectFrom('taken')
        .selectAll('taken')
        .select((eb) =>
          eb.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).as('last_hash'),
        )
        .execute()
      const prevHash = taken[0]?.last_hash ?? genesisHash
      if (taken.length === 0) return 0
      taken.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      const entries = taken.map(chainedFieldsOf)
      await trx.insertInto('audit_log').values(chainRows(prevHash, entries)).execute()
      return taken.length
    })
    sealed += moved
    if (moved < batchSize) return sealed
  }
}

export interface ChainCheck {
  checked: number
  brokenAtSeq: string | undefined
  /** Why that entry breaks it: its link to the one before, or its own hash. */
  brokenBecause?: 'link' | 'hash'
  /** The last good hash: written down somewhere else, it shows later that nothing before it was rewritten. */
  headHash: string
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
    if (rows.length === 0) return { checked, brokenAtSeq: undefined, headHash: prevHash }
    const page = checkChainPage(prevHash, rows)
    checked += page.checked
    if (page.broken)
      return {
        checked,
        brokenAtSeq: page.broken.seq,
        brokenBecause: page.broken.because,
        headHash: page.headHash,
      }
    prevHash = page.headHash
    afterSeq = String(rows[rows.length - 1]?.seq)
  }
}
