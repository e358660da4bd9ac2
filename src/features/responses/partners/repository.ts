import { type Kysely, sql } from 'kysely'
import { isCounted } from '../../../platform/db/counted.js'
import type { Database } from '../../../platform/db/schema.js'

// SQL for partner organisations: whom their collectors speak for and what they collected.

/** The organisation a user collects for, if any. */
export function findUserOrganisation(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['o.id', 'o.name'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

export function setUserOrganisation(db: Kysely<Database>, userId: string, organisationId: string) {
  return db.updateTable('users').set({ organisation_id: organisationId }).where('id', '=', userId).execute()
}

export function findOrganisationByName(db: Kysely<Database>, name: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()
}

/**
 * How many counted responses each organisation collected in a consultation, by name: from the
 * totals kept as responses arrive (migration 0150), a read of a few rows a partner.
 */
export function countByPartner(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('response_tallies as t')
    .innerJoin('organisations as o', 'o.id', 't.partner_key')
    .select(['o.id', 'o.name', sql<number>`sum(t.n)::int`.as('n')])
    .where('t.consultation_id', '=', consultationId)
    .where('t.standing', '=', 'counted')
    .groupBy(['o.id', 'o.name'])
    .having(sql<boolean>`sum(t.n) > 0`)
    .orderBy('o.name')
    .execute()
}

/**
 * As `countPartnerAnswers` for a question with one answer, from the kept totals of closed answers:
 * each code read back to its choice through the consultation's plan; code 0 (no answer, or one
 * not offered) is null, as a live count leaves an answer not offered to "not stated".
 */
export async function countPartnerSingleAnswers(
  db: Kysely<Database>,
  consultationId: string,
  questionKey: string,
) {
  const result = await sql<{ partner: string; value: string | null; n: number }>`
    select t.partner_key::text as partner, c.value, sum(t.n)::int as n
    from closed_answer_plans p
    cross join lateral (
      select k.i as slot from unnest(p.slot_keys) with ordinality k(key, i) where k.key = ${questionKey} limit 1
    ) s
    join closed_answer_tallies t on t.consultation_id = p.consultation_id and t.slot = s.slot
    left join lateral (
      select e.key as value from jsonb_each_text(p.codes -> ${questionKey}) e where e.value::integer = t.code
    ) c on true
    where p.consultation_id = ${consultationId} and t.partner_key <> '00000000-0000-0000-0000-000000000000'
      and not t.is_excluded and not t.is_late
    group by 1, 2 having sum(t.n) <> 0
  `.execute(db)
  return result.rows
}

/**
 * Counted partner responses by partner and by the answer to one choice question (each option of a
 * multiple choice counts once; no answer is null).
 */
export async function countPartnerAnswers(db: Kysely<Database>, consultationId: string, questionKey: string) {
  const result = await sql<{ partner: string; value: string | null; n: number }>`
    select r.partner_organisation_id::text as partner, v.value, count(*)::int as n
    from responses r
    cross join lateral jsonb_array_elements_text(
      case when jsonb_typeof(r.answers -> ${questionKey}) = 'array' then r.answers -> ${questionKey}
        else jsonb_build_array(r.answers ->> ${questionKey}) end
    ) as v(value)
    where r.consultation_id = ${consultationId} and ${isCounted('r')}
      and r.partner_organisation_id is not null
    group by 1, 2
  `.execute(db)
  return result.rows
}

/** One organisation's counted and excluded entries in a consultation. */
export async function countEntries(db: Kysely<Database>, consultationId: string, organisationId: string) {
  const rows = await db
    .selectFrom('response_standings')
    .select(['standing', sql<number>`count(*)::int`.as('n')])
    .where('consultation_id', '=', consultationId)
    .where('partner_organisation_id', '=', organisationId)
    .groupBy('standing')
    .execute()
  return {
    counted: rows.find((r) => r.standing === 'counted')?.n ?? 0,
    excluded: rows.find((r) => r.standing === 'excluded')?.n ?? 0,
  }
}

export function listEntries(
  db: Kysely<Database>,
  consultationId: string,
  organisationId: string,
  limit: number,
) {
  return db
    .selectFrom('responses')
    .select(['id', 'reference', 'status', 'received_at', 'channel'])
    .where('consultation_id', '=', consultationId)
    .where('partner_organisation_id', '=', organisationId)
    .orderBy('received_at', 'desc')
    .orderBy('reference')
    .limit(limit)
    .execute()
}

export function findEntry(db: Kysely<Database>, responseId: string) {
  return db
    .selectFrom('responses')
    .select([
      'id',
      'reference',
      'status',
      'received_at',
      'consultation_id',
      'questionnaire_version_id',
      'partner_organisation_id',
      'answers',
    ])
    .where('id', '=', responseId)
    .executeTakeFirst()
}

/** The consultations, other than these, to which the organisation has entered responses. */
export function listConsultationsEnteredBy(
  db: Kysely<Database>,
  organisationId: string,
  except: readonly string[],
) {
  let query = db
    .selectFrom('consultations as c')
    .select([
      'c.id',
      'c.slug',
      'c.title',
      'c.summary',
      'c.status',
      'c.opens_at',
      'c.closes_at',
      'c.postal_deadline_at',
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('responses as r')
          .select('r.id')
          .whereRef('r.consultation_id', '=', 'c.id')
          .where('r.partner_organisation_id', '=', organisationId),
      ),
    )
  if (except.length > 0) query = query.where('c.id', 'not in', except)
  return query.orderBy('c.closes_at', 'desc').execute()
}
