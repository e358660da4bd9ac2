import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { isCounted, standingOf } from '../../platform/db/counted.js'
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

/**
 * A group (aliased `g`, its decision `d`) whose members count as one person. The live profile and
 * the figures a detection run stores both use it, so they cannot disagree on who repeats.
 */
const countsAsOnePerson = sql<boolean>`g.tier in ('exact', 'likely')
    and coalesce(d.decision, 'same_person') = 'same_person'`

/** Responses that are a later repeat of someone counted already: merged groups, all but their first counted member. */
const repeatOf = (responseId: ReturnType<typeof sql.ref>) => sql<boolean>`exists (
  select 1 from participation_group_members m
  join participation_groups g on g.id = m.group_id
  left join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
  where m.response_id = ${responseId} and ${countsAsOnePerson}
    and m.position > (
      select min(m2.position) from participation_group_members m2
      join responses r2 on r2.id = m2.response_id
      where m2.group_id = m.group_id and ${isCounted('r2')}
    )
)`

function where(consultationId: string, f: ProfileFilter) {
  const parts = [sql`r.consultation_id = ${consultationId}`, isCounted('r')]
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
    // The responses are chosen once, before they are multiplied by the questions: the filter (a
    // repeat check per response, without repeats) then runs once a response, not once an answer.
    sql<{ key: string; value: AnswerValue | null; n: number }>`
      with chosen as materialized (select r.answers from responses r where ${where(consultationId, f)})
      select q.key, c.answers -> q.key as value, count(*)::int as n
      from chosen c cross join unnest(${keys}::text[]) as q(key)
      where c.answers ? q.key
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

const hashed = (salt: string, kind: string, value: ReturnType<typeof sql>) =>
  sql`encode(sha256(convert_to(${salt} || ${kind} || ${value}, 'UTF8')), 'hex')`

const normalEmail = sql`nullif(lower(trim(c.email)), '')`
const digits = sql`regexp_replace(regexp_replace(c.phone, '[^0-9]', '', 'g'), '^44', '0')`
const normalPhone = sql`case when length(${digits}) >= 10 then ${digits} end`
const normalName = sql`nullif(trim(regexp_replace(lower(c.name), '[^a-z]+', ' ', 'g')), '')`

export type BucketKind = 'email' | 'phone' | 'name'

export interface KeyBucket {
  kind: BucketKind
  ids: string[]
  /** Submission times in milliseconds since 1970, in the order of `ids` (earliest first). */
  times: number[]
  /** Each member's answers in brief, in the order of `ids`: see `answerSignature`. */
  signatures: string[]
}

/** Marks in an answer signature: a question not answered, and a text too long to carry. */
export const signatureMarks = { absent: '\u0001', longText: '\u0002', separator: '\u001f' } as const

/**
 * A response's answers in brief, for the questions given in order: each as its JSON text, a
 * mark when not answered, or a mark for a text over 40 characters (compared by its words later).
 * The stored answers are unpacked once into a column a question (`jsonb_to_record`): reading each
 * question straight from the stored document would decompress it again for every question.
 */
function answerSignature(keys: readonly string[]) {
  if (keys.length === 0) return { unpacked: sql``, signature: sql`''` }
  const value = (key: string) => sql`coalesce(
    case when jsonb_typeof(a.${sql.id(key)}) = 'string' and length(a.${sql.id(key)} #>> '{}') > 40 then chr(2)
    else a.${sql.id(key)}::text end, chr(1))`
  return {
    unpacked: sql`cross join lateral jsonb_to_record(r.answers) as a(${sql.join(keys.map((key) => sql`${sql.id(key)} jsonb`))})`,
    signature: sql`array_to_string(array[${sql.join(keys.map(value))}], chr(31))`,
  }
}

/**
 * Memory for the sorts and hashes of one detection query: with the default a million responses'
 * keys are sorted on disk. Set for that query's own transaction only.
 */
const detectionWorkMem = '256MB'

function withWorkMem<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('work_mem', ${detectionWorkMem}, true)`.execute(trx)
    return work(trx)
  })
}

