import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createServices, type Services } from '../app/services.js'
import { createTestDatabase, type TestDatabase } from '../testing/databases.js'
import { referenceSlug } from './reference-consultation.js'

// heard-test: slow (loads the start-up demo with 1,500 responses), so it is started first.
// The reference case carries the whole trail after its report: checked here against the stored
// codings directly, not through the decisions feature's own reckoning of which themes matter.

describe('the reference case’s decision trail', () => {
  let database: TestDatabase
  let services: Services
  let consultationId = ''

  before(async () => {
    database = await createTestDatabase()
    services = createServices({ database, now: () => new Date() })
    await services.demo.loadStartupDemo({ responses: 1500 })
    consultationId = (await services.consultations.getBySlug(referenceSlug)).id
  })
  after(() => database.close())

  test('every proposal shows its decision, made at the public meeting of 14 December 2021', async () => {
    const overview = await services.decisions.overview(consultationId)
    const decision = overview.decision.current
    assert.ok(decision)
    assert.equal(decision.meeting_day, '2021-12-14')
    assert.equal(decision.held_in_public, true)
    assert.ok(decision.meeting_id, 'linked to the governance meeting')
    assert.equal(overview.proposals.length, 8)
    for (const p of overview.proposals)
      assert.ok(
        decision.resolutions.some((r) => r.proposal_id === p.id),
        `proposal ${p.position} has no decision`,
      )
    assert.deepEqual(
      decision.papers.map((p) => [p.kind, p.publishedAt.slice(0, 10)]),
      [
        ['report', '2021-11-22'],
        ['business_case', '2021-12-06'],
      ],
    )
    const published = await services.decisions.published(referenceSlug)
    assert.equal(published?.proposals.filter((p) => p.resolution).length, 8)
  })

  test('every theme in at least 5% of a proposal’s coded comments has a signed-off consideration', async () => {
    const shares = await sql<{ proposal_id: string; theme_id: string; n: number; base: number }>`
      with per_question as (
        select p.id as proposal_id, 'p' || p.position || '_comments' as question_key
        from proposals p where p.consultation_id = ${consultationId}
      ), base as (
        select q.proposal_id, q.question_key, count(*)::int as base
        from per_question q join codings c on c.question_key = q.question_key and c.consultation_id = ${consultationId}
        group by q.proposal_id, q.question_key
      )
      select b.proposal_id, ct.theme_id, count(*)::int as n, b.base
      from base b
      join codings c on c.question_key = b.question_key and c.consultation_id = ${consultationId}
      join coding_themes ct on ct.coding_id = c.id
      group by b.proposal_id, ct.theme_id, b.base`.execute(database.db)
    const matter = shares.rows.filter((r) => r.n / r.base >= 0.05)
    assert.ok(matter.length >= 16, `only ${matter.length} themes matter`)
    const considered = await database.db
      .selectFrom('decision_considerations')
      .select(['proposal_id', 'theme_id', 'signed_off_at'])
      .where('consultation_id', '=', consultationId)
      .execute()
    for (const m of matter) {
      const found = considered.find((c) => c.proposal_id === m.proposal_id && c.theme_id === m.theme_id)
      assert.ok(found?.signed_off_at, `theme ${m.theme_id} on proposal ${m.proposal_id} is not considered`)
    }
  })

  test('co-production followed: some actions done, one overdue, and the business case approved', async () => {
    const overview = await services.decisions.overview(consultationId)
    assert.ok(overview.actions.filter((a) => a.status === 'done').length >= 2)
    assert.equal(overview.actions.filter((a) => a.overdue).length, 1)
    assert.equal(overview.businessCase.versions[0]?.status, 'approved')
    assert.equal(overview.consultation.status, 'following_up')
  })
})
