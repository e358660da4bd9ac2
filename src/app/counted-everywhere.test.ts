import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../demo/reference-consultation.js'
import { systemActor } from '../platform/audit/audit-log.js'
import { countedSummary } from '../platform/db/counted.js'
import { createStaff, createTestApp, onePerRole, type TestApp } from '../testing/app.js'

// One definition of a counted response: every page that gives the figure gives the same one, once
// late returns are undecided, admitted and refused.
describe('the counted figure', () => {
  let t: TestApp
  let consultationId: string
  const people = onePerRole(['consultation_manager'] as const)

  before(async () => {
    t = await createTestApp({ referenceResponses: 2000 })
    const staff = await createStaff(t, people)
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    const late = await t.database.db
      .selectFrom('responses')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where('late', '=', true)
      .orderBy('id')
      .execute()
    assert.ok(late.length >= 4, `the demo has ${late.length} late returns`)
    const actor = { userId: staff.ids.consultation_manager, label: 'manager' }
    const [admitted, refused] = late
    if (!admitted || !refused) throw new Error('no late returns')
    await t.services.paper.decideLateReturn(
      admitted.id,
      { decision: 'admitted', reason: 'Posted in time' },
      actor,
    )
    await t.services.paper.decideLateReturn(
      refused.id,
      { decision: 'refused', reason: 'Far too late' },
      actor,
    )
    const excluded = await t.database.db
      .selectFrom('responses')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where('late', '=', false)
      .limit(1)
      .executeTakeFirstOrThrow()
    await t.services.responses.excludeResponse(excluded.id, 'A test entry', actor)
  })
  after(() => t.close())

  test('the definition leaves out the excluded, the refused and the undecided, and says how many', async () => {
    const summary = await countedSummary(t.database.db, consultationId)
    assert.equal(summary.leftOut.excluded, 1)
    assert.equal(summary.leftOut.lateRefused, 1)
    assert.ok(summary.leftOut.lateUndecided >= 2)
    assert.equal(
      summary.counted +
        summary.leftOut.excluded +
        summary.leftOut.lateRefused +
        summary.leftOut.lateUndecided,
      2000,
    )
    const byChannel = Object.values(summary.countedByChannel).reduce((a, b) => a + b, 0)
    assert.equal(byChannel, summary.counted)
  })

  test('every page gives the same counted figure', async () => {
    const { counted } = await countedSummary(t.database.db, consultationId)
    const shown = counted.toLocaleString('en-GB')
    const browser = await createStaff(t, {
      manager: { ...people.consultation_manager, email: 'pages.manager@example.org' },
    }).then((s) => s.as('manager'))
    const base = `/admin/consultations/${consultationId}`
    const figure = async (url: string, pattern: RegExp) => {
      const page = await browser.get(url)
      assert.equal(page.statusCode, 200, url)
      const match = pattern.exec(page.body)
      assert.ok(match, `${url} gives a counted figure`)
      return match[1]
    }
    const home = await browser.get('/admin')
    const row = new RegExp(
      `${base}/overview">[^<]+</a>[\\s\\S]*?data-testid="response-count">([\\d,]+)<`,
    ).exec(home.body)
    assert.equal(row?.[1], shown, '/admin')
    assert.equal(await figure(`${base}/overview`, /data-testid="counted">([\d,]+)</), shown, 'overview')
    assert.equal(
      await figure(`${base}/responses`, /data-testid="response-count">([\d,]+)</),
      shown,
      'responses',
    )
    assert.equal(await figure(`${base}/results`, /data-testid="counted">([\d,]+)</), shown, 'results')
    // Those two pages show the figures stored by the last detection run.
    await t.services.participation.detect(consultationId, systemActor)
    assert.equal(
      await figure(`${base}/participation`, /data-testid="people-estimate"><strong>([\d,]+)</),
      String(counted),
      'who we heard from',
    )
    assert.equal(
      await figure(`${base}/participation/scrutiny`, /data-testid="total-responses">([\d,]+)</),
      String(counted),
      'scrutiny',
    )
    const overview = await browser.get(`${base}/overview`)
    assert.match(
      overview.body,
      /Left out: 1 excluded by staff, 1 late and refused, \d+ late and awaiting a decision/,
    )
  })

  test('a late return awaiting a decision does not say it is counted', async () => {
    const undecided = await t.database.db
      .selectFrom('responses')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where('late', '=', true)
      .where('late_decision', 'is', null)
      .executeTakeFirstOrThrow()
    const browser = await createStaff(t, {
      manager: { ...people.consultation_manager, email: 'late.manager@example.org' },
    }).then((s) => s.as('manager'))
    const page = await browser.get(`/admin/responses/${undecided.id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Late, awaiting a decision/)
    assert.doesNotMatch(page.body, />Counted</)
  })
})
