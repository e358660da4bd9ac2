import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { QuestionSlots } from '../../../platform/db/closed-answer-codes.js'
import type { Database } from '../../../platform/db/schema.js'

// Counting is done by the database, over the narrow store of coded closed answers that triggers
// keep beside `responses` (migration 0013), never by loading the responses or reading their
// answers documents. Each query returns one row per stored code (or codes) and group.

/** A query of response ids (from the participation feature), joined against in the database. */
export type ResponseIds = RawBuilder<{ id: string }>

/** The people counted: one consultation's responses, less any left out by the inclusion rules. */
export interface Counted {
  consultationId: string
  includeExcluded: boolean
  includeLate: boolean
  /** Responses left out: repeats of a person counted already, campaign responses. */
  leftOut: readonly ResponseIds[]
}

/** What splits the columns: a question's code, the channel, or being in a campaign or not. */
export type Grouping =
  | { kind: 'slot'; slot: number }
  | { kind: 'channel' }
  | { kind: 'campaign'; members: ResponseIds }

/** A stored code (one slot) or codes (several), a group, and how many. */
export interface CodeCount {
  value: number | (number | null)[] | null
  grp: string | number | null
  n: number
}

function valueExpression(slots: QuestionSlots): RawBuilder<unknown> {
  return slots.first === slots.last
    ? sql`a.codes[${slots.first}]`
    : sql`a.codes[${slots.first}:${slots.last}]`
}

function groupExpression(grouping: Grouping | undefined): RawBuilder<unknown> {
  if (!grouping) return sql`null::text`
  if (grouping.kind === 'channel') return sql`a.channel`
  if (grouping.kind === 'slot') return sql`a.codes[${grouping.slot}]`
  return sql`case when a.response_id in (${grouping.members}) then 'campaign' else 'other' end`
}

function included(counted: Counted) {
  return sql`a.consultation_id = ${counted.consultationId}
    ${counted.includeExcluded ? sql`` : sql`and not a.excluded`}
    ${counted.includeLate ? sql`` : sql`and not a.late`}
    ${sql.join(
      counted.leftOut.map((ids) => sql`and not exists (select from (${ids}) l where l.id = a.response_id)`),
      sql` `,
    )}`
}

/** The SQL counting one question's codes by a grouping; also what the benchmark runs raw. */
export function closedAnswerCounts(counted: Counted, slots: QuestionSlots, grouping: Grouping | undefined) {
  return sql<CodeCount>`
    select ${valueExpression(slots)} as value, ${groupExpression(grouping)} as grp, count(*)::int as n
    from closed_answers a
    where ${included(counted)}
    group by 1, 2
  `
}

export async function countCodes(
  db: Kysely<Database>,
  counted: Counted,
  slots: QuestionSlots,
  grouping: Grouping | undefined,
) {
  return (await closedAnswerCounts(counted, slots, grouping).execute(db)).rows
}

/**
 * Whether a question's counts can be read from the totals kept as responses arrive: a question
 * held in one slot, alone or by channel (migration 0150), or by the answer to `relationship`
 * (migration 0163; `relationshipSlot` is where the plan keeps it). Several slots (a multiple
 * choice of more than 31 choices) need each response's combination, and a breakdown by another
 * question or by campaign each response's pair, so those are counted from the rows.
 */
export function keptTotalsServe(
  slots: QuestionSlots,
  grouping: Grouping | undefined,
  relationshipSlot: number | undefined,
): boolean {
  return (
    slots.first === slots.last &&
    (!grouping ||
      grouping.kind === 'channel' ||
      (grouping.kind === 'slot' && grouping.slot === relationshipSlot))
  )
}

/**
 * A question's codes by the answer to `relationship`, from the kept answers (migration 0163),
 * coded by the consultation's current coder. Those who gave the question no answer (code 0) are
 * the responses kept under '*' less those who gave an answer with a code.
 */
