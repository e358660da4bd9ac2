import { type Kysely, sql } from 'kysely'
import { bytesValue, hexOf, withContent } from '../../../platform/db/bytes.js'
import type { AnswerValue, Database, PaperReturnStatus } from '../../../platform/db/schema.js'

// SQL for paper entry, double entry and late returns. Every function takes a db or a transaction.

export function setDoubleEntry(db: Kysely<Database>, consultationId: string, on: boolean) {
  return db
    .updateTable('consultations')
    .set({ paper_double_entry: on })
    .where('id', '=', consultationId)
    .executeTakeFirst()
}

export async function isDoubleEntry(db: Kysely<Database>, consultationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('consultations')
    .select('paper_double_entry')
    .where('id', '=', consultationId)
    .executeTakeFirst()
  return row?.paper_double_entry ?? false
}

/** The paper with this reference, locked for the rest of the transaction; made if it is new. */
export async function claimPaperReturn(
  trx: Kysely<Database>,
  paper: { consultationId: string; versionId: string; reference: string; doubleEntry: boolean },
) {
  const made = await trx
    .insertInto('paper_returns')
    .values({
      consultation_id: paper.consultationId,
      questionnaire_version_id: paper.versionId,
      paper_reference: paper.reference,
      double_entry: paper.doubleEntry,
      status: 'awaiting_second',
    })
    .onConflict((oc) => oc.columns(['consultation_id', 'paper_reference']).doNothing())
    .returning('id')
    .executeTakeFirst()
  const row = await trx
    .selectFrom('paper_returns')
    .selectAll()
    .where('consultation_id', '=', paper.consultationId)
    .where('paper_reference', '=', paper.reference)
    .forUpdate()
    .executeTakeFirstOrThrow()
  return { ...row, isNew: made !== undefined }
}

