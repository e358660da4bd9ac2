import { type Kysely, sql } from 'kysely'
import type { AnswerValue, Database, ParticipationTier, ResponseChannel } from '../../platform/db/schema.js'

// The SQL of participation. Identifiers are turned into salted hashes inside the database, so the
// application never holds an email, phone or name while matching, and none can reach a log.

export interface ProfileFilter {
  channel?: ResponseChannel
  partnerId?: string
  question?: string
  answer?: string
  /** Leave out the repeats of each person found by duplicate detection (all but one of each group). */
  withoutRepeats?: boolean
}

/** Responses that are a later repeat of someone counted already: merged groups, all but their first counted member. */
const repeatOf = (responseId: ReturnType<typeof sql.ref>) => sql<boolean>`exists (
  select 1 from participation_group_members m
  join participation_groups g on g.id = m.group_id
  left join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
  where m.response_id = ${responseId} and g.tier in ('exact', 'likely')
    and coalesce(d.decision, 'same_person') = 'same_person'
    and m.position > (
      select min(m2.position) from participation_group_members m2
      join responses r2 on r2.id = m2.response_id
      where m2.group_id = m.group_id and r2.status = 'submitted'
    )
)`

function where(consultationId: string, f: ProfileFilter) {
  const parts = [sql`r.consultation_id = ${consultationId}`, sql`r.status = 'submitted'`]
  if (f.channel) parts.push(sql`r.channel = ${f.channel}`)
  if (f.partnerId) parts.push(sql`r.partner_organisation_id = ${f.partnerId}`)
  if (f.question && f.answer !== undefined)
    parts.push(
      sql`(r.answers ->> ${f.question} = ${f.answer} or (jsonb_typeof(r.answers -> ${f.question}) = 'array' and r.answers -> ${f.question} @> jsonb_build_array(${f.answer}::text)))`,
    )
  if (f.withoutRepeats) parts.push(sql`not ${repeatOf(sql.ref('r.id'))}`)
  return sql.join(parts, sql` and `)
}

export async function countProfile(
  db: Kysely<Database>,
  consultationId: string,
  keys: string[],
  f: ProfileFilter,
) {
  const [answers, totals] = await Promise.all([
    sql<{ key: string; value: AnswerValue | null; n: number }>`
      select q.key, r.answers -> q.key as value, count(*)::int as n
      from responses r cross join unnest(${keys}::text[]) as q(key)
      where ${where(consultationId, f)} and r.answers ? q.key
      group by 1, 2
    `.execute(db),
    sql<{ channel: ResponseChannel; partner: string | null; n: number }>`
      select r.channel, o.name as partner, count(*)::int as n
      from responses r left join organisations o on o.id = r.partner_organisation_id
      where ${where(consultationId, f)}
      group by 1, 2
    `.execute(db),
  ])
  return { answers: answers.rows, channels: totals.rows }
}

/** Respondents by the area they live in (stated, or placed by their postcode district) and one answer. */
export async function countByArea(
  db: Kysely<Database>,
  consultationId: string,
  keys: string[],
  districts: { district: string; area: string }[],
  f: ProfileFilter,
) {
  const result = await sql<{ area: string | null; key: string; value: string | null; n: number }>`
    with placed as (
      select r.answers, coalesce(
        case when r.answers ->> 'area' in (select distinct a from unnest(${districts.map((d) => d.area)}::text[]) a)
          then r.answers ->> 'area' end,
        case when r.answers ->> 'area' is null or r.answers ->> 'area' = 'prefer_not_to_say' then d.area end
      ) as area
      from responses r
      left join unnest(${districts.map((d) => d.district)}::text[], ${districts.map((d) => d.area)}::text[]) as d(district, area)
        on d.district = upper(trim(r.answers ->> 'postcode_district'))
      where ${where(consultationId, f)}
    )
    select area, q.key, answers ->> q.key as value, count(*)::int as n
    from placed cross join unnest(${keys}::text[]) as q(key)
    group by 1, 2, 3
  `.execute(db)
  return result.rows
}

export interface MatchKeyRow {
  id: string
  submitted_at: Date
  email_key: string | null
  phone_key: string | null
  name_key: string | null
  district: string | null
  answers_key: string
  answers_size: number
  choice_key: string | null
  answers: Record<string, AnswerValue>
}

const hashed = (salt: string, kind: string, value: ReturnType<typeof sql>) =>
  sql`encode(sha256(convert_to(${salt} || ${kind} || ${value}, 'UTF8')), 'hex')`

/**
 * Only the responses that share a key with another: the same email and name, phone and name, name
 * and district, the very same answers, or (online) the same choices often enough to be a burst.
 */
