import { type Kysely, sql } from 'kysely'
import { type AuditEntry, queueAuditFrom } from '../../platform/audit/audit-log.js'
import { standingOf } from '../../platform/db/counted.js'
import type { AnswerValue, Database, ResponseChannel, ResponseFlag } from '../../platform/db/schema.js'
import type { RespondentIdentity } from '../../platform/identity/identity-fields.js'
import type { ListPosition, ResponseFilters } from './staff/filters.js'

export interface ResponseInsert {
  consultationId: string
  questionnaireVersionId: string
  reference: string
  submissionKey: string
  channel: ResponseChannel
  answers: Record<string, AnswerValue>
  startedAt: Date | null
  submittedAt: Date
  flags?: ResponseFlag[]
  addressHash?: string | null
  respondingFor?: string
  admittedUnderGrace?: boolean
}

const responseInsert = (db: Kysely<Database>, response: ResponseInsert) =>
  db
    .insertInto('responses')
    .values({
      consultation_id: response.consultationId,
      questionnaire_version_id: response.questionnaireVersionId,
      reference: response.reference,
      submission_key: response.submissionKey,
      channel: response.channel,
      answers: JSON.stringify(response.answers),
      started_at: response.startedAt,
      submitted_at: response.submittedAt,
      received_at: response.submittedAt,
      flags: JSON.stringify(response.flags ?? []),
      address_hash: response.addressHash ?? null,
      responding_for: response.respondingFor ?? null,
      admitted_under_grace: response.admittedUnderGrace ?? false,
    })
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('id')

/** Inserts the response unless one with the same submission key exists; returns its id if inserted. */
export async function insertResponseOnce(db: Kysely<Database>, response: ResponseInsert) {
  const row = await responseInsert(db, response).executeTakeFirst()
  return row?.id
}

/**
 * `insertResponseOnce` with the response's contact details (if any) and its queued audit entry,
 * in one statement, so atomic without a transaction: nothing of it is written if the key was
 * already used. Returns the id if inserted.
 */
export async function insertResponseAudited(
  db: Kysely<Database>,
  response: ResponseInsert,
  contact: (Partial<RespondentIdentity> & { consentToContact: boolean }) | undefined,
  audit: Omit<AuditEntry, 'entityId'>,
  now: Date,
): Promise<string | undefined> {
  const contactInsert = contact
    ? sql`, contact as (
        insert into respondent_contacts (response_id, name, email, phone, postcode, consent_to_contact)
        select id, ${contact.name ?? null}::text, ${contact.email ?? null}::text, ${contact.phone ?? null}::text,
          ${contact.postcode ?? null}::text,
          ${contact.consentToContact}::boolean from inserted
      )`
    : sql``
  const result = await sql<{ id: string }>`
    with inserted as (${responseInsert(db, response)})${contactInsert},
    queued as (${queueAuditFrom('inserted', audit, now)})
    select id from inserted
  `.execute(db)
  return result.rows[0]?.id
}

/** True when a response to the consultation was stored under the key: for a statement to check it in passing. */
export function receiptExists(consultationId: string, submissionKey: string) {
  return sql<boolean>`exists (
    select 1 from responses where consultation_id = ${consultationId} and submission_key = ${submissionKey}
  )`
}

export function findReceipt(db: Kysely<Database>, consultationId: string, submissionKey: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'reference', 'submitted_at'])
    .where('consultation_id', '=', consultationId)
    .where('submission_key', '=', submissionKey)
    .executeTakeFirst()
}

export function referenceExists(db: Kysely<Database>, reference: string) {
  return db.selectFrom('responses').select('id').where('reference', '=', reference).executeTakeFirst()
}

function filtered(db: Kysely<Database>, consultationId: string, f: ResponseFilters) {
  let query = db.selectFrom('responses').where('consultation_id', '=', consultationId)
  if (f.channel) query = query.where('channel', '=', f.channel)
  if (f.status) query = query.where(standingOf(), '=', f.status)
  if (f.reference) query = query.where('reference', '=', f.reference)
  if (f.flag === 'any') query = query.where(sql<boolean>`flags <> '[]'::jsonb`)
  else if (f.flag) query = query.where(sql<boolean>`flags @> jsonb_build_array(${f.flag}::text)`)
  // Dates are London calendar days, so the bounds are London midnights.
  if (f.from)
    query = query.where(
      sql<boolean>`submitted_at >= (${f.from}::date::timestamp at time zone 'Europe/London')`,
    )
  if (f.to)
    query = query.where(
      sql<boolean>`submitted_at < ((${f.to}::date + 1)::timestamp at time zone 'Europe/London')`,
    )
  if (f.question && f.answer !== undefined) {
    const key = f.question
    const answer = f.answer
    // A single answer matches by its text; a list (several choices, a ranking) matches if it holds the value.
    query = query.where(
      sql<boolean>`(answers ->> ${key} = ${answer} or (jsonb_typeof(answers -> ${key}) = 'array' and answers -> ${key} @> jsonb_build_array(${answer}::text)))`,
    )
  }
  return query
}

