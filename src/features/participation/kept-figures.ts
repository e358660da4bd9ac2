import { type Kysely, sql } from 'kysely'
import { answerDecoder, slotsOf } from '../../platform/db/closed-answer-codes.js'
import { findPlan } from '../../platform/db/closed-answer-plans.js'
import type { Database, ResponseChannel } from '../../platform/db/schema.js'

// The profile and reach of the counted responses from the totals kept as responses arrive
// (migrations 0150 and 0170), for a report, which must not open a million answers documents: the
// counted responses by channel and partner, each About you answer from the coded closed answers,
// and respondents by where they live and their answers to the questions the Census compares.

const nil = '00000000-0000-0000-0000-000000000000'
const notSaid = 'prefer_not_to_say'

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
  const counted = sql`standing = 'counted'`
  const channels = await sql<{ channel: ResponseChannel; partner: string | null; n: number }>`
    select t.channel, o.name as partner, sum(t.n)::int as n
    from response_tallies t left join organisations o on o.id = nullif(t.partner_key, ${nil}::uuid)
    where t.consultation_id = ${consultationId} and ${counted}
    group by 1, 2 having sum(t.n) <> 0
  `.execute(db)
  const areaRows = await sql<{
    area_given: boolean
    area: string
    district: string
    key: string
    value: string
    n: number
  }>`
    select area_given, area, district, question_key as key, value, sum(n)::int as n
    from reach_tallies
    where consultation_id = ${consultationId} and ${counted}
    group by 1, 2, 3, 4, 5 having sum(n) <> 0
  `.execute(db)
  const areaOfDistrict = new Map(districts.map((d) => [d.district, d.area]))
  const areas = areaRows.rows.flatMap((r) => {
    const area = placedArea(r.area_given, r.area, r.district, areaOfDistrict)
    return area === null ? [] : [{ area, key: r.key, value: r.value === '' ? null : r.value, n: r.n }]
  })
  return { channels: channels.rows, answers: await readKeptAnswers(db, consultationId, keys), areas }
}

/**
 * Counted answers to each question by their stored codes: from the kept totals for a question in
 * one slot, and from the closed answers for one in several (a multiple choice of more than 31
 * choices), whose combinations the totals of each slot do not hold.
 */
async function readKeptAnswers(db: Kysely<Database>, consultationId: string, keys: readonly string[]) {
  const plan = await findPlan(db, consultationId)
  if (!plan) return []
  const questions = keys.flatMap((key) => slotsOf(plan, key) ?? [])
  const single = questions.filter((q) => q.first === q.last)
  const keyOfSlot = new Map(single.map((q) => [q.first, q.key]))
  const kept = await sql<{ slot: number; code: number; n: number }>`
    select slot, code, sum(n)::int as n
    from closed_answer_tallies
    where consultation_id = ${consultationId} and slot = any(${single.map((q) => q.first)}::integer[])
      and not is_excluded and not is_late
    group by 1, 2 having sum(n) <> 0
  `.execute(db)
  const stored = kept.rows.map((r) => ({ key: keyOfSlot.get(r.slot) ?? '', codes: [r.code], n: r.n }))
  for (const q of questions.filter((q) => q.first !== q.last)) {
    const scanned = await sql<{ codes: number[]; n: number }>`
      select codes[${sql.lit(q.first)}:${sql.lit(q.last)}] as codes, count(*)::int as n
      from closed_answers
      where consultation_id = ${consultationId} and not excluded and not late
      group by 1
    `.execute(db)
    stored.push(...scanned.rows.map((r) => ({ key: q.key, ...r })))
  }
  return stored.flatMap((s) => {
    const slots = slotsOf(plan, s.key)
    const value = slots ? answerDecoder(plan, slots)(s.codes) : null
    return value === null ? [] : [{ key: s.key, value, n: s.n }]
  })
}