export async function listMatchCandidates(
  db: Kysely<Database>,
  consultationId: string,
  options: {
    salt: string
    freeTextKeys: string[]
    minAnswersSize: number
    burstSize: number
    minChoiceSize: number
  },
) {
  const { salt, freeTextKeys, minAnswersSize, burstSize, minChoiceSize } = options
  const email = sql`lower(trim(c.email))`
  const phone = sql`regexp_replace(regexp_replace(c.phone, '[^0-9]', '', 'g'), '^44', '0')`
  const name = sql`trim(regexp_replace(lower(c.name), '[^a-z]+', ' ', 'g'))`
  // Keys are compared as normalised text inside the database, then only the rows returned are
  // hashed: grouping is by hash aggregates (quicker than sorting a million rows per key).
  const result = await sql<MatchKeyRow>`
    with keyed as materialized (
      select r.id, r.submitted_at,
        nullif(${email}, '') as email_n,
        case when length(${phone}) >= 10 then ${phone} end as phone_n,
        nullif(${name}, '') as name_n,
        coalesce(
          nullif(upper(trim(r.answers ->> 'postcode_district')), ''),
          nullif(upper(split_part(trim(c.postcode), ' ', 1)), '')
        ) as district,
        md5(r.answers::text) as answers_key,
        length(r.answers::text) as answers_size,
        case when r.channel = 'online' and length((r.answers - ${freeTextKeys}::text[])::text) >= ${minChoiceSize}
          then md5((r.answers - ${freeTextKeys}::text[])::text) end as choice_key
      from responses r left join respondent_contacts c on c.response_id = r.id
      where r.consultation_id = ${consultationId} and r.status = 'submitted'
    )
    select k.id, k.submitted_at,
      case when k.email_n is not null then ${hashed(salt, 'e:', sql`k.email_n`)} end as email_key,
      case when k.phone_n is not null then ${hashed(salt, 'p:', sql`k.phone_n`)} end as phone_key,
      case when k.name_n is not null then ${hashed(salt, 'n:', sql`k.name_n`)} end as name_key,
      k.district, k.answers_key, k.answers_size, k.choice_key, r.answers
    from keyed k join responses r on r.id = k.id
    where (k.email_n is not null and (k.email_n, coalesce(k.name_n, '')) in (
        select email_n, coalesce(name_n, '') from keyed where email_n is not null group by 1, 2 having count(*) > 1))
      or (k.phone_n is not null and (k.phone_n, coalesce(k.name_n, '')) in (
        select phone_n, coalesce(name_n, '') from keyed where phone_n is not null group by 1, 2 having count(*) > 1))
      or (k.name_n is not null and k.district is not null and (k.name_n, k.district) in (
        select name_n, district from keyed where name_n is not null and district is not null
        group by 1, 2 having count(*) > 1))
      or (k.answers_size >= ${minAnswersSize} and k.answers_key in (
        select answers_key from keyed where answers_size >= ${minAnswersSize} group by 1 having count(*) > 1))
      or (k.choice_key is not null and k.choice_key in (
        select choice_key from keyed where choice_key is not null group by 1 having count(*) >= ${burstSize}))
  `.execute(db)
  return result.rows
}

export async function listFreeTexts(
  db: Kysely<Database>,
  consultationId: string,
  keys: string[],
  minLength: number,
) {
  const result = await sql<{ id: string; submitted_at: Date; text: string }>`
    select r.id, r.submitted_at, e.value as text
    from responses r cross join lateral jsonb_each_text(r.answers) e
    where r.consultation_id = ${consultationId} and r.status = 'submitted'
      and e.key = any(${keys}::text[]) and length(e.value) >= ${minLength}
  `.execute(db)
  return result.rows
}

export async function countCounted(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'submitted')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface StoredGroup {
  tier: ParticipationTier
  key: string
  members: string[]
  evidence: Record<string, unknown>
}

/** Replaces the consultation's detected groups (decisions are kept apart, by group key). */
export async function replaceGroups(
  trx: Kysely<Database>,
  consultationId: string,
  groups: readonly StoredGroup[],
  run: { at: Date; responsesSeen: number; settings: Record<string, unknown> },
) {
  // Two runs for one consultation at once (two pages opened together) take turns.
  await sql`select pg_advisory_xact_lock(hashtext(${`participation:${consultationId}`}))`.execute(trx)
  await sql`
    delete from participation_group_members where group_id in (
      select id from participation_groups where consultation_id = ${consultationId})
  `.execute(trx)
  await trx.deleteFrom('participation_groups').where('consultation_id', '=', consultationId).execute()
  const chunk = 2000
  for (let start = 0; start < groups.length; start += chunk) {
    const slice = groups.slice(start, start + chunk)
    const ids = await trx
      .insertInto('participation_groups')
      .values(
        slice.map((g) => ({
          consultation_id: consultationId,
          tier: g.tier,
          group_key: g.key,
          evidence: JSON.stringify(g.evidence),
          detected_at: run.at,
        })),
      )
      .returning(['id', 'group_key'])
      .execute()
    const idOf = new Map(ids.map((r) => [r.group_key, r.id]))
    const members = slice.flatMap((g) =>
      g.members.map((responseId, position) => ({ group: idOf.get(g.key) ?? '', responseId, position })),
    )
    await sql`
      insert into participation_group_members (group_id, response_id, position)
      select * from unnest(${members.map((m) => m.group)}::uuid[], ${members.map((m) => m.responseId)}::uuid[], ${members.map((m) => m.position)}::int[])
    `.execute(trx)
  }
  await sql`
    insert into participation_runs (consultation_id, detected_at, responses_seen, settings)
    values (${consultationId}, ${run.at}, ${run.responsesSeen}, ${JSON.stringify(run.settings)}::jsonb)
    on conflict (consultation_id) do update set detected_at = excluded.detected_at,
      responses_seen = excluded.responses_seen, settings = excluded.settings
  `.execute(trx)
}

