import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { createTestApp, type TestApp } from '../../testing/app.js'
import { channels } from '../responses/index.js'
import type { ProfileFilter } from './repository.js'
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

  test('a group found again keeps its id; one no longer found goes, with its members', async () => {
    const groups = () =>
      t.database.db
        .selectFrom('participation_groups')
        .select(['id', 'group_key', 'tier'])
        .where('consultation_id', '=', consultationId)
        .orderBy('group_key')
        .execute()
    await t.services.participation.detect(consultationId, systemActor)
    const first = await groups()
    await t.services.participation.detect(consultationId, systemActor)
    assert.deepEqual(await groups(), first, 'the same ids for the same groups')
    const gone = first.find((g) => g.tier === 'exact')
    assert.ok(gone)
    const [member] = await t.database.db
      .selectFrom('participation_group_members')
      .select('response_id')
      .where('group_id', '=', gone.id)
      .orderBy('position', 'desc')
      .limit(1)
      .execute()
    assert.ok(member)
    await t.services.responses.excludeResponse(member.response_id, 'Sent by mistake', {
      userId,
      label: 'manager@example.org',
    })
    await t.services.participation.detect(consultationId, systemActor)
    const after = await groups()
    assert.ok(!after.some((g) => g.id === gone.id), 'the changed group is stored afresh')
    const orphans = await t.database.db
      .selectFrom('participation_group_members')
      .select('group_id')
      .where('group_id', '=', gone.id)
      .execute()
    assert.deepEqual(orphans, [])
    assert.ok(after.filter((g) => first.some((f) => f.id === g.id)).length > 0, 'the others keep theirs')
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

  test('the stored figures are the live counts, for every filter the dashboard offers and each person once', async () => {
    const participation = t.services.participation
    await participation.detect(consultationId, systemActor)
    const status = await participation.storedFigures(consultationId)
    assert.ok(status.figures && status.computedAt)
    assert.equal(status.stale, false)
    const partners = await participation.listPartners(consultationId)
    assert.deepEqual(status.figures.partners, partners)
    const [partner] = partners
    assert.ok(partner)
    const filters: ProfileFilter[] = [
      {},
      ...channels.map((channel) => ({ channel })),
      ...partners.map((p) => ({ partnerId: p.id })),
      { channel: 'event', partnerId: partner.id },
    ]
    for (const filter of filters) {
      const stored = participation.dashboardFigures(status.figures, filter, 5)
      assert.deepEqual(
        stored.profile,
        await participation.profile(consultationId, filter, 5),
        JSON.stringify(filter),
      )
      assert.deepEqual(
        stored.reach,
        await participation.reach(consultationId, filter, 5),
        JSON.stringify(filter),
      )
    }
    const once = participation.dashboardFigures(status.figures, { withoutRepeats: true }, 5).profile
    assert.deepEqual(once, await participation.profile(consultationId, { withoutRepeats: true }, 5))
    const live = await participation.estimate(consultationId)
    assert.deepEqual(status.figures.estimate, {
      responses: live.responses,
      people: live.people,
      lower: live.lower,
      upper: live.upper,
    })
    // Undecided possible matches stay separate people until someone decides, so counting each
    // person once gives the top of the estimate's range.
    assert.equal(once.total, live.upper, 'each person once is the upper end of the estimate of people')
    assert.equal(status.responsesSeen, live.responses)
  })

  test('what changes the figures marks them out of date; other changes to a response do not', async () => {
    const participation = t.services.participation
    const manager = { userId, label: 'manager@example.org' }
    await participation.detect(consultationId, systemActor)
    const changed = async () => (await participation.storedFigures(consultationId)).changed
    const [first, second] = await t.database.db
      .selectFrom('responses')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where('status', '=', 'submitted')
      .where('late', '=', false)
      .orderBy('reference')
      .limit(2)
      .execute()
    assert.ok(first && second)
    await t.database.db
      .updateTable('responses')
      .set({ flags: '["many_from_address"]' })
      .where('id', '=', first.id)
      .execute()
    assert.deepEqual(await changed(), { responses: 0, decisions: 0 })
    await t.services.responses.excludeResponse(first.id, 'Test entry', manager)
    assert.deepEqual(await changed(), { responses: 1, decisions: 0 })
    await t.database.db
      .updateTable('responses')
      .set({
        late: true,
        late_decision: 'refused',
        late_decided_at: new Date(),
        late_decided_by: userId,
        late_decision_reason: 'Arrived after the postal deadline',
      })
      .where('id', '=', second.id)
      .execute()
    assert.deepEqual(await changed(), { responses: 2, decisions: 0 })
    const [group] = await t.database.db
      .selectFrom('participation_groups')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where('tier', '=', 'exact')
      .orderBy('group_key', 'desc')
      .limit(1)
      .execute()
    assert.ok(group)
    await participation.decide(group.id, 'same_person', 'Sent twice', manager)
    const status = await participation.storedFigures(consultationId)
    assert.deepEqual(status.changed, { responses: 2, decisions: 1 })
    assert.equal(status.stale, true)
    await participation.detect(consultationId, systemActor)
    assert.deepEqual(await changed(), { responses: 0, decisions: 0 })
  })

  test('a transaction left open elsewhere when a run begins does not make what the run saw look changed', async (context) => {
    if (t.database.kind !== 'postgres')
      return context.skip('PGlite has one connection, so nothing is open elsewhere')
    const participation = t.services.participation
    const version = await t.services.consultations.getLatestQuestionnaire(consultationId)
    const respond = () =>
      t.services.responses.storeResponse({
        consultationId,
        questionnaireVersionId: version.id,
        submissionKey: randomUUID(),
        channel: 'online',
        answers: { relationship: 'public' },
        submittedAt: new Date(),
        actor: systemActor,
      })
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let opened = () => {}
    const open = new Promise<void>((resolve) => {
      opened = resolve
    })
    // Another session's transaction, given an id and left open, as a long import elsewhere would be.
    const elsewhere = t.database.db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection)
      await sql`select pg_current_xact_id()`.execute(connection)
      opened()
      await released
      await sql`rollback`.execute(connection)
    })
    try {
      await open
      await respond()
      await participation.detect(consultationId, systemActor)
      assert.deepEqual((await participation.storedFigures(consultationId)).changed, {
        responses: 0,
        decisions: 0,
      })
      await respond()
      assert.deepEqual((await participation.storedFigures(consultationId)).changed, {
        responses: 1,
        decisions: 0,
      })
    } finally {
      release()
      await elsewhere
    }
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

  test("the groups listed a page at a time count each group's responses and those still counted as a count of each response's standing does", async () => {
    await t.services.participation.detect(consultationId, systemActor)
    // One member of a campaign excluded, one of an exact group late and undecided: both stop counting.
    const memberOf = (tier: 'campaign' | 'exact') =>
      t.database.db
        .selectFrom('participation_group_members as m')
        .innerJoin('participation_groups as g', 'g.id', 'm.group_id')
        .select('m.response_id')
        .where('g.consultation_id', '=', consultationId)
        .where('g.tier', '=', tier)
        .orderBy('g.group_key')
        .orderBy('m.position', 'desc')
        .executeTakeFirstOrThrow()
    const excluded = await memberOf('campaign')
    const late = await memberOf('exact')
    await t.database.db
      .updateTable('responses')
      .set({ status: 'excluded', exclusion_reason: 'Checking the groups list', excluded_at: new Date() })
      .where('id', '=', excluded.response_id)
      .execute()
    await t.database.db
      .updateTable('responses')
      .set({ late: true, late_decision: null })
      .where('id', '=', late.response_id)
      .execute()
    try {
      const live = await t.database.db
        .selectFrom('participation_groups as g')
        .innerJoin('participation_group_members as m', 'm.group_id', 'g.id')
        .innerJoin('response_standings as s', 's.response_id', 'm.response_id')
        .select([
          'g.id',
          (eb) => eb.fn.countAll<number>().as('members'),
          sql<number>`count(*) filter (where s.standing = 'counted')`.as('counted'),
        ])
        .where('g.consultation_id', '=', consultationId)
        .groupBy('g.id')
        .execute()
      const expected = new Map(live.map((g) => [g.id, [Number(g.members), Number(g.counted)]]))
      const first = await t.services.participation.listGroupsPage(consultationId, 1)
      const listed = [first]
      for (let page = 2; page <= first.pages; page++)
        listed.push(await t.services.participation.listGroupsPage(consultationId, page))
      const groups = listed.flatMap((p) => p.groups)
      assert.equal(groups.length, expected.size)
      assert.deepEqual(new Map(groups.map((g) => [g.id, [g.members, g.counted]])), expected)
      assert.ok(
        groups.some((g) => g.counted < g.members),
        'the changed responses are in listed groups',
      )
    } finally {
      await t.database.db
        .updateTable('responses')
        .set({ status: 'submitted', exclusion_reason: null, excluded_at: null })
        .where('id', '=', excluded.response_id)
        .execute()
      await t.database.db
        .updateTable('responses')
        .set({ late: false })
        .where('id', '=', late.response_id)
        .execute()
    }
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
