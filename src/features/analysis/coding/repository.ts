import { type Kysely, type RawBuilder, sql } from 'kysely'
import { isCounted } from '../../../platform/db/counted.js'
import type { CodingSentiment, Database, ResponseChannel } from '../../../platform/db/schema.js'

// SQL for reading comments and counting their themes. A comment is a free-text answer: a response
// and a question key.

export interface CommentFilters {
  question?: string
  theme?: string
  sentiment?: CodingSentiment
  channel?: ResponseChannel
  uncoded?: boolean
}

export interface CommentKey {
  reference: string
  questionKey: string
}

export interface CommentRow {
  response_id: string
  reference: string
  channel: ResponseChannel
  question_key: string
  excerpt: string
  length: number
  coding_id: string | null
  sentiment: CodingSentiment | null
  quote_worthy: boolean | null
  personal_data: boolean | null
  safeguarding: boolean | null
  theme_ids: string[] | null
}

const excerptLength = 400

/**
 * The rows of a consultation's comments on the given questions, with their first-pass coding.
 * Each response's answers are read once (jsonb_each_text), not once per question.
 */
function commentSource(
  consultationId: string,
  questionKeys: readonly string[],
  f: CommentFilters,
  extra: RawBuilder<unknown>[] = [],
): RawBuilder<unknown> {
  const keys = sql.join(questionKeys.map((k) => sql`${k}::text`))
  const conditions: RawBuilder<unknown>[] = [
    sql`r.consultation_id = ${consultationId}`,
    isCounted('r'),
    sql`q.key in (${keys})`,
    sql`btrim(q.value) <> ''`,
    ...extra,
  ]
  if (f.question) conditions.push(sql`q.key = ${f.question}`)
  if (f.channel) conditions.push(sql`r.channel = ${f.channel}`)
  // As an anti-join the planner expects almost no rows and sorts them all; kept a per-row probe of
  // the codings index (offset 0 stops it being flattened), the walk in reference order stops at a page.
  if (f.uncoded)
    conditions.push(
      sql`not exists (select 1 from codings u where u.response_id = r.id and u.question_key = q.key and u.pass = 1 offset 0)`,
    )
  if (f.sentiment) conditions.push(sql`c.sentiment = ${f.sentiment}`)
  // A theme or a sentiment comes only with a coding, so with "not coded yet" nothing can match.
  if (f.uncoded && (f.theme || f.sentiment)) conditions.push(sql`false`)
  if (f.theme)
    conditions.push(
      sql`exists (select 1 from coding_themes ct where ct.coding_id = c.id and ct.theme_id = ${f.theme})`,
    )
  return sql`
    from responses r
    cross join lateral jsonb_each_text(r.answers) as q(key, value)
    left join codings c on c.response_id = r.id and c.question_key = q.key and c.pass = 1
    where ${sql.join(conditions, sql` and `)}`
}

/**
 * One page of comments in (reference, question) order, after or before a comment: keyset
 * pagination, so a page deep into 50,000 comments costs the same as the first.
 */
export async function listComments(
  db: Kysely<Database>,
  query: {
    consultationId: string
    questionKeys: readonly string[]
    filters: CommentFilters
    after?: CommentKey
    before?: CommentKey
    limit: number
  },
): Promise<CommentRow[]> {
  if (query.questionKeys.length === 0) return []
  const { after, before } = query
  // The plain bound on reference lets the (consultation_id, reference) index do the walking.
  const keyset = after
    ? [
        sql`r.reference >= ${after.reference}`,
        sql`(r.reference, q.key) > (${after.reference}, ${after.questionKey})`,
      ]
    : before
      ? [
          sql`r.reference <= ${before.reference}`,
          sql`(r.reference, q.key) < (${before.reference}, ${before.questionKey})`,
        ]
      : []
  const direction = before && !after ? sql`desc` : sql`asc`
  const result = await sql<CommentRow>`
    select r.id as response_id, r.reference, r.channel, q.key as question_key,
      left(q.value, ${excerptLength}) as excerpt, length(q.value) as length,
      c.id as coding_id, c.sentiment, c.quote_worthy, c.personal_data, c.safeguarding,
      (select array_agg(ct.theme_id::text order by ct.theme_id) from coding_themes ct where ct.coding_id = c.id) as theme_ids
    ${commentSource(query.consultationId, query.questionKeys, query.filters, keyset)}
    order by r.reference ${direction}, q.key ${direction}
    limit ${query.limit}
  `.execute(db)
  const rows = result.rows.map((r) => ({ ...r, length: Number(r.length) }))
  return before && !after ? rows.reverse() : rows
}

