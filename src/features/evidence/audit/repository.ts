import type { Kysely } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

// SQL for reading the audit log: one page of entries by keyset, newest first, and the entries in
// chain order for an export. Both read by index: (consultation_id, seq), (entity_id, seq),
// (actor_user_id, seq), (action, seq) or the primary key.

export interface AuditQuery {
  consultationId?: string
  record?: string
  actorUserId?: string
  actorLabel?: string
  action?: string
  from?: Date
  to?: Date
  beforeSeq?: string
}

const entryColumns = [
  'seq',
  'occurred_at',
  'actor_user_id',
  'actor_label',
  'action',
  'entity_type',
  'entity_id',
  'details',
  'prev_hash',
  'hash',
  'consultation_id',
] as const

/** Up to `limit` entries matching the query, newest first. */
export function listAuditEntries(db: Kysely<Database>, query: AuditQuery, limit: number) {
  let q = db.selectFrom('audit_log').select(entryColumns)
  if (query.consultationId) q = q.where('consultation_id', '=', query.consultationId)
  if (query.record) q = q.where('entity_id', '=', query.record)
  if (query.actorUserId) q = q.where('actor_user_id', '=', query.actorUserId)
  if (query.actorLabel) q = q.where('actor_label', '=', query.actorLabel).where('actor_user_id', 'is', null)
  if (query.action) q = q.where('action', '=', query.action)
  if (query.from) q = q.where('occurred_at', '>=', query.from)
  if (query.to) q = q.where('occurred_at', '<', query.to)
  if (query.beforeSeq) q = q.where('seq', '<', query.beforeSeq)
  return q.orderBy('seq', 'desc').limit(limit).execute()
}

/** A page of entries in chain order after `afterSeq`, all or one consultation's. */
export function chainPage(
  db: Kysely<Database>,
  options: { consultationId?: string; afterSeq: string; limit: number },
) {
  let q = db.selectFrom('audit_log').select(entryColumns).where('seq', '>', options.afterSeq)
  if (options.consultationId) q = q.where('consultation_id', '=', options.consultationId)
  return q.orderBy('seq').limit(options.limit).execute()
}

export function findUserIdByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.fn('lower', ['email']), '=', email)
    .executeTakeFirst()
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>[number]
