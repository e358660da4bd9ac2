import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createServices, type Services } from '../../app/services.js'
import { createTestDatabase, type TestDatabase } from '../../app/testing.js'
import type { AnswerValue } from '../../platform/db/schema.js'
import { defaultInclusion } from './quantitative/inclusion.js'

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
    const carers = result.table.columns.findIndex((c) => c.category.value === 'family_carer')
    const agree = result.table.rows.find((r) => r.category.value === 'agree')
    const expected = countDirectly('p1_agreement', 'agree', { key: 'relationship', value: 'family_carer' })
    assert.ok(expected >= 5, 'enough carers agree to be shown')
    assert.equal(agree?.cells[carers]?.count, expected)
    assert.equal(result.table.test?.method, 'chi_square')
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
      includeExcluded: true,
      includeLate: false,
    })
    const total = (base: number | null, notAnswered: number | null) => (base ?? 0) + (notAnswered ?? 0)
    assert.equal(
      total(kept.table.base, kept.table.notAnswered) - total(left.table.base, left.table.notAnswered),
      answers.filter((r) => r.status === 'excluded' && !r.late).length,
    )
  })

  it('weights to target margins beside the unweighted figures: the weighted share of women is the target', async () => {
    const result = await services.analysis.questionTable(consultationId, 'sex', undefined, defaultInclusion, {
      sex: { female: 30, male: 70 },
    })
    const [women, men, preferNot] = ['female', 'male', 'prefer_not_to_say'].map((v) =>
      countDirectly('sex', v),
    )
    const raked = (women ?? 0) + (men ?? 0)
    // Those who preferred not to say keep weight 1; the rest are weighted to 30% women.
    const expected = (100 * 0.3 * raked) / (raked + (preferNot ?? 0))
    const cell = result.table.rows.find((r) => r.category.value === 'female')?.cells[0]
    assert.ok(Math.abs((cell?.weightedPercent ?? 0) - expected) < 1e-6)
    assert.equal(cell?.count, women)
    assert.equal(result.weighting?.converged, true)
  })

  it('refuses a breakdown that is not one', async () => {
    await assert.rejects(
      services.analysis.questionTable(consultationId, 'p1_agreement', 'p1_comments', defaultInclusion),
      /No breakdown/,
    )
  })
})