function codesByRelationshipFromKeptTotals(counted: Counted, slots: QuestionSlots, relationshipSlot: number) {
  return sql<CodeCount>`
    with kept as (
      select question_key, answer, relationship, sum(n)::int as n
      from relationship_answer_tallies
      where consultation_id = ${counted.consultationId} and question_key in (${slots.key}, '*')
        ${counted.includeExcluded ? sql`` : sql`and not is_excluded`}
        ${counted.includeLate ? sql`` : sql`and not is_late`}
      group by 1, 2, 3 having sum(n) <> 0
    ),
    coded as (
      select question_key = '*' as everyone, n, heard_code_answers(${counted.consultationId},
        jsonb_build_object(${slots.key}::text, answer, 'relationship', relationship)) as codes
      from kept
    )
    select value, grp, sum(n)::int as n from (
      select codes[${slots.first}] as value, codes[${relationshipSlot}] as grp, n from coded
      where not everyone and codes[${slots.first}] <> 0
      union all
      select 0, codes[${relationshipSlot}], case when everyone then n else -n end from coded
      where everyone or codes[${slots.first}] <> 0
    ) c
    group by 1, 2 having sum(n) <> 0
  `
}

/**
 * As `countCodes`, from the kept totals: the consultation's totals for the slot, less the rows
 * of the responses the rules leave out (repeats and campaigns, read by id: work that grows with
 * those left out, not with the consultation). Only where `keptTotalsServe` says so.
 */
export async function countCodesFromKeptTotals(
  db: Kysely<Database>,
  counted: Counted,
  slots: QuestionSlots,
  grouping: Grouping | undefined,
): Promise<CodeCount[]> {
  const byChannel = grouping?.kind === 'channel'
  const kept = await (grouping?.kind === 'slot'
    ? codesByRelationshipFromKeptTotals(counted, slots, grouping.slot)
    : sql<CodeCount>`
    select code as value, ${byChannel ? sql`channel` : sql`null::text`} as grp, sum(n)::int as n
    from closed_answer_tallies
    where consultation_id = ${counted.consultationId} and slot = ${slots.first}
      ${counted.includeExcluded ? sql`` : sql`and not is_excluded`}
      ${counted.includeLate ? sql`` : sql`and not is_late`}
    group by 1, 2 having sum(n) <> 0
  `
  ).execute(db)
  if (counted.leftOut.length === 0) return kept.rows
  const leftOut = await sql<CodeCount>`
    select ${valueExpression(slots)} as value, ${groupExpression(grouping)} as grp, count(*)::int as n
    from closed_answers a
    where a.response_id in (${sql.join(
      counted.leftOut.map((ids) => sql`select l.id from (${ids}) l`),
      sql` union `,
    )})
      and ${included({ ...counted, leftOut: [] })}
    group by 1, 2
  `.execute(db)
  const keyOf = (r: CodeCount) => `${r.value}|${r.grp}`
  const less = new Map(leftOut.rows.map((r) => [keyOf(r), r.n]))
  return kept.rows.map((r) => ({ ...r, n: r.n - (less.get(keyOf(r)) ?? 0) })).filter((r) => r.n !== 0)
}

/** One question's stored codes (always as an array of its slots), a channel, and how many. */
export interface QuestionCodeCount {
  question: number
  value: (number | null)[] | null
  channel: string
  n: number
}

/**
 * Every question's codes by channel in one scan of the closed answers, for a report that needs each
 * table overall and by channel: the overall is the sum over channels, so it costs no second scan.
 * Grouping sets count every question in the one pass (measured about five times quicker than a
 * query a question, and twice as quick as a row a question joined in). `question` is the index
 * into `questions`.
 */
