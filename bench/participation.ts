import { type Kysely, sql } from 'kysely'
import { createServices } from '../src/app/services.js'
import { systemActor } from '../src/platform/audit/audit-log.js'
import type { DatabaseKind } from '../src/platform/db/database.js'
import type { Database } from '../src/platform/db/schema.js'
import type { BenchContext, Benchmark } from './benchmark.js'

// Who was heard, at scale and against the demo's planted truth. Sizes per database as for
// demo-load: a million on PostgreSQL (the issue's yardstick), fewer on the embedded database.
const sizes: Record<DatabaseKind, number> = { pglite: 100_000, postgres: 1_000_000 }
const qualitySize = 6650

async function loaded(ctx: BenchContext, count: number) {
  const services = createServices({ database: ctx.database, now: () => new Date() })
  let reported = 0
  const { consultationId } = await services.demo.loadReferenceCase({
    responses: count,
    seed: 1,
    onProgress: (done) => {
      if (done - reported >= count / 5) {
        reported = done
        ctx.progress(`loading: ${done.toLocaleString('en-GB')} of ${count.toLocaleString('en-GB')} responses`)
      }
    },
  })
  return { services, consultationId }
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

const profileKeys = [
  'relationship',
  'area',
  'age_band',
  'sex',
  'ethnicity',
  'religion',
  'disability',
  'carer',
]

export const profileBench: Benchmark = {
  name: 'profile',
  description:
    'the respondent profile and reach against the population (every About-you question, channel, partner, and four chi-square tests), against one raw GROUP BY of the same answers',
  unit: 's',
  target: { postgres: 30, pglite: 30 },
  targetIs: 'at-most',
  baseline: { label: 'raw GROUP BY', unit: 's' },

  async run(ctx) {
    const { services, consultationId } = await loaded(ctx, sizes[ctx.database.kind])
    ctx.progress('profile and reach')
    const value = await seconds(() =>
      Promise.all([
        services.participation.profile(consultationId, {}, 5),
        services.participation.reach(consultationId, {}, 5),
      ]),
    )
    ctx.progress('raw GROUP BY')
    const baseline = await seconds(() =>
      sql`
        select q.key, r.answers -> q.key as value, count(*)
        from responses r cross join unnest(${profileKeys}::text[]) as q(key)
        where r.consultation_id = ${consultationId} and r.status = 'submitted'
        group by 1, 2
      `.execute(ctx.database.db),
    )
    return { value, baseline }
  },
}

export const duplicatesBench: Benchmark = {
  name: 'duplicates',
  description:
    'duplicate detection by record linkage (answer blocks counted in the database, pairs blocked, compared, weights by EM, groups stored), against the same blocking in raw SQL (answer blocks counted, contact keys grouped; nothing normalised, compared, estimated or stored)',
  unit: 's',
  target: 60,
  targetIs: 'at-most',
  baseline: { label: 'raw blocking', unit: 's' },

  async run(ctx) {
    const { services, consultationId } = await loaded(ctx, sizes[ctx.database.kind])
    ctx.progress('detection')
    const value = await seconds(() =>
      services.participation.detect(consultationId, systemActor, { campaigns: false }),
    )
    ctx.progress('raw blocking')
    const { db } = ctx.database
    const questions = await sql<{ key: string }>`
      select distinct jsonb_object_keys(answers) as key from (
        select answers from responses where consultation_id = ${consultationId} limit 1000) r
    `.execute(db)
    const keys = questions.rows.map((r) => r.key).sort()
    const baseline = await seconds(async () => {
      await sql`
        select key, count(*) from (
          select unnest(array[${sql.join(
            [0, 1, 2, 3].map(
              (band) =>
                sql`hashtextextended(concat_ws(chr(31), ${sql.join(
                  keys.filter((_, i) => i % 4 === band).map((k) => sql`r.answers ->> ${k}`),
                )}), 0)`,
            ),
          )}, jsonb_hash_extended(r.answers, 0)]) as key
          from responses r where r.consultation_id = ${consultationId} and r.status = 'submitted'
        ) b group by key having count(*) > 1
      `.execute(db)
      for (const key of [
        sql`nullif(lower(trim(c.email)), '')`,
        sql`nullif(regexp_replace(c.phone, '[^0-9]', '', 'g'), '')`,
        sql`lower(c.name) || '|' || upper(split_part(trim(c.postcode), ' ', 1))`,
      ])
        await sql`
          select array_agg(r.id) from responses r join respondent_contacts c on c.response_id = r.id
          where r.consultation_id = ${consultationId} and r.status = 'submitted' and ${key} is not null
          group by ${key} having count(*) > 1
        `.execute(db)
    })
    return { value, baseline }
  },
}

/** Pairs of responses from the same person, as "a|b" with a < b. */
function pairsOf(groups: Iterable<string[]>): Set<string> {
  const pairs = new Set<string>()
  for (const members of groups) {
    const sorted = [...members].sort()
    for (let i = 0; i < sorted.length; i++)
      for (let j = i + 1; j < sorted.length; j++) pairs.add(`${sorted[i]}|${sorted[j]}`)
  }
  return pairs
}

/** Precision and recall in per cent, so the one decimal place results keep is meaningful. */
function score(found: Set<string>, truth: Set<string>) {
  let hits = 0
  for (const x of found) if (truth.has(x)) hits++
  return {
    precision: found.size ? (100 * hits) / found.size : 0,
    recall: truth.size ? (100 * hits) / truth.size : 0,
  }
}

async function groupsByTier(db: Kysely<Database>, consultationId: string, tiers: string[]) {
  const rows = await sql<{ group_id: string; response_id: string }>`
    select m.group_id, m.response_id from participation_group_members m
    join participation_groups g on g.id = m.group_id
    where g.consultation_id = ${consultationId} and g.tier = any(${tiers}::text[])
  `.execute(db)
  const groups = new Map<string, string[]>()
  for (const r of rows.rows) groups.set(r.group_id, [...(groups.get(r.group_id) ?? []), r.response_id])
  return [...groups.values()]
}

export const detectionQuality: Benchmark = {
  name: 'duplicates-precision',
  description: `precision and recall of duplicate and campaign detection on the ${qualitySize.toLocaleString('en-GB')}-response demo against its planted truth, against naive matching (the same email only; the same opening 40 characters of the overall comment ten or more times)`,
  unit: '%',
  target: 95,
  targetIs: 'at-least',
  baseline: { label: 'naive matching', unit: '%' },

  async run(ctx) {
    const { services, consultationId } = await loaded(ctx, qualitySize)
    await services.participation.detect(consultationId, systemActor)
    const { db } = ctx.database
    const truthRows = await db
      .selectFrom('demo_truth')
      .select(['response_id', 'person_id', 'campaign'])
      .execute()
    const people = new Map<number, string[]>()
    for (const r of truthRows) people.set(r.person_id, [...(people.get(r.person_id) ?? []), r.response_id])
    const samePerson = pairsOf(people.values())
    const duplicates = score(pairsOf(await groupsByTier(db, consultationId, ['exact', 'likely'])), samePerson)
    const byEmail = await sql<{ ids: string[] }>`
      select array_agg(response_id::text) as ids from respondent_contacts where email is not null
      group by lower(email) having count(*) > 1
    `.execute(db)
    const naiveDuplicates = score(pairsOf(byEmail.rows.map((r) => r.ids)), samePerson)

    const campaignTruth = new Set(truthRows.filter((r) => r.campaign).map((r) => r.response_id))
    const flagged = new Set((await groupsByTier(db, consultationId, ['campaign'])).flat())
    const campaigns = score(flagged, campaignTruth)
    const sameText = await sql<{ id: string }>`
      select r.id from responses r where left(r.answers ->> 'overall_comments', 40) in (
        select left(answers ->> 'overall_comments', 40) from responses where answers ? 'overall_comments'
        group by 1 having count(*) >= 10)
    `.execute(db)
    const naiveCampaigns = score(new Set(sameText.rows.map((r) => r.id)), campaignTruth)
    // A naive method that finds nothing has no precision; a floor keeps the ratio defined.
    const floor = (n: number) => Math.max(n, 0.1)
    // The issue asks duplicates for precision 95 and recall 90; campaigns are held to 95 both.
    const figure = (name: string, value: number, baseline: number, target = 95) => ({
      name,
      unit: '%',
      target,
      targetIs: 'at-least' as const,
      value,
      baseline: floor(baseline),
      baselineLabel: detectionQuality.baseline,
    })
    return {
      value: duplicates.precision,
      baseline: floor(naiveDuplicates.precision),
      further: [
        figure('duplicates-recall', duplicates.recall, naiveDuplicates.recall, 90),
        figure('campaign-precision', campaigns.precision, naiveCampaigns.precision),
        figure('campaign-recall', campaigns.recall, naiveCampaigns.recall),
      ],
    }
  },
}
