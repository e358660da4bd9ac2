import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createServices, type Services } from '../../../app/services.js'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { createReadSnapshot } from '../../../platform/db/snapshot.js'
import { createTestDatabase, type TestDatabase } from '../../../testing/databases.js'
import { defaultInclusion } from './inclusion.js'
import { createAnalysisService } from './service.js'

describe('analysis service on the reference consultation', () => {
  let database: TestDatabase
  let services: Services
  let consultationId: string
  let answers: { answers: Record<string, AnswerValue>; status: string; late: boolean }[]

  before(async () => {
    database = await createTestDatabase()
    services = createServices({ database, now: () => new Date(), disclosureThreshold: 5 })
    await services.demo.loadReferenceCase({ responses: 600, seed: 3 })
    const counted = await sql<{ consultation_id: string; n: number }>`
      select consultation_id, count(*)::int as n from responses group by 1 order by 2 desc limit 1
    `.execute(database.db)
    consultationId = counted.rows[0]?.consultation_id ?? ''
    // Exclude a few, so the rules have something to leave out.
    await sql`update responses set status = 'excluded', excluded_at = now(), exclusion_reason = 'test'
      where id in (select id from responses where consultation_id = ${consultationId} order by id limit 40)`.execute(
      database.db,
    )
    const loaded = await sql<{ answers: Record<string, AnswerValue>; status: string; late: boolean }>`
      select answers, status, late from responses where consultation_id = ${consultationId}
    `.execute(database.db)
    answers = loaded.rows
  })
  after(() => database.close())

  const total = (table: { base: number | null; notAnswered: number | null }) =>
    (table.base ?? 0) + (table.notAnswered ?? 0)

  /** An independent count in plain TypeScript over every loaded response. */
  const countDirectly = (key: string, value: string, group?: { key: string; value: string }) =>
    answers.filter(
      (r) =>
        r.status === 'submitted' &&
        !r.late &&
        String(r.answers[key] ?? '') === value &&
        (!group || r.answers[group.key] === group.value),
    ).length

  it('counts one question by a breakdown in the database, leaving out excluded and late responses', async () => {
    const result = await services.analysis.questionTable(
      consultationId,
      'p1_agreement',
      'relationship',
      defaultInclusion,
    )
    // Every count shown equals a direct count; suppression decides which are shown.
    const shown = result.table.rows.flatMap((row) =>
      row.cells.flatMap((cell, j) => {
        const group = result.table.columns[j]?.category.value ?? ''
        return cell.count === null ? [] : [[cell.count, row.category.value, group] as const]
      }),
    )
    assert.ok(shown.length >= 10, 'most counts are shown')
    for (const [count, value, group] of shown)
      assert.equal(count, countDirectly('p1_agreement', value, { key: 'relationship', value: group }))
    // Some counts are hidden, so no test of the whole table is shown: it would give them away.
    assert.ok(result.table.rows.some((row) => row.cells.some((cell) => cell.count === null)))
    assert.equal(result.table.test, null)
    assert.equal(result.table.untestedBecause, 'suppressed')
    assert.match(result.footnote, /Excluded responses are left out/)
  })

  it('gives the same numbers for every question in one pass as one at a time', async () => {
    const all = await services.analysis.allTables(consultationId, 'area', defaultInclusion)
    const one = await services.analysis.questionTable(
      consultationId,
      'p3_agreement',
      'area',
      defaultInclusion,
    )
    const fromAll = all.tables.find((t) => t.question.key === 'p3_agreement')?.table
    assert.deepEqual(fromAll, one.table)
    assert.ok(all.tables.length >= 10)
  })

  it('counts excluded responses when asked to', async () => {
    const left = await services.analysis.questionTable(consultationId, 'area', undefined, defaultInclusion)
    const kept = await services.analysis.questionTable(consultationId, 'area', undefined, {
      ...defaultInclusion,
      includeExcluded: true,
    })
    assert.equal(
      total(kept.table) - total(left.table),
      answers.filter((r) => r.status === 'excluded' && !r.late).length,
    )
  })

  it('leaves out late returns until a manager admits one, and counts them when asked', async () => {
    const before = total(
      (await services.analysis.questionTable(consultationId, 'area', undefined, defaultInclusion)).table,
    )
    const lateRules = { ...defaultInclusion, includeLate: true }
    const lateBefore = total(
      (await services.analysis.questionTable(consultationId, 'area', undefined, lateRules)).table,
    )
    const late = await sql<{ id: string }>`
      update responses set late = true
      where id in (select id from responses where consultation_id = ${consultationId} and status = 'submitted'
        order by id desc limit 3)
      returning id`.execute(database.db)
    const [admitted] = late.rows
    const table = async (rules = defaultInclusion) =>
      total((await services.analysis.questionTable(consultationId, 'area', undefined, rules)).table)
    assert.equal(await table(), before - 3)
    assert.equal(await table({ ...defaultInclusion, includeLate: true }), lateBefore)
    await sql`update responses set late_decision = 'admitted', late_decided_at = now(),
      late_decision_reason = 'posted before the close' where id = ${admitted?.id ?? ''}`.execute(database.db)
    assert.equal(await table(), before - 2)
    await sql`update responses set late = false, late_decision = null, late_decided_at = null,
      late_decision_reason = null where id = any(${late.rows.map((r) => r.id)}::uuid[])`.execute(database.db)
  })

  it('counts a person staff decided responded twice once, and shows campaign responses apart', async () => {
    const areas = ['leicester', 'leicestershire', 'rutland', 'elsewhere', 'prefer_not_to_say']
    const ids = (
      await sql<{ id: string }>`select id from responses where consultation_id = ${consultationId}
        and status = 'submitted' and not late and answers ->> 'area' in (${sql.join(areas)})
        order by id limit 10`.execute(database.db)
    ).rows.map((r) => r.id)
    const [a = '', b = '', c = '', d = '', ...others] = ids
    const staff = await sql<{ id: string }>`insert into users (email, display_name, password_hash)
      values ('analyst@example.org', 'Analyst', 'x') returning id`.execute(database.db)
    const group = async (tier: string, key: string, members: string[]) => {
      const g = await sql<{
        id: string
      }>`insert into participation_groups (consultation_id, tier, group_key, detected_at)
        values (${consultationId}, ${tier}, ${key}, now()) returning id`.execute(database.db)
      for (const [position, id] of members.entries())
        await sql`insert into participation_group_members (group_id, response_id, position)
          values (${g.rows[0]?.id ?? ''}, ${id}, ${position})`.execute(database.db)
    }
    await group('exact', 'same', [a, b])
    await group('likely', 'undecided', [c, d])
    await group('campaign', 'save-the-ward', [c, ...others])
    await sql`insert into participation_decisions (consultation_id, group_key, decision, reason, decided_by, decided_at)
      values (${consultationId}, 'same', 'same_person', 'same email and answers', ${staff.rows[0]?.id ?? ''}, now())`.execute(
      database.db,
    )
    const table = async (rules = defaultInclusion, breakdown?: string) =>
      services.analysis.questionTable(consultationId, 'area', breakdown, rules)
    const counted = total((await table()).table)
    // Only the decided group's second member is left out; the undecided group counts both.
    assert.equal(total((await table({ ...defaultInclusion, includeRepeats: true })).table), counted + 1)
    assert.equal(total((await table({ ...defaultInclusion, includeCampaigns: false })).table), counted - 7)
    const byCampaign = await table({ ...defaultInclusion, includeRepeats: true }, 'campaign')
    const campaignColumn = byCampaign.table.columns.find((col) => col.category.value === 'campaign')
    assert.equal(campaignColumn?.base, 7)
    assert.match((await table()).footnote, /counted once \(1 repeat responses left out\)/)
    assert.match((await table()).footnote, /Campaign responses \(7 found\) are counted/)
    await sql`delete from participation_group_members`.execute(database.db)
    await sql`delete from participation_groups`.execute(database.db)
    await sql`delete from participation_decisions`.execute(database.db)
  })

  it('weights to the reference population beside the unweighted figures', async () => {
    const result = await services.analysis.questionTable(consultationId, 'sex', undefined, defaultInclusion, {
      weighted: true,
    })
    const population = await services.participation.weightingMargins(consultationId)
    assert.ok(population.available)
    assert.equal(result.weighting?.raking.converged, true)
    assert.deepEqual(result.weighting?.variables, ['age_band', 'sex', 'area'])
    // Worked independently: people with a targeted age band, sex and area are raked so that their
    // weighted sex split is the population's; everyone else keeps a weight of 1. A target may join
    // answers (`under_18+18_24`): those aged 16 to 17 and 18 to 24 are raked to it.
    const { margins } = population
    const counted = answers.filter((r) => r.status === 'submitted' && !r.late)
    const targeted = (r: (typeof answers)[number]) =>
      ['age_band', 'sex', 'area'].every((v) =>
        Object.entries(margins[v] ?? {}).some(
          ([level, n]) => n > 0 && level.split('+').includes(String(r.answers[v])),
        ),
      )
    assert.ok(
      counted.some((r) => targeted(r) && ['under_18', '18_24'].includes(String(r.answers.age_band))),
      'some of the raked are aged under 25',
    )
    const raked = counted.filter(targeted).length
    const femaleShare =
      (margins.sex?.female ?? 0) / Object.values(margins.sex ?? {}).reduce((x, y) => x + y, 0)
    const unweightedWomen = counted.filter((r) => !targeted(r) && r.answers.sex === 'female').length
    const answering = counted.filter((r) =>
      ['female', 'male', 'prefer_not_to_say'].includes(String(r.answers.sex)),
    ).length
    const expected = (100 * (femaleShare * raked + unweightedWomen)) / answering
    const cell = result.table.rows.find((r) => r.category.value === 'female')?.cells[0]
    assert.ok(
      Math.abs((cell?.weightedPercent ?? 0) - expected) < 1e-6,
      `${cell?.weightedPercent} vs ${expected}`,
    )
    assert.equal(cell?.count, countDirectly('sex', 'female'))
  })

  it('reads the footnote and the tables at one moment, so a decision landing between them changes neither', async () => {
    const ids = (
      await sql<{ id: string }>`select id from responses where consultation_id = ${consultationId}
        and status = 'submitted' and not late order by id desc limit 6`.execute(database.db)
    ).rows.map((r) => r.id)
    const staff = await sql<{ id: string }>`insert into users (email, display_name, password_hash)
      values ('checker@example.org', 'Checker', 'x') returning id`.execute(database.db)
    /** Staff decide that two responses came from one person: one more repeat left out. */
    const decideSamePerson = (key: string, members: string[]) =>
      database.db.transaction().execute(async (trx) => {
        const g = await sql<{
          id: string
        }>`insert into participation_groups (consultation_id, tier, group_key, detected_at)
          values (${consultationId}, 'exact', ${key}, now()) returning id`.execute(trx)
        for (const [position, id] of members.entries())
          await sql`insert into participation_group_members (group_id, response_id, position)
            values (${g.rows[0]?.id ?? ''}, ${id}, ${position})`.execute(trx)
        await sql`insert into participation_decisions (consultation_id, group_key, decision, reason, decided_by, decided_at)
          values (${consultationId}, ${key}, 'same_person', 'same email', ${staff.rows[0]?.id ?? ''}, now())`.execute(
          trx,
        )
      })
    let meanwhile: (() => Promise<void>) | undefined
    let landed: Promise<void> = Promise.resolve()
    // The real participation service, with a decision committed just after analysis has read how
    // many repeats there are and before it counts the table.
    const analysis = createAnalysisService({
      readSnapshot: createReadSnapshot(database),
      consultations: services.consultations,
      participation: {
        weightingMargins: services.participation.weightingMargins,
        async analysisGroups(id, reader) {
          const groups = await services.participation.analysisGroups(id, reader)
          const decide = meanwhile
          meanwhile = undefined
          if (decide) {
            landed = decide()
            // PostgreSQL commits it now, from another connection; on PGlite's one connection it
            // waits for the read to finish, which is the same guarantee.
            if (database.kind === 'postgres') await landed
          }
          return groups
        },
      },
      disclosureThreshold: 5,
    })
    const [a = '', b = '', c = '', d = '', e = '', f = ''] = ids
    const everyone = total(
      (
        await services.analysis.questionTable(consultationId, 'area', undefined, {
          ...defaultInclusion,
          includeRepeats: true,
        })
      ).table,
    )
    await decideSamePerson('first', [a, b])

    meanwhile = () => decideSamePerson('second', [c, d])
    const one = await analysis.questionTable(consultationId, 'area', undefined, defaultInclusion)
    await landed
    assert.match(one.footnote, /\(1 repeat responses left out\)/)
    assert.equal(total(one.table), everyone - 1)

    meanwhile = () => decideSamePerson('third', [e, f])
    const all = await analysis.allTables(consultationId, undefined, defaultInclusion)
    await landed
    assert.match(all.footnote, /\(2 repeat responses left out\)/)
    const singleAnswer = all.tables.filter((t) => ['agreement', 'single_choice'].includes(t.question.type))
    assert.ok(singleAnswer.length >= 10)
    // Both lanes of counting (two connections on PostgreSQL) read the same moment as the footnote.
    assert.deepEqual(new Set(singleAnswer.map((t) => total(t.table))), new Set([everyone - 2]))

    const later = await analysis.questionTable(consultationId, 'area', undefined, defaultInclusion)
    assert.match(later.footnote, /\(3 repeat responses left out\)/)
    assert.equal(total(later.table), everyone - 3)
    await sql`delete from participation_decisions`.execute(database.db)
    await sql`delete from participation_group_members`.execute(database.db)
    await sql`delete from participation_groups`.execute(database.db)
  })

  it('refuses a breakdown that is not one', async () => {
    await assert.rejects(
      services.analysis.questionTable(consultationId, 'p1_agreement', 'p1_comments', defaultInclusion),
      /No breakdown/,
    )
  })
})
