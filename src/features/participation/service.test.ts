import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { createTestApp, type TestApp } from '../../testing/app.js'
import { shippedPopulation } from './service.js'

describe('participation service on the demo', () => {
  let t: TestApp
  let consultationId: string
  let userId: string

  before(async () => {
    t = await createTestApp({ referenceResponses: 900 })
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    userId = await t.services.users.createUser({
      email: 'manager@example.org',
      password: 'a long enough passphrase 1',
      displayName: 'Mo Manager',
      roles: ['consultation_manager'],
    })
  })
  after(() => t.close())

  const stored = () =>
    t.database.db
      .selectFrom('participation_groups')
      .select(['group_key', 'tier'])
      .where('consultation_id', '=', consultationId)
      .orderBy('group_key')
      .execute()

  test('every group found joins responses of one planted person, and a second run finds the same groups', async () => {
    await t.services.participation.detect(consultationId, systemActor)
    const first = await stored()
    assert.ok(first.some((g) => g.tier === 'exact'))
    const rows = await t.database.db
      .selectFrom('participation_group_members as m')
      .innerJoin('participation_groups as g', 'g.id', 'm.group_id')
      .innerJoin('demo_truth as d', 'd.response_id', 'm.response_id')
      .select(['g.group_key', 'd.person_id'])
      .where('g.tier', '=', 'exact')
      .execute()
    const people = new Map<string, Set<number>>()
    for (const r of rows) people.set(r.group_key, (people.get(r.group_key) ?? new Set()).add(r.person_id))
    assert.ok([...people.values()].every((p) => p.size === 1))
    await t.services.participation.detect(consultationId, systemActor)
    assert.deepEqual(await stored(), first)
  })

  test('a decision is kept when detection runs again, and estimates follow it', async () => {
    const [group] = await t.database.db
      .selectFrom('participation_groups')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where('tier', '=', 'exact')
      .orderBy('group_key')
      .limit(1)
      .execute()
    assert.ok(group)
    const before = await t.services.participation.estimate(consultationId)
    await t.services.participation.decide(group.id, 'different_people', 'Two people at one address', {
      userId,
      label: 'manager@example.org',
    })
    await t.services.participation.detect(consultationId, systemActor)
    const after = await t.services.participation.estimate(consultationId)
    assert.ok(after.people > before.people)
    assert.equal(after.groups.filter((g) => g.decision === 'different_people').length, 1)
  })

  test('campaign responses are flagged for analysis to show apart, and only planted ones', async () => {
    const flagged = await t.services.participation.campaignResponseIds(consultationId)
    const truth = await t.database.db
      .selectFrom('demo_truth')
      .select('response_id')
      .where('campaign', 'is not', null)
      .execute()
    const planted = new Set(truth.map((r) => r.response_id))
    assert.ok(flagged.size > 0)
    assert.ok([...flagged].every((id) => planted.has(id)))
  })

  test('detection asked for runs as a background job: queued once, then done with its progress, audited', async () => {
    const manager = { userId, label: 'manager@example.org' }
    const run = () =>
      t.database.db
        .selectFrom('participation_runs')
        .selectAll()
        .where('consultation_id', '=', consultationId)
        .executeTakeFirstOrThrow()
    assert.deepEqual(await t.services.participation.requestDetection(consultationId, manager), {
      queued: true,
    })
    assert.deepEqual(await t.services.participation.requestDetection(consultationId, manager), {
      queued: false,
    })
    assert.deepEqual(t.jobs, [{ name: 'participation.detect', data: { consultationId } }])
    const queued = await run()
    assert.equal(queued.status, 'queued')
    assert.equal(queued.requested_by, userId)
    const status = await t.services.participation.detectionStatus(consultationId)
    assert.equal(status.busy, true)

    assert.equal(await t.runJobs(), 1)
    const done = await run()
    assert.equal(done.status, 'done')
    assert.ok(done.finished_at && done.started_at && done.detected_at)
    assert.equal(done.responses_seen, await t.services.responses.countResponses(consultationId))
    assert.ok(done.progress_total > 0)
    assert.equal(done.progress_done, done.progress_total)
    assert.deepEqual(Object.keys(done.summary ?? {}).sort(), ['burst', 'campaign', 'exact', 'possible'])
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('entity_id', '=', consultationId)
      .where('action', 'like', 'participation.%')
      .orderBy(sql`seq::bigint`, 'desc')
      .limit(2)
      .execute()
    assert.deepEqual(audit, [
      { action: 'participation.detected', actor_label: 'system' },
      { action: 'participation.detection-requested', actor_label: 'manager@example.org' },
    ])
    assert.deepEqual(await t.services.participation.runDetectionJob(consultationId), { skipped: true })
    assert.equal((await t.services.participation.detectionStatus(consultationId)).stale, false)
  })

  test('a population table is checked against the questionnaire: the shipped one passes, a wrong category is refused by line', async () => {
    const shipped = readFileSync(shippedPopulation, 'utf8')
    assert.equal((await t.services.participation.checkPopulation(consultationId, shipped)).ok, true)
    const wrong = shipped.replace('leicester,sex,female,', 'leicester,sex,woman,')
    const checked = await t.services.participation.checkPopulation(consultationId, wrong)
    assert.equal(checked.ok, false)
    if (!checked.ok)
      assert.deepEqual(checked.problems[0], {
        row: 21,
        reason: "'woman' is not an answer the questionnaire offers for sex",
      })
  })
})
