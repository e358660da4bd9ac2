import { type Kysely, sql } from 'kysely'
import { answerDecoder, type ClosedAnswerPlan, slotsOf } from '../../platform/db/closed-answer-codes.js'
import { findPlan } from '../../platform/db/closed-answer-plans.js'
import type { AnswerValue, Database, ResponseChannel } from '../../platform/db/schema.js'
import type { FigureRow } from './repository.js'

// The profile and reach of the counted responses from the totals kept as responses arrive
// (migrations 0150 and 0170), for a report, which must not open a million answers documents: the
// counted responses by channel and partner, each About you answer from the coded closed answers,
// and respondents by where they live and their answers to the questions the Census compares.

const nil = '00000000-0000-0000-0000-000000000000'
const notSaid = 'prefer_not_to_say'

/** `cells` with the same key (`keyOf`) added together, each kept as the first of its key. */
function summed<T extends { n: number }>(cells: Iterable<T>, keyOf: (cell: T) => unknown[]): T[] {
  const sums = new Map<string, T>()
  for (const cell of cells) {
    const key = JSON.stringify(keyOf(cell))
    const seen = sums.get(key)
    if (seen) seen.n += cell.n
    else sums.set(key, { ...cell })
  }
  return [...sums.values()]
}

/**
 * Where a respondent is placed: their answer to `area` when it is one of the areas compared, or
 * when they gave none (or preferred not to say) the area of their postcode district. The rule of
 * `countByArea`, which reads it from each response.
 */
export function placedArea(
  given: boolean,
  area: string,
  district: string,
  areaOfDistrict: ReadonlyMap<string, string>,
): string | null {
  if (given && new Set(areaOfDistrict.values()).has(area)) return area
  if (!given || area === notSaid) return areaOfDistrict.get(district) ?? null
  return null
}

export async function readKeptFigures(
  db: Kysely<Database>,
  consultationId: string,
  keys: readonly string[],
  districts: readonly { district: string; area: string }[],
) {
  const channels = await sql<{ channel: ResponseChannel; partner: string | null; n: number }>`
    select t.channel, o.name as partner, sum(t.n)::int as n
    from response_tallies t left join organisations o on o.id = nullif(t.partner_key, ${nil}::uuid)
    where t.consultation_id = ${consultationId} and t.standing = 'counted'
    group by 1, 2 having sum(t.n) <> 0
  `.execute(db)
  const cells = await readKeptAreaCells(db, consultationId, districts)
  const areas = summed(
    cells.map(({ area, key, value, n }) => ({ area, key, value, n })),
    (c) => [c.area, c.key, c.value],
  )
  return {
    channels: channels.rows,
    answers: await readKeptAnswers(db, consultationId, keys),
    areas,
  }
}

/**
 * Counted respondents by the area they are placed in (`placedArea`) and their answer to each
 * question the Census compares (null for none), by channel and partner, from the kept totals.
 */
async function readKeptAreaCells(
  db: Kysely<Database>,
  consultationId: string,
  districts: readonly { district: string; area: string }[],
) {
  const rows = await sql<{
    channel: ResponseChannel
    partner_id: string | null
    area_given: boolean
    area: string
    district: string
    key: string
    value: string
    n: number
  }>`
    select channel, nullif(partner_key, ${nil}::uuid) as partner_id, area_given, area, district,
      question_key as key, value, sum(n)::int as n
    from reach_tallies
    where consultation_id = ${consultationId} and standing = 'counted'
    group by 1, 2, 3, 4, 5, 6, 7 having sum(n) <> 0
  `.execute(db)
  const areaOfDistrict = new Map(districts.map((d) => [d.district, d.area]))
  return summed(
    rows.rows.flatMap((r) => {
      const area = placedArea(r.area_given, r.area, r.district, areaOfDistrict)
      const value = r.value === '' ? null : r.value
      return area === null
        ? []
        : [{ channel: r.channel, partner_id: r.partner_id, area, key: r.key, value, n: r.n }]
    }),
    (c) => [c.channel, c.partner_id, c.area, c.key, c.value],
  )
}

/**
 * Respondents by the area they are placed in and their answer to each question the Census
 * compares, by channel and partner, as stored figures' rows: every counted response, repeats too.
 */
export async function readKeptAreaRows(
  db: Kysely<Database>,
  consultationId: string,
  districts: readonly { district: string; area: string }[],
): Promise<FigureRow[]> {
  return (await readKeptAreaCells(db, consultationId, districts)).map((c) => ({
    kind: 'area',
    channel: c.channel,
    partner_id: c.partner_id,
    repeat: null,
    area: c.area,
    key: c.key,
    value: c.value,
    n: c.n,
  }))
}

/**
 * Counted answers to each question by their stored codes: from the kept totals for a question in
 * one slot, and from the closed answers for one in several (a multiple choice of more than 31
 * choices), whose combinations the totals of each slot do not hold.
 */
