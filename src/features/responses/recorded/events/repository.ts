import { type Kysely, sql } from 'kysely'
import { isCounted } from '../../../../platform/db/counted.js'
import type { Database } from '../../../../platform/db/schema.js'
import type { EventDetails } from '../forms.js'

// SQL for engagement events and the notes recorded at them.

const eventRow = (e: EventDetails) => ({
  title: e.title,
  held_at: e.heldAt,
  place: e.place,
  format: e.format,
  audience: e.audience,
  organisation_id: e.organisationId,
  organiser: e.organiser,
  attendees: e.attendees,
  attendees_counted_by: e.attendeesCountedBy,
  notes: e.notes,
})

export async function insertEvent(db: Kysely<Database>, consultationId: string, e: EventDetails) {
  const row = await db
    .insertInto('events')
    .values({ consultation_id: consultationId, ...eventRow(e) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function updateEvent(db: Kysely<Database>, id: string, e: EventDetails, at: Date) {
  return db
    .updateTable('events')
    .set({ ...eventRow(e), updated_at: at })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst()
}

export function findEvent(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('events as e')
    .leftJoin('organisations as o', 'o.id', 'e.organisation_id')
    .selectAll('e')
    .select('o.name as organisation_name')
    .where('e.id', '=', id)
    .executeTakeFirst()
}

/** A consultation's events by date, with the responses and notes recorded for each. */
export function listEvents(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('events as e')
    .leftJoin('organisations as o', 'o.id', 'e.organisation_id')
    .selectAll('e')
    .select([
      'o.name as organisation_name',
      // Counted responses collected at the event, from the totals kept as they arrive (migration
      // 0162), less the notes recorded there (a few an event), which are responses too.
      sql<number>`((select coalesce(sum(t.n), 0) from event_response_tallies t
          where t.consultation_id = e.consultation_id and t.event_id = e.id and t.standing = 'counted')
        - (select count(*) from event_notes n join responses r on r.id = n.response_id
          where n.event_id = e.id and r.event_id = e.id and ${isCounted('r')}))::int`.as('responses'),
      sql<number>`(select count(*)::int from event_notes n where n.event_id = e.id)`.as('notes_count'),
    ])
    .where('e.consultation_id', '=', consultationId)
    .orderBy('e.held_at')
    .execute()
}

export function insertEventNotes(
  db: Kysely<Database>,
  note: { responseId: string; eventId: string; recordedBy: string | null; at: Date },
) {
  return db
    .insertInto('event_notes')
    .values({
      response_id: note.responseId,
      event_id: note.eventId,
      recorded_by: note.recordedBy,
      created_at: note.at,
    })
    .execute()
}

/** What was recorded for an event: keyed responses and notes, newest first. */
export function listEventRecords(db: Kysely<Database>, eventId: string) {
  return db
    .selectFrom('responses as r')
    .leftJoin('event_notes as n', 'n.response_id', 'r.id')
    .select(['r.id', 'r.reference', 'r.status', 'r.received_at', 'r.answers', 'n.response_id as note_id'])
    .where('r.event_id', '=', eventId)
    .orderBy('r.received_at', 'desc')
    .orderBy('r.reference')
    .limit(200)
    .execute()
}