export async function countComments(
  db: Kysely<Database>,
  consultationId: string,
  questionKeys: readonly string[],
  filters: CommentFilters,
): Promise<{ total: number; coded: number }> {
  if (questionKeys.length === 0) return { total: 0, coded: 0 }
  const result = await sql<{ total: string; coded: string }>`
    select count(*) as total, count(c.id) as coded
    ${commentSource(consultationId, questionKeys, filters)}
  `.execute(db)
  const row = result.rows[0]
  return { total: Number(row?.total ?? 0), coded: Number(row?.coded ?? 0) }
}

const nil = '00000000-0000-0000-0000-000000000000'

// The kept totals' group holding each first-pass coding once (migration 0153); every other group
// is an answer to `relationship`, where a coding is in each group its response answered.
const everyCoding = '*'

/**
 * Progress over all comments: the comments of counted responses, and how many have a first-pass
 * coding. Both from the totals kept by standing as responses and codings are written (migrations
 * 0150 and 0161).
 */
export async function countProgress(
  db: Kysely<Database>,
  consultationId: string,
  questionKeys: readonly string[],
): Promise<{ total: number; coded: number }> {
  if (questionKeys.length === 0) return { total: 0, coded: 0 }
  const result = await sql<{ total: string; coded: string }>`
    select
      (select coalesce(sum(n), 0) from comment_tallies where consultation_id = ${consultationId}
        and standing = 'counted' and question_key in (${sql.join(questionKeys)})) as total,
      (select coalesce(sum(n), 0) from coding_tallies where consultation_id = ${consultationId}
        and theme_key = ${nil}::uuid and relationship = ${everyCoding} and standing = 'counted'
        and question_key in (${sql.join(questionKeys)})) as coded`.execute(db)
  const row = result.rows[0]
  return { total: Number(row?.total ?? 0), coded: Number(row?.coded ?? 0) }
}

export async function findComment(db: Kysely<Database>, responseId: string, questionKey: string) {
  const result = await sql<{
    response_id: string
    consultation_id: string
    reference: string
    channel: ResponseChannel
    status: string
    text: string | null
  }>`
    select id as response_id, consultation_id, reference, channel, status, answers ->> ${questionKey} as text
    from responses where id = ${responseId} and jsonb_typeof(answers -> ${questionKey}) = 'string'
  `.execute(db)
  return result.rows[0]
}

/** A page of a consultation's comments on the given questions, for scanning, after a key. */
export async function scanComments(
  db: Kysely<Database>,
  consultationId: string,
  questionKeys: readonly string[],
  after: CommentKey,
  limit: number,
) {
  const keys = sql.join(questionKeys.map((k) => sql`(${k}::text)`))
  const result = await sql<{ response_id: string; reference: string; question_key: string; text: string }>`
    select r.id as response_id, r.reference, q.key as question_key, r.answers ->> q.key as text
    from responses r cross join (values ${keys}) as q(key)
    where r.consultation_id = ${consultationId} and jsonb_typeof(r.answers -> q.key) = 'string'
      and (r.reference, q.key) > (${after.reference}, ${after.questionKey})
    order by r.reference, q.key
    limit ${limit}`.execute(db)
  return result.rows
}

