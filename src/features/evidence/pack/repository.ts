import { type Kysely, sql } from 'kysely'
import type { Database, EvidencePackStatus } from '../../../platform/db/schema.js'

// SQL for the evidence pack: the dated records its sources read, and the packs themselves. The
// record queries run in the background job, never in a web request: some aggregate responses.

export function listStatusChanges(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('consultation_status_changes')
    .select(['from_status', 'to_status', 'changed_at', 'actor_label'])
    .where('consultation_id', '=', consultationId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute()
}

export function listProposalTitles(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('proposals')
    .select(['position', 'title', 'summary'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
}

export function listQuestionnaireVersions(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('questionnaire_versions')
    .select(['version', 'published_at', 'wording_revision'])
    .where('consultation_id', '=', consultationId)
    .orderBy('version')
    .execute()
}

export function listDocuments(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('consultation_documents')
    .select(['kind', 'language', 'title', 'created_at', 'sha256', 'url'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

/** Per channel: how many responses arrived, the first and the last. */
export function channelWindows(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('responses')
    .select((eb) => [
      'channel',
      eb.fn.countAll<string>().as('n'),
      eb.fn.min('received_at').as('first'),
      eb.fn.max('received_at').as('last'),
    ])
    .where('consultation_id', '=', consultationId)
    .groupBy('channel')
    .orderBy('channel')
    .execute()
}

/** Late returns and the decision on each, and how many forms were admitted in the grace minutes. */
export async function lateAndGrace(db: Kysely<Database>, consultationId: string) {
  const late = await db
    .selectFrom('responses')
    .leftJoin('users', 'users.id', 'responses.late_decided_by')
    .select([
      'responses.reference',
      'responses.channel',
      'responses.received_at',
      'responses.late_decision',
      'responses.late_decided_at',
      'responses.late_decision_reason',
      'users.email as decided_by',
    ])
    .where('responses.consultation_id', '=', consultationId)
    .where('responses.late', '=', true)
    .orderBy('responses.received_at')
    .execute()
  const grace = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('admitted_under_grace', '=', true)
    .executeTakeFirstOrThrow()
  return { late, graceAdmissions: Number(grace.n) }
}

export function listEvents(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('events')
    .leftJoin('organisations', 'organisations.id', 'events.organisation_id')
    .select([
      'events.title',
      'events.held_at',
      'events.place',
      'events.format',
      'events.audience',
      'events.attendees',
      'organisations.name as organisation',
    ])
    .where('events.consultation_id', '=', consultationId)
    .orderBy('events.held_at')
    .execute()
}

/** The partner organisations that collected responses, with how many each collected. */
export function listPartners(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('responses')
    .innerJoin('organisations', 'organisations.id', 'responses.partner_organisation_id')
    .select((eb) => [
      'organisations.name',
      eb.fn.countAll<string>().as('n'),
      eb.fn.min('responses.received_at').as('first'),
    ])
    .where('responses.consultation_id', '=', consultationId)
    .groupBy('organisations.name')
    .orderBy('organisations.name')
    .execute()
}

export async function insertPack(
  db: Kysely<Database>,
  values: { consultationId: string; requestedBy: string | null; at: Date },
) {
  const row = await db
    .insertInto('evidence_packs')
    .values({
      consultation_id: values.consultationId,
      requested_by: values.requestedBy,
      requested_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function updatePack(
  db: Kysely<Database>,
  id: string,
  values: {
    status?: EvidencePackStatus
    stage?: string
    startedAt?: Date
    finishedAt?: Date
    byteSize?: number
    sha256?: string
  },
) {
  return db
    .updateTable('evidence_packs')
    .set({
      ...(values.status ? { status: values.status } : {}),
      ...(values.stage ? { stage: values.stage } : {}),
      ...(values.startedAt ? { started_at: values.startedAt } : {}),
      ...(values.finishedAt ? { finished_at: values.finishedAt } : {}),
      ...(values.byteSize !== undefined ? { byte_size: values.byteSize } : {}),
      ...(values.sha256 ? { sha256: values.sha256 } : {}),
    })
    .where('id', '=', id)
    .execute()
}

export function findPack(db: Kysely<Database>, id: string) {
  return db.selectFrom('evidence_packs').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The most recent packs of a consultation, newest first. */
export function listPacks(db: Kysely<Database>, consultationId: string, limit: number) {
  return db
    .selectFrom('evidence_packs')
    .leftJoin('users', 'users.id', 'evidence_packs.requested_by')
    .selectAll('evidence_packs')
    .select('users.email as requested_by_email')
    .where('evidence_packs.consultation_id', '=', consultationId)
    .orderBy('evidence_packs.requested_at', 'desc')
    .limit(limit)
    .execute()
}

export async function insertChunk(db: Kysely<Database>, packId: string, seq: number, data: Buffer) {
  await db.insertInto('evidence_pack_chunks').values({ pack_id: packId, seq, data }).execute()
}

export function deleteChunks(db: Kysely<Database>, packId: string) {
  return db.deleteFrom('evidence_pack_chunks').where('pack_id', '=', packId).execute()
}

export function readChunk(db: Kysely<Database>, packId: string, seq: number) {
  return db
    .selectFrom('evidence_pack_chunks')
    .select('data')
    .where('pack_id', '=', packId)
    .where('seq', '=', seq)
    .executeTakeFirst()
}

/** Takes the pack for this run, so that two workers never build the same one. */
export async function claimPack(db: Kysely<Database>, id: string, at: Date) {
  const claimed = await sql<{ id: string }>`
    update evidence_packs set status = 'running', started_at = ${at}
    where id = ${id} and status = 'queued' returning id
  `.execute(db)
  return claimed.rows.length === 1
}