export function findRun(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('participation_runs')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
}

/** Groups with the decision made on each, if any. */
function groupsWithDecisions(db: Kysely<Database>) {
  return db
    .selectFrom('participation_groups as g')
    .leftJoin('participation_decisions as d', (join) =>
      join.onRef('d.consultation_id', '=', 'g.consultation_id').onRef('d.group_key', '=', 'g.group_key'),
    )
}

/** Each group with how many members it has and how many are still counted, and any decision on it. */
export function listGroups(db: Kysely<Database>, consultationId: string) {
  return groupsWithDecisions(db)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('participation_group_members as m')
          .innerJoin('responses as r', 'r.id', 'm.response_id')
          .whereRef('m.group_id', '=', 'g.id')
          .select([
            sql<number>`count(*)::int`.as('members'),
            sql<number>`(count(*) filter (where r.status = 'submitted'))::int`.as('counted'),
          ])
          .as('c'),
      (join) => join.onTrue(),
    )
    .select([
      'g.id',
      'g.tier',
      'g.group_key',
      'g.evidence',
      'd.decision',
      'd.reason',
      'c.members',
      'c.counted',
    ])
    .where('g.consultation_id', '=', consultationId)
    .orderBy('g.tier')
    .orderBy('g.group_key')
    .execute()
}

export function findGroup(db: Kysely<Database>, groupId: string) {
  return groupsWithDecisions(db)
    .select([
      'g.id',
      'g.consultation_id',
      'g.tier',
      'g.group_key',
      'g.evidence',
      'd.decision',
      'd.reason',
      'd.decided_at',
    ])
    .where('g.id', '=', groupId)
    .executeTakeFirst()
}

/** A group's responses with where they came from, and the event each was collected at. */
export function listGroupMembers(db: Kysely<Database>, groupId: string) {
  return db
    .selectFrom('participation_group_members as m')
    .innerJoin('responses as r', 'r.id', 'm.response_id')
    .leftJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('organisations as o', 'o.id', 'r.partner_organisation_id')
    .select([
      'r.id',
      'r.reference',
      'r.channel',
      'r.status',
      'r.submitted_at',
      'r.exclusion_reason',
      'e.title as event',
      'e.held_at as event_held_at',
      'o.name as partner',
      'm.position',
    ])
    .where('m.group_id', '=', groupId)
    .orderBy('m.position')
    .execute()
}

export async function upsertDecision(
  trx: Kysely<Database>,
  d: {
    consultationId: string
    groupKey: string
    decision: 'same_person' | 'different_people'
    reason: string
    by: string
    at: Date
  },
) {
  await trx
    .insertInto('participation_decisions')
    .values({
      consultation_id: d.consultationId,
      group_key: d.groupKey,
      decision: d.decision,
      reason: d.reason,
      decided_by: d.by,
      decided_at: d.at,
    })
    .onConflict((oc) =>
      oc.columns(['consultation_id', 'group_key']).doUpdateSet({
        decision: d.decision,
        reason: d.reason,
        decided_by: d.by,
        decided_at: d.at,
      }),
    )
    .execute()
}

export function listPartners(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('responses as r')
          .select('r.id')
          .whereRef('r.partner_organisation_id', '=', 'o.id')
          .where('r.consultation_id', '=', consultationId),
      ),
    )
    .orderBy('o.name')
    .execute()
}

/**
 * Responses that repeat a person counted already, in groups staff decided are one person: every
 * member after the group's first counted one. Undecided groups are not merged here.
 */
export async function listDecidedRepeats(db: Kysely<Database>, consultationId: string) {
  const result = await sql<{ id: string }>`
    select m.response_id as id
    from participation_groups g
    join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
    join participation_group_members m on m.group_id = g.id
    where g.consultation_id = ${consultationId} and g.tier in ('exact', 'likely')
      and d.decision = 'same_person'
      and m.position > (
        select min(m2.position) from participation_group_members m2
        join responses r2 on r2.id = m2.response_id
        where m2.group_id = g.id and r2.status = 'submitted'
      )
  `.execute(db)
  return result.rows.map((r) => r.id)
}

export async function listCampaignMembers(db: Kysely<Database>, consultationId: string) {
  const result = await sql<{ id: string }>`
    select distinct m.response_id as id
    from participation_groups g join participation_group_members m on m.group_id = g.id
    where g.consultation_id = ${consultationId} and g.tier = 'campaign'
  `.execute(db)
  return result.rows.map((r) => r.id)
}