// Counts.

export type Breakdown =
  | { kind: 'none' }
  | { kind: 'channel' }
  | { kind: 'answer'; questionKey: string }
  /** In a campaign (one of these responses) or not, as the quantitative results split it. */
  | { kind: 'campaign'; members: RawBuilder<{ id: string }> }

function groupExpression(b: Breakdown): RawBuilder<unknown> {
  if (b.kind === 'channel') return sql`select r.channel::text as grp`
  if (b.kind === 'campaign')
    return sql`select case when r.id in (${b.members}) then 'campaign' else 'other' end as grp`
  if (b.kind === 'answer')
    return sql`select jsonb_array_elements_text(case when jsonb_typeof(r.answers -> ${b.questionKey}) = 'array'
      then r.answers -> ${b.questionKey} else jsonb_build_array(coalesce(r.answers ->> ${b.questionKey}, '')) end) as grp`
  return sql`select ''::text as grp`
}

/** Comments coded with each theme, and coded comments in all, per group of the breakdown. */
export async function countThemes(
  db: Kysely<Database>,
  consultationId: string,
  breakdown: Breakdown,
  questionKey: string | undefined,
) {
  if (breakdown.kind === 'none') return countThemesFromKeptTotals(db, consultationId, questionKey, false)
  if (breakdown.kind === 'answer' && breakdown.questionKey === 'relationship')
    return countThemesFromKeptTotals(db, consultationId, questionKey, true)
  const question = questionKey ? sql`and c.question_key = ${questionKey}` : sql``
  const from = (join: RawBuilder<unknown>) => sql`
    from codings c
    join responses r on r.id = c.response_id
    ${join}
    cross join lateral (${groupExpression(breakdown)}) g
    where c.consultation_id = ${consultationId} and c.pass = 1 and ${isCounted('r')} ${question}`
  const themes = await sql<{ theme_id: string; grp: string; n: string }>`
    select ct.theme_id, g.grp, count(distinct c.id) as n
    ${from(sql`join coding_themes ct on ct.coding_id = c.id`)}
    group by ct.theme_id, g.grp`.execute(db)
  const totals = await sql<{ grp: string; n: string }>`
    select g.grp, count(distinct c.id) as n ${from(sql``)} group by g.grp`.execute(db)
  return {
    themes: themes.rows.map((r) => ({ themeId: r.theme_id, group: r.grp, count: Number(r.n) })),
    totals: totals.rows.map((r) => ({ group: r.grp, count: Number(r.n) })),
  }
}

/**
 * `countThemes` with no breakdown, or by the answer to `relationship` (which the kept totals hold
 * as well), from the kept totals of the counted responses' first-pass codings and their themes
 * (migration 0161): a read of a few hundred rows however many comments were coded.
 */
async function countThemesFromKeptTotals(
  db: Kysely<Database>,
  consultationId: string,
  questionKey: string | undefined,
  byRelationship: boolean,
) {
  const onQuestion = questionKey ? sql`and question_key = ${questionKey}` : sql``
  const kept = await sql<{ theme_key: string; grp: string; n: string }>`
    select theme_key::text, ${byRelationship ? sql`relationship` : sql`''`} as grp, sum(n) as n
    from coding_tallies
    where consultation_id = ${consultationId} ${onQuestion} and standing = 'counted'
      and relationship ${byRelationship ? sql`<>` : sql`=`} ${everyCoding}
    group by 1, 2 having sum(n) > 0`.execute(db)
  const counts = kept.rows.map((r) => ({ key: r.theme_key, group: r.grp, count: Number(r.n) }))
  return {
    themes: counts
      .filter((r) => r.key !== nil)
      .map((r) => ({ themeId: r.key, group: r.group, count: r.count })),
    totals: counts.filter((r) => r.key === nil).map((r) => ({ group: r.group, count: r.count })),
  }
}