async function readKeptAnswers(db: Kysely<Database>, consultationId: string, keys: readonly string[]) {
  const plan = await findPlan(db, consultationId)
  if (!plan) return []
  const { answers } = await readKeptAnswerCells(db, consultationId, plan, keys)
  return summed(
    answers.map(({ key, value, n }) => ({ key, value, n })),
    (a) => [a.key, a.value],
  ).filter((a) => a.n !== 0)
}

/**
 * Counted answers to each of `keys`, decoded, by channel and partner: from the kept totals for a
 * question in one slot, and from the closed answers for one in several, as `readKeptAnswers`.
 */
async function readKeptAnswerCells(
  db: Kysely<Database>,
  consultationId: string,
  plan: ClosedAnswerPlan,
  keys: readonly string[],
) {
  const questions = keys.flatMap((key) => slotsOf(plan, key) ?? [])
  const decoders = new Map(questions.map((q) => [q.key, answerDecoder(plan, q)]))
  const single = questions.filter((q) => q.first === q.last)
  const keyOfSlot = new Map(single.map((q) => [q.first, q.key]))
  type Cell = { channel: ResponseChannel; partner_id: string | null; n: number }
  const kept = await sql<Cell & { slot: number; code: number }>`
    select slot, code, channel, nullif(partner_key, ${nil}::uuid) as partner_id, sum(n)::int as n
    from closed_answer_tallies
    where consultation_id = ${consultationId} and slot = any(${single.map((q) => q.first)}::integer[])
      and not is_excluded and not is_late
    group by 1, 2, 3, 4 having sum(n) <> 0
  `.execute(db)
  const stored = kept.rows.map(({ slot, code, ...cell }) => ({
    key: keyOfSlot.get(slot) ?? '',
    codes: [code],
    ...cell,
  }))
  for (const q of questions.filter((q) => q.first !== q.last)) {
    const scanned = await sql<Cell & { codes: number[] }>`
      select codes[${sql.lit(q.first)}:${sql.lit(q.last)}] as codes, channel, partner_organisation_id as partner_id,
        count(*)::int as n
      from closed_answers
      where consultation_id = ${consultationId} and not excluded and not late
      group by 1, 2, 3
    `.execute(db)
    stored.push(...scanned.rows.map((r) => ({ key: q.key, ...r })))
  }
  return {
    decoders,
    questions,
    answers: stored.flatMap(({ codes, key, ...cell }) => {
      const value = decoders.get(key)?.(codes) ?? null
      return value === null ? [] : [{ key, value, ...cell }]
    }),
  }
}

/**
 * The counted responses by channel and partner, and each answer to `keys` in the same cells, each
 * split by whether the response repeats someone: from the kept totals less the repeats' own
 * closed answers (`repeats`, few), so no answers document is read. A question in several slots is
 * counted from the closed answers, as the totals of each slot do not hold its combinations.
 */
export async function readKeptFigureRows(
  db: Kysely<Database>,
  consultationId: string,
  keys: readonly string[],
  repeats: readonly { channel: ResponseChannel; partner_id: string | null; codes: number[] | null }[],
): Promise<FigureRow[]> {
  const cells = new Map<string, FigureRow>()
  const count = (row: Omit<FigureRow, 'n' | 'area'>, n: number) => {
    const cell = JSON.stringify([row.kind, row.channel, row.partner_id, row.repeat, row.key, row.value])
    const seen = cells.get(cell)
    if (seen) seen.n += n
    else cells.set(cell, { ...row, area: null, n })
  }
  const totals = await sql<{ channel: ResponseChannel; partner_id: string | null; n: number }>`
    select channel, nullif(partner_key, ${nil}::uuid) as partner_id, sum(n)::int as n
    from response_tallies where consultation_id = ${consultationId} and standing = 'counted'
    group by 1, 2 having sum(n) <> 0
  `.execute(db)
  const total = { kind: 'total' as const, key: null, value: null }
  for (const r of totals.rows)
    count({ ...total, channel: r.channel, partner_id: r.partner_id, repeat: false }, r.n)
  for (const r of repeats) {
    count({ ...total, channel: r.channel, partner_id: r.partner_id, repeat: false }, -1)
    count({ ...total, channel: r.channel, partner_id: r.partner_id, repeat: true }, 1)
  }
  const plan = await findPlan(db, consultationId)
  if (plan) {
    const { decoders, questions, answers } = await readKeptAnswerCells(db, consultationId, plan, keys)
    const answer =
      (key: string, channel: ResponseChannel, partner: string | null, repeat: boolean) =>
      (value: AnswerValue | null, n: number) => {
        if (value !== null) count({ kind: 'answer', channel, partner_id: partner, repeat, key, value }, n)
      }
    for (const a of answers) answer(a.key, a.channel, a.partner_id, false)(a.value, a.n)
    for (const r of repeats)
      for (const q of questions) {
        const stored = r.codes ? r.codes.slice(q.first - 1, q.last) : null
        const value = decoders.get(q.key)?.(stored) ?? null
        answer(q.key, r.channel, r.partner_id, false)(value, -1)
        answer(q.key, r.channel, r.partner_id, true)(value, 1)
      }
  }
  return [...cells.values()].filter((row) => row.n !== 0)
}
