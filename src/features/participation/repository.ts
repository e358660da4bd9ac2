import { randomUUID } from 'node:crypto'
import { type Kysely, type RawBuilder, sql } from 'kysely'
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
const countsAsOnePerson = sql<boolean>`(g.tier in ('exact', 'likely')
    and coalesce(d.decision, 'same_person') = 'same_person'
    or g.tier = 'possible' and d.decision = 'same_person')`

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

/** Marks in an answer signature: a question not answered, and a text too long to carry. */
export const signatureMarks = { absent: '\u0001', longText: '\u0002', separator: '\u001f' } as const

/**
 * The stored answers unpacked once into a text column a question (`jsonb_to_record`): reading each
 * question straight from the stored document would decompress it again for every question, and
 * text columns cost about half what jsonb columns do to unpack.
 */
function unpackAnswers(keys: readonly string[]) {
  return sql`cross join lateral jsonb_to_record(r.answers) as a(${sql.join(keys.map((key) => sql`${sql.id(key)} text`))})`
}

const column = (key: string) => sql`a.${sql.id(key)}`

/**
 * A response's answers in brief, for the questions given in order (see `SignatureSpace`): a
 * choice as its value, a text marked by a leading quote, a text over 40 characters as a mark
 * (compared by its words later), a question not answered (or "prefer not to say") as a mark.
 */
function answerSignature(keys: readonly string[], textKeys: readonly string[]) {
  if (keys.length === 0) return sql`''`
  const value = (key: string) =>
    textKeys.includes(key)
      ? sql`coalesce(case when length(${column(key)}) > 40 then chr(2) else '"' || ${column(key)} end, chr(1))`
      : sql`coalesce(nullif(${column(key)}, 'prefer_not_to_say'), chr(1))`
  return sql`concat_ws(chr(31), ${sql.join(keys.map(value))})`
}

/**
 * Settings for one detection query, for its own transaction only. Memory for its sorts and
 * hashes: with the default a million responses' keys are sorted on disk. No nested loops: each
 * query reads a whole consultation, and just after a bulk load the planner's statistics may still
 * say a consultation has one response (PGlite has no autovacuum), for which it joins two
 * aggregates by a nested loop that compares every response with every other.
 */
const detectionWorkMem = '256MB'