/**
 * Responses that share a key, as lists of ids: the same email and name, the same phone and name,
 * or the same name and postcode district. Keys are compared as normalised text inside the
 * database and never leave it; only responses with contact details are looked at.
 */
export async function listKeyBuckets(
  db: Kysely<Database>,
  consultationId: string,
  questionKeys: readonly string[],
): Promise<KeyBucket[]> {
  const { unpacked, signature } = answerSignature(questionKeys)
  const members = (kind: BucketKind, present: ReturnType<typeof sql>, key: ReturnType<typeof sql>) => sql`
    select ${kind}::text as kind, array_agg(id order by at, id) as ids, array_agg(at order by at, id) as times,
      array_agg(signature order by at, id) as signatures
    from keyed where ${present} group by ${key} having count(*) > 1`
  const result = await withWorkMem(db, (trx) =>
    sql<KeyBucket>`
    with keyed as materialized (
      select r.id, (extract(epoch from r.submitted_at) * 1000)::float8 as at,
        ${normalEmail} as email_n, ${normalPhone} as phone_n, ${normalName} as name_n,
        case when ${normalName} is not null then coalesce(
          nullif(upper(trim(r.answers ->> 'postcode_district')), ''),
          nullif(upper(split_part(trim(c.postcode), ' ', 1)), '')
        ) end as district,
        ${signature} as signature
      from responses r join respondent_contacts c on c.response_id = r.id ${unpacked}
      where r.consultation_id = ${consultationId} and ${isCounted('r')}
    )
    ${members('email', sql`email_n is not null`, sql`email_n, coalesce(name_n, '')`)}
    union all
    ${members('phone', sql`phone_n is not null`, sql`phone_n, coalesce(name_n, '')`)}
    union all
    ${members('name', sql`name_n is not null and district is not null`, sql`name_n, district`)}
  `.execute(trx),
  )
  return result.rows
}

export interface AnswerHashGroup {
  kind: 'identical' | 'burst'
  ids: string[]
  times: number[]
  /** For identical answers, each member's email and name as salted hashes (null when not given). */
  email_keys: (string | null)[] | null
  name_keys: (string | null)[] | null
}

/**
 * Responses with the very same answers (when there is enough of them to be telling), and runs of
 * online responses with the same choices, each submitted within `burstSeconds` of the one before,
 * `burstSize` or more long. Both are found in one pass with PostgreSQL's own 64-bit hash of the
 * stored answers, which is several times quicker than hashing them as text; sizes are the stored
 * size in bytes.
 */
export async function listAnswerHashGroups(
  db: Kysely<Database>,
  consultationId: string,
  options: {
    salt: string
    freeTextKeys: string[]
    minAnswersSize: number
    minChoiceSize: number
    burstSize: number
    burstSeconds: number
  },
): Promise<AnswerHashGroup[]> {
  const { salt, freeTextKeys, minAnswersSize, minChoiceSize, burstSize, burstSeconds } = options
  const result = await withWorkMem(db, (trx) =>
    sql<AnswerHashGroup>`
    with answer_keys as materialized (
      select r.id, r.submitted_at,
        case when pg_column_size(r.answers) >= ${minAnswersSize} then jsonb_hash_extended(r.answers, 0) end
          as answers_key,
        case when r.channel = 'online' and pg_column_size(r.answers - ${freeTextKeys}::text[]) >= ${minChoiceSize}
          then jsonb_hash_extended(r.answers - ${freeTextKeys}::text[], 0) end as choice_key
      from responses r
      where r.consultation_id = ${consultationId} and ${isCounted('r')}
    ),
    identical as (
      select h.answers_key, h.id, h.submitted_at, c.email, c.phone, c.name
      from answer_keys h left join respondent_contacts c on c.response_id = h.id
      where h.answers_key in (
        select answers_key from answer_keys where answers_key is not null group by 1 having count(*) > 1)
    ),
    choices as (
      select id, submitted_at, choice_key,
        case when submitted_at - lag(submitted_at) over (partition by choice_key order by submitted_at, id)
          <= make_interval(secs => ${burstSeconds}) then 0 else 1 end as starts
      from answer_keys
      where choice_key in (
        select choice_key from answer_keys where choice_key is not null group by 1 having count(*) >= ${burstSize})
    ),
    runs as (
      select id, submitted_at, choice_key,
        sum(starts) over (partition by choice_key order by submitted_at, id) as run
      from choices
    )
    select 'identical' as kind,
      array_agg(id order by submitted_at, id) as ids,
      array_agg((extract(epoch from submitted_at) * 1000)::float8 order by submitted_at, id) as times,
      array_agg(case when ${normalEmail} is not null then ${hashed(salt, 'e:', normalEmail)} end
        order by submitted_at, id) as email_keys,
      array_agg(case when ${normalName} is not null then ${hashed(salt, 'n:', normalName)} end
        order by submitted_at, id) as name_keys
    from identical c group by answers_key
    union all
    select 'burst', array_agg(id order by submitted_at, id),
      array_agg((extract(epoch from submitted_at) * 1000)::float8 order by submitted_at, id), null, null
    from runs group by choice_key, run having count(*) >= ${burstSize}
  `.execute(trx),
  )
  return result.rows
}