export async function countCodesByQuestionAndChannel(
  db: Kysely<Database>,
  counted: Counted,
  questions: readonly QuestionSlots[],
): Promise<QuestionCodeCount[]> {
  if (questions.length === 0) return []
  const values = questions.map((slots) => sql`a.codes[${sql.lit(slots.first)}:${sql.lit(slots.last)}]`)
  const result = await sql<{ channel: string; n: number } & Record<string, unknown>>`
    select a.channel, ${sql.join(values.map((v, i) => sql`${v} as ${sql.ref(`v${i}`)}, grouping(${v}) as ${sql.ref(`g${i}`)}`))},
      count(*)::int as n
    from closed_answers a
    where ${included(counted)}
    group by grouping sets (${sql.join(values.map((v) => sql`(a.channel, ${v})`))})
  `.execute(db)
  // A row belongs to the one set whose column is grouped (grouping() gives 0 for it).
  return result.rows.flatMap((row) => {
    const question = questions.findIndex((_, i) => row[`g${i}`] === 0)
    if (question < 0) return []
    const value = row[`v${question}`] as (number | null)[] | null
    return [{ question, value, channel: row.channel, n: row.n }]
  })
}

/**
 * As `countCodesByQuestionAndChannel`, from the kept totals, for questions each held in one slot
 * (see `keptTotalsServe`): the consultation's totals for their slots, less the rows of the
 * responses the rules leave out, read by id.
 */
export async function countKeptCodesByQuestionAndChannel(
  db: Kysely<Database>,
  counted: Counted,
  questions: readonly QuestionSlots[],
): Promise<QuestionCodeCount[]> {
  if (questions.length === 0) return []
  const slots = questions.map((q) => q.first)
  const kept = await sql<{ slot: number; code: number; channel: string; n: number }>`
    select slot, code, channel, sum(n)::int as n
    from closed_answer_tallies
    where consultation_id = ${counted.consultationId} and slot = any(${slots}::integer[])
      ${counted.includeExcluded ? sql`` : sql`and not is_excluded`}
      ${counted.includeLate ? sql`` : sql`and not is_late`}
    group by 1, 2, 3 having sum(n) <> 0
  `.execute(db)
  const keyOf = (r: { slot: number; code: number; channel: string }) => `${r.slot}|${r.code}|${r.channel}`
  const less = new Map<string, number>()
  if (counted.leftOut.length > 0) {
    const leftOut = await sql<{ slot: number; code: number; channel: string; n: number }>`
      select s.slot::int as slot, s.code, a.channel, count(*)::int as n
      from closed_answers a cross join lateral unnest(a.codes) with ordinality s(code, slot)
      where a.response_id in (${sql.join(
        counted.leftOut.map((ids) => sql`select l.id from (${ids}) l`),
        sql` union `,
      )})
        and ${included({ ...counted, leftOut: [] })} and s.slot = any(${slots}::integer[])
      group by 1, 2, 3
    `.execute(db)
    for (const r of leftOut.rows) less.set(keyOf(r), r.n)
  }
  const questionOf = new Map(slots.map((slot, i) => [slot, i]))
  return kept.rows.flatMap((r) => {
    const n = r.n - (less.get(keyOf(r)) ?? 0)
    const question = questionOf.get(r.slot)
    return n === 0 || question === undefined ? [] : [{ question, value: [r.code], channel: r.channel, n }]
  })
}

/** As `countCodes`, split further by each weighting variable's code, for raking. */
export async function countCodesByWeightingCells(
  db: Kysely<Database>,
  counted: Counted,
  slots: QuestionSlots,
  grouping: Grouping | undefined,
  weightingSlots: readonly number[],
) {
  const levels = weightingSlots.map((slot) => sql`a.codes[${slot}]`)
  const result = await sql<CodeCount & { levels: (number | null)[] }>`
    select ${valueExpression(slots)} as value, ${groupExpression(grouping)} as grp,
      array[${sql.join(levels)}]::integer[] as levels, count(*)::int as n
    from closed_answers a
    where ${included(counted)}
    group by 1, 2, 3
  `.execute(db)
  return result.rows
}