function withDetectionSettings<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('work_mem', ${detectionWorkMem}, true), set_config('enable_nestloop', 'off', true),
      set_config('jit', 'off', true)`.execute(trx)
    return work(trx)
  })
}

export interface LinkRow {
  id: string
  /** Submission time in milliseconds since 1970. */
  at: number
  name: string | null
  email: string | null
  phone: string | null
  postcode: string | null
  /** The postcode district the questionnaire asked for, when it did. */
  district: string | null
  /**
   * This response's answer blocks shared with another response, each as its number for the run
   * and how many share it, all in one text ("-3 2 17 4": block -3 shared by 2, block 17 by 4; ''
   * for none): splitting a text is a fraction of the cost of parsing two arrays a row.
   */
  blocks: string
  /** The answers in brief: see `answerSignature`. */
  signature: string
  /** The answers about who they are (the profile questions) in brief, the same way. */
  profile: string
}

/**
 * Each response's answers cut into blocks whose hashes say where two responses agree: the choices
 * in `bands` groups of questions (a band of fewer than two answers is left out), each long text
 * (in lower case), and the whole of the answers compared. A second response that changes an
 * answer or two still shares most blocks with the first. The hash's seed tells the kinds apart.
 * The bands are counted apart from the rest: a band takes a few dozen values, so its counts make
 * a table that small, where the texts and the whole are counted among millions of keys.
 */
function answerBlocks(choiceKeys: readonly string[], textKeys: readonly string[], bands: number) {
  const groups: string[][] = Array.from(
    { length: Math.min(bands, Math.max(1, Math.floor(choiceKeys.length / 2))) },
    () => [],
  )
  for (const [i, key] of choiceKeys.entries()) groups[i % groups.length]?.push(key)
  const band = (keys: string[], i: number) =>
    sql`case when num_nonnulls(${sql.join(keys.map(column))}) >= 2 then hashtextextended(concat_ws(chr(31), ${sql.join(
      keys.map((k) => sql`coalesce(${column(k)}, chr(1))`),
    )}), ${i}) end`
  const text = (key: string) =>
    sql`case when length(${column(key)}) >= 40 then hashtextextended(lower(${column(key)}), ${bands}) end`
  // No question to compare (only questions about who they are) is one answer all share.
  const all = [...choiceKeys, ...textKeys].map((k) => sql`coalesce(${column(k)}, chr(1))`)
  const others = [
    ...textKeys.map(text),
    sql`hashtextextended(concat_ws(chr(31), ${all.length ? sql.join(all) : sql`''`}), ${bands + 1})`,
  ]
  return { bands: groups.filter((g) => g.length > 0).map(band), others }
}

/**
 * What record linkage compares, for every counted response that has contact details or shares
 * an answer block with at most `maxBlock` − 1 others: its details as given (normalised by the
 * caller, never logged), its shared answer blocks with their sizes, its answers in brief and its
 * answers about who they are in brief (`profileKeys`). Each response is read and unpacked once,
 * into a temporary table with a column a block; the blocks are counted by a hash of the keys, and
 * each response's looked up by a join a column, never by comparing responses two by two nor by
 * gathering a million responses' blocks back together (which cost as much as the unpacking).
 */
export async function listLinkRows(
  db: Kysely<Database>,
  consultationId: string,
  options: {
    questionKeys: readonly string[]
    choiceKeys: readonly string[]
    textKeys: readonly string[]
    profileKeys: readonly string[]
    maxBlock: number
    bands: number
  },
): Promise<LinkRow[]> {
  const unpacked = [
    ...new Set([
      ...options.questionKeys,
      ...options.choiceKeys,
      ...options.textKeys,
      ...options.profileKeys,
      'postcode_district',
    ]),
  ]
  const blocks = answerBlocks(options.choiceKeys, options.textKeys, options.bands)
  // Each block a column of its own (`k0`, `k1`…), its size and number looked up by a join of its own.
  const slots = [
    ...blocks.bands.map((expression) => ({ expression, sizes: sql.id('band_sizes') })),
    ...blocks.others.map((expression) => ({ expression, sizes: sql.id('other_sizes') })),
  ].map((slot, i) => ({ ...slot, column: sql.id(`k${i}`), join: sql.id(`j${i}`) }))
  const columns = (of: readonly (typeof slots)[number][]) =>
    of.length ? sql`array[${sql.join(of.map((slot) => sql`b.${slot.column}`))}]` : sql`array[]::bigint[]`
  const result = await withDetectionSettings(db, async (trx) => {
    // Unpacking and hashing every response is most of the work, so it is a statement of its own,
    // which PostgreSQL may share among parallel workers: with nested loops off (see
    // withDetectionSettings) the lateral unpacking, a nested loop whatever the settings, is priced
    // so high that a parallel plan no longer looks cheaper. It joins nothing, so it needs them on.
    await sql`select set_config('enable_nestloop', 'on', true)`.execute(trx)
    await sql`
      create temp table link_base on commit drop as
      select r.id, (extract(epoch from r.submitted_at) * 1000)::float8 as at,
        a.postcode_district as district,
        ${answerSignature(options.questionKeys, options.textKeys)} as signature,
        ${answerSignature(options.profileKeys, [])} as profile,
        ${sql.join(slots.map((slot) => sql`${slot.expression} as ${slot.column}`))}
      from responses r ${unpackAnswers(unpacked)}
      where r.consultation_id = ${consultationId} and ${isCounted('r')}
    `.execute(trx)
    // A join a block, in the order written: more joins than the planner searches exhaustively.
    // The rows come back in the order they were submitted, as the parallel workers write them in
    // any: record linkage samples pairs for EM, and breaks ties between like names, by place.
    await sql`select set_config('enable_nestloop', 'off', true), set_config('join_collapse_limit', '1', true)`.execute(
      trx,
    )
    // Blocks are numbered for the run (bands below 0, the rest above), so each row carries a few
    // short numbers rather than 64-bit hashes.
    const sizes = (of: readonly (typeof slots)[number][], sign: RawBuilder<unknown>) => sql`
      select key, count(*)::int as size, ${sign}row_number() over () as number
      from (select unnest(${columns(of)}) as key from link_base b) k
      where key is not null group by key having count(*) > 1`
    return sql<LinkRow>`
    with band_sizes as materialized (${sizes(slots.slice(0, blocks.bands.length), sql`-`)}),
    other_sizes as materialized (${sizes(slots.slice(blocks.bands.length), sql``)})
    select b.id, b.at, c.name, c.email, c.phone, c.postcode, b.district,
      concat_ws(' ', ${sql.join(slots.map((slot) => sql`${slot.join}.number || ' ' || ${slot.join}.size`))}) as blocks,
      b.signature, b.profile
    from link_base b
      ${sql.join(
        slots.map((slot) => sql`left join ${slot.sizes} ${slot.join} on ${slot.join}.key = b.${slot.column}`),
        sql` `,
      )}
      left join respondent_contacts c on c.response_id = b.id
    where ${sql.join(
      [
        ...slots.map((slot) => sql`${slot.join}.size <= ${options.maxBlock}`),
        sql`c.name is not null or c.email is not null or c.phone is not null`,
      ],
      sql` or `,
    )}
    order by b.at, b.id
  `.execute(trx)
  })
  return result.rows
}

/** A row's shared answer blocks (see `LinkRow.blocks`), each with how many responses share it. */
export function sharedBlocks(row: Pick<LinkRow, 'blocks'>): { key: string; size: number }[] {
  if (row.blocks === '') return []
  const parts = row.blocks.split(' ')
  const blocks: { key: string; size: number }[] = []
  for (let i = 0; i + 1 < parts.length; i += 2)
    blocks.push({ key: parts[i] as string, size: Number(parts[i + 1]) })
  return blocks
}

/**
 * Runs of online responses with the same choices, each submitted within `burstSeconds` of the one
 * before, `burstSize` or more long, found with PostgreSQL's own 64-bit hash of the stored
 * choices; `minChoiceSize` is the smallest choices document, in bytes stored, looked at.
 * Responses with the same choices have the same closed answers, so only those whose kept closed
 * answers (migration 0013) `burstSize` or more share are read: a narrow table scanned, where
 * taking the free text out of every document cost most of the time.
 */
export async function listBursts(
  db: Kysely<Database>,
  consultationId: string,
  options: { freeTextKeys: string[]; minChoiceSize: number; burstSize: number; burstSeconds: number },
): Promise<{ ids: string[] }[]> {
  const { freeTextKeys, minChoiceSize, burstSize, burstSeconds } = options
  const result = await withDetectionSettings(db, (trx) =>
    sql<{ ids: string[] }>`
    with closed as materialized (
      select response_id, hash_array_extended(codes, 0) as closed_key
      from closed_answers where consultation_id = ${consultationId}
    ),
    candidates as (
      select response_id from closed
      where closed_key in (select closed_key from closed group by 1 having count(*) >= ${burstSize})
    ),
    answer_keys as materialized (
      select r.id, r.submitted_at, jsonb_hash_extended(r.answers - ${freeTextKeys}::text[], 0) as choice_key
      from responses r
      where r.id = any(array(select response_id from candidates))
        and r.consultation_id = ${consultationId} and ${isCounted('r')} and r.channel = 'online'
        and pg_column_size(r.answers - ${freeTextKeys}::text[]) >= ${minChoiceSize}
    ),
    choices as (
      select id, submitted_at, choice_key,
        case when submitted_at - lag(submitted_at) over (partition by choice_key order by submitted_at, id)
          <= make_interval(secs => ${burstSeconds}) then 0 else 1 end as starts
      from answer_keys
      where choice_key in (select choice_key from answer_keys group by 1 having count(*) >= ${burstSize})
    ),
    runs as (
      select id, submitted_at, choice_key,
        sum(starts) over (partition by choice_key order by submitted_at, id) as run
      from choices
    )
    select array_agg(id order by submitted_at, id) as ids
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
  weight?: number
  probability?: number
}