/** The answers of the responses asked for, to compare within the buckets they share. */
export async function listAnswersOf(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return []
  const result = await sql<{ id: string; answers: Record<string, AnswerValue> }>`
    select id, answers from responses where id = any(${ids}::uuid[])
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
    where r.consultation_id = ${consultationId} and ${isCounted('r')}
      and e.key = any(${keys}::text[]) and length(e.value) >= ${minLength}
  `.execute(db)
  return result.rows
}

/** The counted figure, from the totals kept as responses arrive (migration 0150). */
export async function countCounted(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('response_tallies')
    .select(sql<string>`coalesce(sum(n), 0)`.as('n'))
    .where('consultation_id', '=', consultationId)
    .where('standing', '=', 'counted')
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
  run: {
    at: Date
    responsesSeen: number
    settings: Record<string, unknown>
    summary: Record<string, unknown>
  },
) {
  // Two runs for one consultation at once (two pages opened together) take turns.
  await sql`select pg_advisory_xact_lock(hashtext(${`participation:${consultationId}`}))`.execute(trx)
  await sql`
    delete from participation_group_members where group_id in (
      select id from participation_groups where consultation_id = ${consultationId})
  `.execute(trx)
  await trx.deleteFrom('participation_groups').where('consultation_id', '=', consultationId).execute()
  // Ids are made here so the groups and their members go in as two statements of arrays, not a
  // round trip per group or chunk.
  const groupIds = groups.map(() => randomUUID())
  await sql`
    insert into participation_groups (id, consultation_id, tier, group_key, evidence, detected_at)
    select id, ${consultationId}, tier, group_key, evidence, ${run.at}
    from unnest(${groupIds}::uuid[], ${groups.map((g) => g.tier)}::text[], ${groups.map((g) => g.key)}::text[],
      ${groups.map((g) => JSON.stringify(g.evidence))}::jsonb[]) as g(id, tier, group_key, evidence)
  `.execute(trx)
  const members = groups.flatMap((g, i) =>
    g.members.map((responseId, position) => ({ group: groupIds[i] as string, responseId, position })),
  )
  await sql`
    insert into participation_group_members (group_id, response_id, position)
    select * from unnest(${members.map((m) => m.group)}::uuid[], ${members.map((m) => m.responseId)}::uuid[], ${members.map((m) => m.position)}::int[])
  `.execute(trx)
  await sql`
    insert into participation_runs
      (consultation_id, detected_at, responses_seen, settings, status, stage, finished_at, summary)
    values (${consultationId}, ${run.at}, ${run.responsesSeen}, ${JSON.stringify(run.settings)}::jsonb,
      'done', null, ${run.at}, ${JSON.stringify(run.summary)}::jsonb)
    on conflict (consultation_id) do update set detected_at = excluded.detected_at,
      responses_seen = excluded.responses_seen, settings = excluded.settings, status = 'done',
      stage = null, progress_done = participation_runs.progress_total,
      finished_at = excluded.finished_at, summary = excluded.summary
  `.execute(trx)
}

