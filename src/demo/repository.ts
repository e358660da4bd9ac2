import { type Kysely, sql } from 'kysely'
import type { Database } from '../platform/db/schema.js'
import type { DemoEvent, DemoPartner } from './generator/types.js'

/** The partners' organisation ids by key, creating the organisations that do not exist yet. */
export async function ensurePartners(db: Kysely<Database>, partners: readonly DemoPartner[]) {
  const ids = new Map<string, string>()
  for (const partner of partners) {
    await db
      .insertInto('organisations')
      .values({ name: partner.name, kind: 'vcs' })
      .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing())
      .execute()
    const row = await db
      .selectFrom('organisations')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', partner.name.toLowerCase()))
      .executeTakeFirstOrThrow()
    ids.set(partner.key, row.id)
  }
  return ids
}

export async function insertEvents(
  db: Kysely<Database>,
  consultationId: string,
  events: readonly DemoEvent[],
  partnerIds: Map<string, string>,
) {
  const ids = new Map<string, string>()
  for (const event of events) {
    const row = await db
      .insertInto('events')
      .values({
        consultation_id: consultationId,
        title: event.title,
        held_at: event.heldAt,
        place: event.place,
        format: event.format,
        audience: event.audience,
        organisation_id: event.partner ? (partnerIds.get(event.partner) ?? null) : null,
        attendees: event.attendees,
        attendees_counted_by: event.countedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids.set(event.key, row.id)
  }
  return ids
}

/** One page of the known truth, in reference order, after the given reference. */
export function listTruthPage(
  db: Kysely<Database>,
  consultationId: string,
  afterReference: string,
  limit: number,
) {
  return db
    .selectFrom('demo_truth as t')
    .innerJoin('responses as r', 'r.id', 't.response_id')
    .leftJoin('responses as original', 'original.id', 't.duplicate_of')
    .select([
      'r.reference',
      'r.channel',
      'r.late',
      't.person_id',
      't.duplicate_kind',
      'original.reference as duplicate_of_reference',
      't.campaign',
      't.profile',
      't.comments',
    ])
    .where('r.consultation_id', '=', consultationId)
    .where('r.reference', '>', afterReference)
    .orderBy('r.reference')
    .limit(limit)
    .execute()
}

/** Dates the documents of a consultation loaded after the fact to when they were really published. */
export async function backdateDocuments(db: Kysely<Database>, consultationId: string, at: Date) {
  // created_at is written once by the app; only the demo, recreating the past, sets it.
  await sql`update consultation_documents set created_at = ${at} where consultation_id = ${consultationId}`.execute(
    db,
  )
}

/** Files the responses with these submission keys under an event, as recorded there. */
export function linkResponsesToEvent(
  db: Kysely<Database>,
  eventId: string,
  submissionKeys: readonly string[],
) {
  if (submissionKeys.length === 0) return Promise.resolve()
  return db
    .updateTable('responses')
    .set({ event_id: eventId })
    .where('submission_key', 'in', submissionKeys)
    .execute()
    .then(() => undefined)
}