export function lockPaperReturn(trx: Kysely<Database>, id: string) {
  return trx.selectFrom('paper_returns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function findPaperReturn(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('paper_returns')
    .innerJoin('consultations', 'consultations.id', 'paper_returns.consultation_id')
    .selectAll('paper_returns')
    .select('consultations.title as consultation_title')
    .where('paper_returns.id', '=', id)
    .executeTakeFirst()
}

export function listKeyings(db: Kysely<Database>, paperReturnId: string) {
  return db
    .selectFrom('paper_keyings')
    .innerJoin('users', 'users.id', 'paper_keyings.keyed_by')
    .leftJoin('paper_scans', 'paper_scans.keying_id', 'paper_keyings.id')
    .select([
      'paper_keyings.id',
      'paper_keyings.copy',
      'paper_keyings.keyed_by',
      'paper_keyings.keyed_at',
      'paper_keyings.batch',
      'paper_keyings.answers',
      'users.display_name as keyed_by_name',
      'paper_scans.media_type as scan_media_type',
    ])
    .select(sql<string>`paper_keyings.received_on::text`.as('received_on'))
    .where('paper_return_id', '=', paperReturnId)
    .orderBy('copy')
    .execute()
}

export async function insertKeying(
  trx: Kysely<Database>,
  keying: {
    paperReturnId: string
    copy: 1 | 2
    keyedBy: string
    keyedAt: Date
    receivedOn: string
    batch: string
    answers: Record<string, AnswerValue>
  },
) {
  const row = await trx
    .insertInto('paper_keyings')
    .values({
      paper_return_id: keying.paperReturnId,
      copy: keying.copy,
      keyed_by: keying.keyedBy,
      keyed_at: keying.keyedAt,
      received_on: keying.receivedOn,
      batch: keying.batch,
      answers: JSON.stringify(keying.answers),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function insertScan(
  trx: Kysely<Database>,
  scan: { keyingId: string; mediaType: string; sha256: string; content: Buffer },
) {
  return trx
    .insertInto('paper_scans')
    .values({
      keying_id: scan.keyingId,
      media_type: scan.mediaType,
      byte_size: scan.content.length,
      sha256: scan.sha256,
      content: bytesValue(scan.content),
    })
    .execute()
}

export async function findScan(db: Kysely<Database>, keyingId: string) {
  const row = await db
    .selectFrom('paper_scans')
    .innerJoin('paper_keyings', 'paper_keyings.id', 'paper_scans.keying_id')
    .innerJoin('paper_returns', 'paper_returns.id', 'paper_keyings.paper_return_id')
    .select([
      'paper_scans.media_type',
      'paper_scans.sha256',
      hexOf('paper_scans.content').as('content_hex'),
      'paper_returns.paper_reference',
      'paper_keyings.copy',
    ])
    .where('paper_scans.keying_id', '=', keyingId)
    .executeTakeFirst()
  return withContent(row)
}

export function markPaperReturn(
  trx: Kysely<Database>,
  id: string,
  change: {
    status: PaperReturnStatus
    responseId?: string
    resolvedFields?: Record<string, AnswerValue>
    resolvedBy?: string
    resolvedAt?: Date
  },
) {
  return trx
    .updateTable('paper_returns')
    .set({
      status: change.status,
      response_id: change.responseId ?? null,
      resolved_fields: change.resolvedFields ? JSON.stringify(change.resolvedFields) : null,
      resolved_by: change.resolvedBy ?? null,
      resolved_at: change.resolvedAt ?? null,
    })
    .where('id', '=', id)
    .execute()
}

export function markLate(trx: Kysely<Database>, responseId: string) {
  return trx.updateTable('responses').set({ late: true }).where('id', '=', responseId).execute()
}

export async function countPaperReturns(db: Kysely<Database>, consultationId: string) {
  const rows = await db
    .selectFrom('paper_returns')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', consultationId)
    .groupBy('status')
    .execute()
  const count = (status: PaperReturnStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0)
  return {
    awaitingSecond: count('awaiting_second'),
    mismatched: count('mismatched'),
    reconciled: count('reconciled'),
  }
}

export function listMismatched(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('paper_returns')
    .select(['id', 'paper_reference', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'mismatched')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/** The keyings and resolution of every double-entered paper reconciled in the consultation. */
export function listReconciledKeyings(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('paper_returns')
    .innerJoin('paper_keyings', 'paper_keyings.paper_return_id', 'paper_returns.id')
    .select([
      'paper_returns.id',
      'paper_returns.resolved_fields',
      'paper_keyings.keyed_by',
      'paper_keyings.batch',
      'paper_keyings.answers',
      sql<string>`paper_keyings.received_on::text`.as('received_on'),
    ])
    .where('paper_returns.consultation_id', '=', consultationId)
    .where('paper_returns.double_entry', '=', true)
    .where('paper_returns.status', '=', 'reconciled')
    .orderBy('paper_returns.id')
    .orderBy('paper_keyings.copy')
    .execute()
}

export function listUsersNamed(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('users').select(['id', 'display_name', 'email']).where('id', 'in', ids).execute()
}

export function listLateReturns(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('responses')
    .leftJoin('paper_returns', 'paper_returns.response_id', 'responses.id')
    .leftJoin('users', 'users.id', 'responses.late_decided_by')
    .select([
      'responses.id',
      'responses.reference',
      'responses.channel',
      'responses.received_at',
      'responses.late_decision',
      'responses.late_decided_at',
      'responses.late_decision_reason',
      'users.display_name as decided_by_name',
      'paper_returns.paper_reference',
    ])
    .where('responses.consultation_id', '=', consultationId)
    .where('responses.late', '=', true)
    .orderBy('responses.received_at')
    .orderBy('responses.id')
    .execute()
}

export function findLateReturn(db: Kysely<Database>, responseId: string) {
  return db
    .selectFrom('responses')
    .leftJoin('paper_returns', 'paper_returns.response_id', 'responses.id')
    .select([
      'responses.id',
      'responses.consultation_id',
      'responses.reference',
      'responses.channel',
      'responses.received_at',
      'responses.late',
      'responses.late_decision',
      'responses.late_decision_reason',
      'paper_returns.paper_reference',
    ])
    .where('responses.id', '=', responseId)
    .executeTakeFirst()
}

/** Records the decision only on a late return still undecided; returns its reference if it did. */
export function decideLate(
  trx: Kysely<Database>,
  responseId: string,
  decision: { decision: 'admitted' | 'refused'; reason: string; by: string; at: Date },
) {
  return trx
    .updateTable('responses')
    .set({
      late_decision: decision.decision,
      late_decision_reason: decision.reason,
      late_decided_by: decision.by,
      late_decided_at: decision.at,
    })
    .where('id', '=', responseId)
    .where('late', '=', true)
    .where('late_decision', 'is', null)
    .returning(['reference', 'consultation_id'])
    .executeTakeFirst()
}

export async function countLate(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('responses')
    .select([
      sql<number>`count(*)::int`.as('late'),
      sql<number>`count(*) filter (where late_decision = 'admitted')::int`.as('admitted'),
      sql<number>`count(*) filter (where late_decision = 'refused')::int`.as('refused'),
      sql<number>`count(*) filter (where late_decision is null)::int`.as('undecided'),
    ])
    .where('consultation_id', '=', consultationId)
    .where('late', '=', true)
    .executeTakeFirstOrThrow()
  return {
    late: Number(row.late),
    admitted: Number(row.admitted),
    refused: Number(row.refused),
    undecided: Number(row.undecided),
  }
}