/** Two requests to detect for one consultation at once take turns. */
export async function lockRuns(trx: Kysely<Database>, consultationId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`participation-run:${consultationId}`}))`.execute(trx)
}

/** A run asked for: the groups of the last finished run stay until it is done. */
export async function markRunQueued(
  trx: Kysely<Database>,
  consultationId: string,
  request: { at: Date; by: string | null },
) {
  await trx
    .insertInto('participation_runs')
    .values({
      consultation_id: consultationId,
      status: 'queued',
      requested_at: request.at,
      requested_by: request.by,
    })
    .onConflict((oc) =>
      oc.column('consultation_id').doUpdateSet({
        status: 'queued',
        stage: null,
        progress_done: 0,
        progress_total: 0,
        requested_at: request.at,
        requested_by: request.by,
        started_at: null,
      }),
    )
    .execute()
}

export async function updateRun(
  db: Kysely<Database>,
  consultationId: string,
  change: {
    status?: 'running' | 'failed'
    stage?: string | null
    done?: number
    total?: number
    startedAt?: Date
    finishedAt?: Date
  },
) {
  await db
    .updateTable('participation_runs')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.stage !== undefined ? { stage: change.stage } : {}),
      ...(change.done !== undefined ? { progress_done: change.done } : {}),
      ...(change.total !== undefined ? { progress_total: change.total } : {}),
      ...(change.startedAt ? { started_at: change.startedAt } : {}),
      ...(change.finishedAt ? { finished_at: change.finishedAt } : {}),
    })
    .where('consultation_id', '=', consultationId)
    .execute()
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

/** A detected group, with how many responses it has, how many of them still count, and any decision on it. */
export interface ListedGroup {
  id: string
  tier: ParticipationTier
  group_key: string
  evidence: Record<string, unknown>
  decision: 'same_person' | 'different_people' | null
  reason: string | null
  members: number
  counted: number
}

/**
 * Each group with how many members it has and how many are still counted, and any decision on it,
 * in a fixed order; one page of them when asked. The page is chosen first, from the index in that
 * order. Members are counted from their index, and those no longer counted are found from the
 * few responses that do not count (each standing read from its index, kept apart by offset 0),
 * so a campaign of tens of thousands is not looked up response by response.
 */
export async function listGroups(
  db: Kysely<Database>,
  consultationId: string,
  page?: { offset: number; limit: number },
): Promise<ListedGroup[]> {
  const result = await sql<ListedGroup>`
    with chosen as materialized (
      select g.id, g.consultation_id, g.tier, g.group_key, g.evidence
      from participation_groups g
      where g.consultation_id = ${consultationId}
      order by g.tier, g.group_key
      ${page ? sql`offset ${page.offset} limit ${page.limit}` : sql``}
    ),
    left_out as (
      select m.group_id, count(*)::int as n
      from (select r.id from responses r
        where r.consultation_id = ${consultationId}
          and ${standingOf('r')} in ('excluded', 'late_refused', 'late_undecided') offset 0) r
      join participation_group_members m on m.response_id = r.id
      where m.group_id in (select id from chosen)
      group by m.group_id
    )
    select g.id, g.tier, g.group_key, g.evidence, d.decision, d.reason, c.members,
      c.members - coalesce(l.n, 0) as counted
    from chosen g
    left join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
    cross join lateral (select count(*)::int as members from participation_group_members m where m.group_id = g.id) c
    left join left_out l on l.group_id = g.id
    order by g.tier, g.group_key
  `.execute(db)
  return result.rows
}

export async function countGroups(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('participation_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
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

/** Where a page of a group's members starts: after or before a member's position, or the first page. */
export type MemberPage = { after: number } | { before: number } | Record<string, never>

/**
 * A page of a group's responses in order, with where they came from and the event each was
 * collected at: a range read on the group's positions (a campaign may have tens of thousands of
 * members). Whole when no limit is given.
 */
export async function listGroupMembers(
  db: Kysely<Database>,
  groupId: string,
  page: MemberPage = {},
  limit?: number,
) {
  const backwards = 'before' in page
  let query = db
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
    .orderBy('m.position', backwards ? 'desc' : 'asc')
  if ('after' in page) query = query.where('m.position', '>', page.after)
  if ('before' in page) query = query.where('m.position', '<', page.before)
  const rows = await (limit === undefined ? query : query.limit(limit)).execute()
  return backwards ? rows.reverse() : rows
}

/** How many responses a group has, and its first and last positions, from the index of its members. */
export async function groupExtent(db: Kysely<Database>, groupId: string) {
  const row = await db
    .selectFrom('participation_group_members')
    .select([
      sql<number>`count(*)::int`.as('members'),
      sql<number | null>`min(position)`.as('first'),
      sql<number | null>`max(position)`.as('last'),
    ])
    .where('group_id', '=', groupId)
    .executeTakeFirstOrThrow()
  return row
}

export async function isGroupMember(db: Kysely<Database>, groupId: string, responseId: string) {
  const row = await db
    .selectFrom('participation_group_members')
    .select('response_id')
    .where('group_id', '=', groupId)
    .where('response_id', '=', responseId)
    .executeTakeFirst()
  return row !== undefined
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
/** The responses that repeat a person counted already (staff decided the same person), as a query of ids. */
export function decidedRepeatsQuery(consultationId: string) {
  return sql<{ id: string }>`
    select m.response_id as id
    from participation_groups g
    join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
    join participation_group_members m on m.group_id = g.id
    where g.consultation_id = ${consultationId} and g.tier in ('exact', 'likely')
      and d.decision = 'same_person'
      and m.position > (
        select min(m2.position) from participation_group_members m2
        join responses r2 on r2.id = m2.response_id
        where m2.group_id = g.id and ${isCounted('r2')}
      )
  `
}

/** The responses found to be part of a campaign, as a query of ids (each once). */
export function campaignMembersQuery(consultationId: string) {
  return sql<{ id: string }>`
    select distinct m.response_id as id
    from participation_groups g join participation_group_members m on m.group_id = g.id
    where g.consultation_id = ${consultationId} and g.tier = 'campaign'
  `
}

/** How many responses each query finds, in one round trip. */
export async function countAnalysisGroups(db: Kysely<Database>, consultationId: string) {
  const result = await sql<{ repeats: number; campaigns: number }>`
    select (select count(*) from (${decidedRepeatsQuery(consultationId)}) r)::int as repeats,
      (select count(*) from (${campaignMembersQuery(consultationId)}) c)::int as campaigns
  `.execute(db)
  return result.rows[0] ?? { repeats: 0, campaigns: 0 }
}

/**
 * The responses that repeat someone counted already, as a set: the rule of `repeatOf`, worked out
 * once for the consultation rather than once a response.
 */
function repeatIdsQuery(consultationId: string) {
  return sql<{ id: string }>`
    select distinct m.response_id as id
    from participation_groups g
    left join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
    join participation_group_members m on m.group_id = g.id
    join (
      select m2.group_id, min(m2.position) as first
      from participation_group_members m2
      join participation_groups g2 on g2.id = m2.group_id
      join responses r2 on r2.id = m2.response_id
      where g2.consultation_id = ${consultationId} and ${isCounted('r2')}
      group by m2.group_id
    ) f on f.group_id = g.id
    where g.consultation_id = ${consultationId} and ${countsAsOnePerson} and m.position > f.first
  `
}

/** A count of counted responses in one cell: a channel, a partner and whether each repeats someone. */
export interface FigureRow {
  kind: 'total' | 'answer' | 'area'
  channel: ResponseChannel
  partner_id: string | null
  /** For totals and answers; null for areas, which count every counted response. */
  repeat: boolean | null
  area: string | null
  key: string | null
  value: AnswerValue | null
  n: number
}

/**
 * Everything the participation pages show, counted once for the detection run: counted responses
 * by channel, partner and whether they repeat someone; each profile answer in the same cells; and
 * each reach answer by the area the respondent is placed in. A filter on the page then adds up
 * cells, so it reads no response.
 */
export async function countFigureRows(
  db: Kysely<Database>,
  consultationId: string,
  keys: string[],
  areaKeys: string[],
  districts: { district: string; area: string }[],
): Promise<FigureRow[]> {
  const result = await sql<FigureRow>`
    with repeats as materialized (${repeatIdsQuery(consultationId)}),
    chosen as materialized (
      select r.channel, r.partner_organisation_id as partner_id, r.answers, (p.id is not null) as repeat
      from responses r left join repeats p on p.id = r.id
      where r.consultation_id = ${consultationId} and ${isCounted('r')}
    ),
    placed as (
      select c.channel, c.partner_id, c.answers, coalesce(
        case when c.answers ->> 'area' in (select distinct a from unnest(${districts.map((d) => d.area)}::text[]) a)
          then c.answers ->> 'area' end,
        case when c.answers ->> 'area' is null or c.answers ->> 'area' = 'prefer_not_to_say' then d.area end
      ) as area
      from chosen c
      left join unnest(${districts.map((d) => d.district)}::text[], ${districts.map((d) => d.area)}::text[]) as d(district, area)
        on d.district = upper(trim(c.answers ->> 'postcode_district'))
    )
    select 'total' as kind, channel, partner_id, repeat, null::text as area, null::text as key,
      null::jsonb as value, count(*)::int as n
    from chosen group by 2, 3, 4
    union all
    select 'answer', channel, partner_id, repeat, null, q.key, answers -> q.key, count(*)::int
    from chosen cross join unnest(${keys}::text[]) as q(key)
    where answers ? q.key
    group by 2, 3, 4, 6, 7
    union all
    select 'area', channel, partner_id, null, area, q.key, to_jsonb(answers ->> q.key), count(*)::int
    from placed cross join unnest(${areaKeys}::text[]) as q(key)
    where area is not null
    group by 2, 3, 5, 6, 7
  `.execute(db)
  return result.rows
}

/** The transactions committed now, as a snapshot: whatever reads next sees at least these. */
export async function readSnapshot(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(db)
  const snapshot = result.rows[0]?.snapshot
  if (!snapshot) throw new Error('The database gave no snapshot')
  return snapshot
}

export async function storeFigures(
  trx: Kysely<Database>,
  consultationId: string,
  stored: { at: Date; snapshot: string; responsesSeen: number; figures: Record<string, unknown> },
) {
  const values = {
    computed_at: stored.at,
    snapshot: stored.snapshot,
    responses_seen: stored.responsesSeen,
    figures: JSON.stringify(stored.figures),
  }
  await trx
    .insertInto('participation_figures')
    .values({ consultation_id: consultationId, ...values })
    .onConflict((oc) => oc.column('consultation_id').doUpdateSet(values))
    .execute()
}

export function findFigures(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('participation_figures')
    .select(['computed_at', sql<string>`snapshot::text`.as('snapshot'), 'responses_seen', 'figures'])
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
}

/**
 * How many responses and duplicate decisions were changed by transactions a run's snapshot does
 * not show: two range reads on indexes from the snapshot's oldest open transaction, so the work
 * grows with what changed since, not with the consultation. Transactions elsewhere that were open
 * when the run began (in another database of the server, say) lower that start but are not counted.
 */
export async function countChangedSince(db: Kysely<Database>, consultationId: string, snapshot: string) {
  const unseen = (table: 'responses' | 'participation_decisions') => sql`(
    select count(*) from ${sql.table(table)}
    where consultation_id = ${consultationId}
      and changed_xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
      and not pg_visible_in_snapshot(changed_xid, ${snapshot}::pg_snapshot))::int`
  const result = await sql<{ responses: number; decisions: number }>`
    select ${unseen('responses')} as responses, ${unseen('participation_decisions')} as decisions
  `.execute(db)
  return result.rows[0] ?? { responses: 0, decisions: 0 }
}