/** Above this many, a filtered list says "more than" rather than counting every match. */
export const matchCountCap = 10_000

/**
 * How many responses match: with no filter, or by channel or standing alone, from the totals kept
 * as responses arrive; with any other filter, counted only up to the cap, so the count costs no
 * more than reading that many index entries however large the consultation.
 */
export async function countFilteredResponses(
  db: Kysely<Database>,
  consultationId: string,
  f: ResponseFilters,
): Promise<{ n: number; capped: boolean }> {
  const { channel, status, ...others } = f
  if (Object.values(others).every((v) => v === undefined)) {
    let kept = db
      .selectFrom('response_tallies')
      .select(sql<string>`coalesce(sum(n), 0)`.as('n'))
      .where('consultation_id', '=', consultationId)
    if (channel) kept = kept.where('channel', '=', channel)
    if (status) kept = kept.where('standing', '=', status)
    return { n: Number((await kept.executeTakeFirstOrThrow()).n), capped: false }
  }
  const row = await db
    .selectFrom(
      filtered(db, consultationId, f)
        .select(sql`1`.as('one'))
        .limit(matchCountCap + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const n = Number(row.n)
  return n > matchCountCap ? { n: matchCountCap, capped: true } : { n, capped: false }
}

/**
 * One page of the list, newest first, by keyset: the rows next to a known row, through the index
 * on (consultation, submitted at, id), never skipping rows by OFFSET. `more` says whether there
 * are rows beyond the page in the direction it was read.
 */
export async function listResponses(
  db: Kysely<Database>,
  consultationId: string,
  f: ResponseFilters,
  limit: number,
  position: ListPosition,
) {
  // Read towards the older rows, or (for a page of newer rows, or the oldest page) towards the
  // newer ones and then put back newest first.
  const backwards = position.at === 'newer-than' || position.at === 'oldest'
  let query = filtered(db, consultationId, f)
    .select(['id', 'reference', 'channel', 'status', 'submitted_at', 'flags'])
    .select(standingOf().as('standing'))
    // Exact to the microsecond, which a Date would round: the next page starts from it.
    .select(sql<string>`submitted_at::text`.as('position'))
  if (position.at === 'older-than')
    query = query.where(
      sql<boolean>`(submitted_at, id) < (${position.submittedAt}::timestamptz, ${position.id}::uuid)`,
    )
  if (position.at === 'newer-than')
    query = query.where(
      sql<boolean>`(submitted_at, id) > (${position.submittedAt}::timestamptz, ${position.id}::uuid)`,
    )
  const direction = backwards ? 'asc' : 'desc'
  const rows = await query
    .orderBy('submitted_at', direction)
    .orderBy('id', direction)
    .limit(limit + 1)
    .execute()
  const more = rows.length > limit
  const page = rows.slice(0, limit)
  return { rows: backwards ? page.reverse() : page, more }
}

/** Counted responses by London calendar day and channel, from the totals kept as responses arrive. */
export async function countResponsesPerDay(db: Kysely<Database>, consultationId: string) {
  const result = await sql<{ day: string; channel: string; n: number }>`
    select to_char(day, 'YYYY-MM-DD') as day, channel, sum(n)::int as n
    from response_tallies
    where consultation_id = ${consultationId} and standing = 'counted'
    group by day, channel
    having sum(n) <> 0
    order by day, channel
  `.execute(db)
  return result.rows
}

export async function markExcluded(
  db: Kysely<Database>,
  id: string,
  exclusion: { at: Date; by: string; reason: string },
) {
  return db
    .updateTable('responses')
    .set({
      status: 'excluded',
      excluded_at: exclusion.at,
      excluded_by: exclusion.by,
      exclusion_reason: exclusion.reason,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .returning(['reference', 'consultation_id'])
    .executeTakeFirst()
}

export async function markReinstated(db: Kysely<Database>, id: string) {
  return db
    .updateTable('responses')
    .set({ status: 'submitted', excluded_at: null, excluded_by: null, exclusion_reason: null })
    .where('id', '=', id)
    .where('status', '=', 'excluded')
    .returning(['reference', 'consultation_id'])
    .executeTakeFirst()
}

export function findResponse(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('responses')
    .select([
      'id',
      'consultation_id',
      'questionnaire_version_id',
      'reference',
      'channel',
      'status',
      'answers',
      'excluded_at',
      'exclusion_reason',
      'started_at',
      'submitted_at',
      'received_at',
      'flags',
    ])
    .select(standingOf().as('standing'))
    .where('id', '=', id)
    .executeTakeFirst()
}
