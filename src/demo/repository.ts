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

/**
 * The analysts' codeframe (the theme bank) and their finished first pass: every comment coded with
 * its gold themes, as the analysts' finished first
 * pass: one coding a comment, one assignment a theme, in two statements whatever the size.
 */
export async function codeFromTruth(
  db: Kysely<Database>,
  consultationId: string,
  themes: readonly { code: string; label: string }[],
  at: Date,
) {
  const inserted = await db
    .insertInto('themes')
    .values(
      themes.map((theme) => ({
        consultation_id: consultationId,
        parent_id: null,
        code: theme.code,
        label: theme.label,
        examples: '[]',
        question_key: null,
        replaced_by: '[]',
      })),
    )
    .returning(['id', 'code', 'label'])
    .execute()
  await db
    .insertInto('codeframe_versions')
    .values({
      consultation_id: consultationId,
      version: 1,
      change: 'codeframe agreed by the analysts',
      themes: JSON.stringify(inserted.map((th) => ({ ...th, parentId: null, questionKey: null }))),
      changed_by: null,
    })
    .execute()
  await sql`
    insert into codings (consultation_id, response_id, question_key, pass, coded_at)
    select r.consultation_id, t.response_id, c.key, 1, ${at}
    from demo_truth t
    join responses r on r.id = t.response_id
    cross join lateral jsonb_each(t.comments) c
    where r.consultation_id = ${consultationId} and jsonb_array_length(c.value -> 'themes') > 0
    on conflict do nothing`.execute(db)
  await sql`
    insert into coding_themes (coding_id, theme_id, provenance, assigned_at)
    select cd.id, th.id, 'person', ${at}
    from codings cd
    join demo_truth t on t.response_id = cd.response_id
    cross join lateral jsonb_array_elements_text(t.comments -> cd.question_key -> 'themes') code(value)
    join themes th on th.consultation_id = cd.consultation_id and th.code = code.value
    where cd.consultation_id = ${consultationId}
    on conflict do nothing`.execute(db)
}