/** Groups stored by one statement. */
const groupsPerInsert = 10_000

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
  // A group whose key is found again has the same tier and members, so it stays (with its id,
  // which pages link to), and its evidence and weights change only if they did, with its
  // `detected_at` (when it was found with this evidence): a run over unchanged responses stores
  // no member again, and each member stored is checked against its group and its response.
  const keys = groups.map((g) => g.key)
  await sql`
    delete from participation_group_members where group_id in (
      select g.id from participation_groups g
      where g.consultation_id = ${consultationId}
        and not exists (select 1 from unnest(${keys}::text[]) k(key) where k.key = g.group_key))
  `.execute(trx)
  await sql`
    delete from participation_groups g
    where g.consultation_id = ${consultationId}
      and not exists (select 1 from unnest(${keys}::text[]) k(key) where k.key = g.group_key)
  `.execute(trx)
  // Arrays, two statements a batch, not a round trip per group; batches keep each statement's
  // arrays to a few megabytes. Ids are made here: one that comes back is a group just inserted,
  // whose members go in beside it; a group found again comes back only if its evidence changed.
  for (let start = 0; start < groups.length; start += groupsPerInsert) {
    const batch = groups.slice(start, start + groupsPerInsert)
    const proposed = batch.map(() => randomUUID())
    const stored = await sql<{ id: string }>`
      insert into participation_groups as g
        (id, consultation_id, tier, group_key, evidence, detected_at, match_weight, match_probability)
      select id, ${consultationId}, tier, group_key, evidence, ${run.at}, weight, probability
      from unnest(${proposed}::uuid[], ${batch.map((g) => g.tier)}::text[], ${batch.map((g) => g.key)}::text[],
        ${batch.map((g) => JSON.stringify(g.evidence))}::jsonb[], ${batch.map((g) => g.weight ?? null)}::real[],
        ${batch.map((g) => g.probability ?? null)}::real[]) as given(id, tier, group_key, evidence, weight, probability)
      on conflict (consultation_id, group_key) do update set evidence = excluded.evidence,
        detected_at = excluded.detected_at, match_weight = excluded.match_weight,
        match_probability = excluded.match_probability
      where (g.evidence, g.match_weight, g.match_probability)
        is distinct from (excluded.evidence, excluded.match_weight, excluded.match_probability)
      returning g.id
    `.execute(trx)
    const inserted = new Set(stored.rows.map((r) => r.id))
    const members = batch.flatMap((g, i) => {
      const group = proposed[i] as string
      return inserted.has(group)
        ? g.members.map((responseId, position) => ({ group, responseId, position }))
        : []
    })
    if (members.length === 0) continue
    await sql`
      insert into participation_group_members (group_id, response_id, position)
      select * from unnest(${members.map((m) => m.group)}::uuid[], ${members.map((m) => m.responseId)}::uuid[], ${members.map((m) => m.position)}::int[])
    `.execute(trx)
  }
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

/**
 * The consultation's responses that no longer count, each standing read from its index: few, so
 * groups' counted members are found from them rather than by looking up every member.
 */
const notCounted = (consultationId: string) => sql`(select r.id from responses r
  where r.consultation_id = ${consultationId}
    and ${standingOf('r')} in ('excluded', 'late_refused', 'late_undecided') offset 0)`

/** A detected group, with how many responses it has, how many of them still count, and any decision on it. */
export interface ListedGroup {
  id: string
  tier: ParticipationTier
  group_key: string
  evidence: Record<string, unknown>
  match_probability: number | null
  match_weight: number | null
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
      select g.id, g.consultation_id, g.tier, g.group_key, g.evidence, g.match_probability, g.match_weight
      from participation_groups g
      where g.consultation_id = ${consultationId}
      order by g.tier, g.group_key
      ${page ? sql`offset ${page.offset} limit ${page.limit}` : sql``}
    ),
    left_out as (
      select m.group_id, count(*)::int as n
      from ${notCounted(consultationId)} r
      join participation_group_members m on m.response_id = r.id
      where m.group_id in (select id from chosen)
      group by m.group_id
    )
    select g.id, g.tier, g.group_key, g.evidence, g.match_probability, g.match_weight, d.decision, d.reason, c.members,
      c.members - coalesce(l.n, 0) as counted
    from chosen g
    left join participation_decisions d on d.consultation_id = g.consultation_id and d.group_key = g.group_key
    cross join lateral (select count(*)::int as members from participation_group_members m where m.group_id = g.id) c
    left join left_out l on l.group_id = g.id
    order by g.tier, g.group_key
  `.execute(db)
  return result.rows
}

/**
 * For the estimate of people: the repeats (counted members after the first) of the groups of
 * each tier and decision, summed, and summed again weighted by each group's probability. The
 * groups are not sent, so a million responses' hundred thousand groups cost one small result.
 */
export async function sumGroupRepeats(db: Kysely<Database>, consultationId: string) {
  const result = await sql<RepeatSum>`
    with chosen as materialized (
      select g.id, g.consultation_id, g.tier, g.group_key, g.match_probability
      from participation_groups g
      where g.consultation_id = ${consultationId} and g.tier in ('exact', 'likely', 'possible')
    ),
    left_out as (
      select m.group_id, count(*)::int as n
      from ${notCounted(consultationId)} r
      join participation_group_members m on m.response_id = r.id
      group by m.group_id
    ),
    repeats as (
      select c.id, greatest(count(*) - 1 - coalesce(min(l.n), 0), 0) as n
      from chosen c join participation_group_members m on m.group_id = c.id
      left join left_out l on l.group_id = c.id
      group by c.id
    )
    select c.tier, d.decision, sum(p.n)::float8 as repeats,
      sum(p.n * coalesce(c.match_probability::numeric, 0.5))::float8 as expected
    from chosen c join repeats p on p.id = c.id
    left join participation_decisions d on d.consultation_id = c.consultation_id and d.group_key = c.group_key
    group by 1, 2
  `.execute(db)
  return result.rows
}

export interface RepeatSum {
  tier: ParticipationTier
  decision: 'same_person' | 'different_people' | null
  repeats: number
  expected: number
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
    where g.consultation_id = ${consultationId} and g.tier in ('exact', 'likely', 'possible')
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
 * The settings of `withDetectionSettings` for one query in the caller's transaction (figures and
 * groups are stored together), put back as they were afterwards: groups stored a moment before
 * have no statistics, and the planner would look every response up by a nested loop over them.
 */
async function withSettingsIn<T>(trx: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const before = await sql<{ nestloop: string; sort: string; work_mem: string }>`
    select current_setting('enable_nestloop') as nestloop, current_setting('enable_sort') as sort,
      current_setting('work_mem') as work_mem`.execute(trx)
  await sql`select set_config('enable_nestloop', 'off', true), set_config('enable_sort', 'off', true),
    set_config('work_mem', ${detectionWorkMem}, true)`.execute(trx)
  const result = await work()
  const was = before.rows[0]
  await sql`select set_config('enable_nestloop', ${was?.nestloop ?? 'on'}, true),
    set_config('enable_sort', ${was?.sort ?? 'on'}, true), set_config('work_mem', ${was?.work_mem ?? '4MB'}, true)`.execute(
    trx,
  )
  return result
}

/**
 * The counted responses that repeat someone counted already, each with its channel, partner and
 * closed answers' codes (null when it has none): few, so their answers can be taken away from the
 * kept totals of every counted response.
 */
export async function listRepeatCodes(db: Kysely<Database>, consultationId: string) {
  const result = await withSettingsIn(db, () =>
    sql<{ channel: ResponseChannel; partner_id: string | null; codes: number[] | null }>`
    select r.channel, r.partner_organisation_id as partner_id, ca.codes
    from (${repeatIdsQuery(consultationId)}) p
    join responses r on r.id = p.id
    left join closed_answers ca on ca.response_id = r.id
    where ${isCounted('r')}
  `.execute(db),
  )
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
