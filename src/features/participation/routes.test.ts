import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { createStaff, createTestApp, onePerRole, signedInAs, type TestApp } from '../../testing/app.js'

describe('who we heard from', () => {
  let t: TestApp
  let consultationId: string
  let base: string
  const people = onePerRole([
    'consultation_manager',
    'analyst',
    'observer',
    'data_entry',
    'partner_collector',
  ] as const)

  before(async () => {
    t = await createTestApp({ referenceResponses: 600 })
    await createStaff(t, people)
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    base = `/admin/consultations/${consultationId}/participation`
  })
  after(() => t.close())

  const signedIn = (role: keyof typeof people) => signedInAs(t, people[role].email)
  const estimateOf = (body: string) => {
    const match = /<strong>(\d+)<\/strong> responses from an estimated <strong>(\d+)<\/strong> people/.exec(
      body,
    )
    return { responses: Number(match?.[1]), people: Number(match?.[2]) }
  }
  const runs = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('participation_runs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('consultation_id', '=', consultationId)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const totalCounted = (body: string) => Number(/<p>(\d+) responses counted\.<\/p>/.exec(body)?.[1])
  const countWhere = async (narrow: (q: ReturnType<typeof counted>) => ReturnType<typeof counted>) =>
    Number((await narrow(counted()).executeTakeFirstOrThrow()).n)
  const counted = () =>
    t.database.db
      .selectFrom('response_standings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', '=', consultationId)
      .where('standing', '=', 'counted')
  const groupsOf = (tier: string) =>
    t.database.db
      .selectFrom('participation_groups')
      .select(['id', 'group_key'])
      .where('consultation_id', '=', consultationId)
      .where('tier', '=', tier as 'exact')
      .orderBy('group_key')
      .execute()

  test('before any detection run both pages say there are no figures yet, and a visit counts nothing', async () => {
    const analyst = await signedIn('analyst')
    for (const url of [base, `${base}/scrutiny`]) {
      const page = await analyst.get(url)
      assert.equal(page.statusCode, 200, url)
      assert.match(page.body, /No figures yet/)
      assert.doesNotMatch(page.body, /data-testid="people-estimate"/)
      assert.doesNotMatch(page.body, /Refresh the figures/, 'an analyst may not start a run')
    }
    assert.equal((await analyst.get(`${base}/scrutiny.csv`)).statusCode, 404)
    assert.deepEqual(t.jobs, [], 'a visit queues no run')
    assert.equal(await runs(), 0, 'a visit starts no run')
    const manager = await signedIn('consultation_manager')
    const page = await manager.get(base)
    assert.match(page.body, /Refresh the figures/)
  })

  test('a manager refreshes from the dashboard: the run is queued and audited, and its figures then show', async () => {
    const manager = await signedIn('consultation_manager')
    const fields = await manager.formFields(base)
    const refreshed = await manager.post(`${base}/detect`, { ...fields, from: 'dashboard' })
    assert.equal(refreshed.statusCode, 303)
    assert.equal(refreshed.headers.location, base)
    assert.deepEqual(
      t.jobs.map((j) => j.name),
      ['participation.detect'],
    )
    const requested = await t.database.db
      .selectFrom('audit_log')
      .select('actor_label')
      .where('action', '=', 'participation.detection-requested')
      .where('entity_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    assert.equal(requested.actor_label, people.consultation_manager.email)
    const queued = await manager.get(base)
    assert.match(queued.body, /New figures are queued, waiting to start/)
    assert.doesNotMatch(queued.body, /Refresh the figures/)
    assert.equal(await t.runJobs(), 1)

    const browser = await signedIn('analyst')
    const page = await browser.get(base)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Figures computed at .+, over \d+ counted responses/)
    assert.doesNotMatch(page.body, /since these figures were computed/)
    const estimate = estimateOf(page.body)
    assert.equal(estimate.responses, await t.services.responses.countResponses(consultationId))
    assert.ok(estimate.people < estimate.responses, 'some responses are repeats')
    assert.ok((await groupsOf('exact')).length > 0)
    assert.match(page.body, /Reach against the population/)
    assert.match(page.body, /Under-heard/)
    assert.match(page.body, /Not stated/)
    // Small counts are never shown: every count from 1 to 4 is replaced by words.
    assert.match(page.body, /fewer than the threshold/)
    assert.doesNotMatch(page.body, /nhsuk-table__cell--numeric">[1-4]<\/td>/)
    const online = await browser.get(`${base}?channel=online`)
    assert.equal(online.statusCode, 200)
    assert.equal(
      totalCounted(online.body),
      await countWhere((q) => q.where('channel', '=', 'online')),
      'the channel filter adds up the stored cells of that channel',
    )
    const partner = await t.database.db
      .selectFrom('responses')
      .select('partner_organisation_id')
      .where('consultation_id', '=', consultationId)
      .where('partner_organisation_id', 'is not', null)
      .executeTakeFirstOrThrow()
    const partnerId = partner.partner_organisation_id ?? ''
    const byPartner = await browser.get(`${base}?partner=${partnerId}`)
    assert.equal(byPartner.statusCode, 200)
    assert.equal(
      totalCounted(byPartner.body),
      await countWhere((q) => q.where('partner_organisation_id', '=', partnerId)),
    )
    const bad = await browser.get(`${base}?channel=carrier-pigeon`)
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Select a channel from the list/)
    assert.deepEqual(t.jobs, [], 'nothing changed, so nothing is queued')
  })

  test('the pages read the stored figures rather than counting the responses', async () => {
    const row = await t.database.db
      .selectFrom('participation_figures')
      .select('figures')
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    const figures = row.figures as { estimate: { responses: number; people: number } }
    const planted = { ...figures, estimate: { responses: 98765, people: 12345, lower: 12000, upper: 12400 } }
    await t.database.db
      .updateTable('participation_figures')
      .set({ figures: JSON.stringify(planted) })
      .where('consultation_id', '=', consultationId)
      .execute()
    try {
      const browser = await signedIn('observer')
      assert.deepEqual(estimateOf((await browser.get(base)).body), { responses: 98765, people: 12345 })
      assert.match((await browser.get(`${base}/scrutiny`)).body, /data-testid="total-people">12400</)
    } finally {
      await t.database.db
        .updateTable('participation_figures')
        .set({ figures: JSON.stringify(figures) })
        .where('consultation_id', '=', consultationId)
        .execute()
    }
  })

  test('a response after the run leaves the old figure with a notice to refresh; the refresh counts it', async () => {
    const browser = await signedIn('consultation_manager')
    const before = estimateOf((await browser.get(base)).body)
    const version = await t.services.consultations.getLatestQuestionnaire(consultationId)
    await t.services.responses.storeResponse({
      consultationId,
      questionnaireVersionId: version.id,
      submissionKey: randomUUID(),
      channel: 'online',
      answers: { relationship: 'public' },
      submittedAt: new Date(),
      actor: systemActor,
    })
    for (const url of [base, `${base}/scrutiny`]) {
      const stale = await browser.get(url)
      assert.equal(estimateOf(stale.body).responses, before.responses, `${url} keeps the stored figure`)
      assert.match(stale.body, /1 response has arrived \(or changed\) since these figures were computed/)
      assert.match(stale.body, /Refresh the figures/)
    }
    assert.deepEqual(t.jobs, [], 'figures out of date are not counted again by a visit')
    const observer = await signedIn('observer')
    assert.match((await observer.get(`${base}/scrutiny`)).body, /A consultation manager can refresh them/)
    const fields = await browser.formFields(`${base}/scrutiny`)
    const refreshed = await browser.post(`${base}/detect`, { ...fields, from: 'scrutiny' })
    assert.equal(refreshed.headers.location, `${base}/scrutiny`)
    assert.equal(await t.runJobs(), 1)
    const fresh = await browser.get(`${base}/scrutiny`)
    assert.equal(estimateOf(fresh.body).responses, before.responses + 1)
    assert.doesNotMatch(fresh.body, /since these figures were computed/)
  })

  test('the scrutiny answer is a table and a CSV with duplicates removed and the method', async () => {
    const browser = await signedIn('observer')
    const page = await browser.get(`${base}/scrutiny`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /I am a family member or carer/)
    assert.match(page.body, /counted as one person/)
    const csv = await browser.get(`${base}/scrutiny.csv`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    const lines = csv.body.trim().split('\n')
    assert.equal(
      lines[0],
      'Relationship to the services,Responses,Responses (%),People (duplicates removed),People (%)',
    )
    const total = lines.find((l) => l.startsWith('Total,'))?.split(',')
    const estimate = await t.services.participation.estimate(consultationId)
    assert.deepEqual(total?.slice(1, 4), [String(estimate.responses), '100.0%', String(estimate.upper)])
    assert.ok(lines.some((l) => l.startsWith('Method,')))
  })

  test('a manager starts detection from the page and sees how far it has got; an analyst cannot start it', async () => {
    const analyst = await signedIn('analyst')
    const groupsPage = `${base}/groups`
    const analystFields = await analyst.formFields(groupsPage)
    assert.equal((await analyst.post(`${base}/detect`, analystFields)).statusCode, 403)
    const manager = await signedIn('consultation_manager')
    const fields = await manager.formFields(groupsPage)
    const started = await manager.post(`${base}/detect`, fields)
    assert.equal(started.statusCode, 303)
    assert.equal(started.headers.location, groupsPage)
    const queued = await manager.get(groupsPage)
    assert.match(queued.body, /Checking for duplicates and campaigns\. This runs in the background/)
    assert.match(queued.body, /queued, waiting to start/)
    assert.doesNotMatch(queued.body, /Check for duplicates now/)
    await t.database.db
      .updateTable('participation_runs')
      .set({ status: 'running', stage: 'comparing', progress_done: 1200, progress_total: 5000 })
      .where('consultation_id', '=', consultationId)
      .execute()
    const running = await manager.get(groupsPage)
    assert.match(running.body, /running,\s+comparing answers, 1200 of 5000/)
    assert.match(running.body, new RegExp(`<a href="${groupsPage}">Refresh this page</a>`))
    await t.database.db
      .updateTable('participation_runs')
      .set({ status: 'queued' })
      .where('consultation_id', '=', consultationId)
      .execute()
    assert.equal(await t.runJobs(), 1)
    const done = await manager.get(groupsPage)
    assert.match(done.body, /Check for duplicates now/)
    assert.match(done.body, /Duplicates last checked/)
  })

  test('roles that must not see who responded are refused', async () => {
    for (const role of ['data_entry', 'partner_collector'] as const) {
      const browser = await signedIn(role)
      for (const url of [base, `${base}/scrutiny`, `${base}/scrutiny.csv`, `${base}/groups`])
        assert.equal((await browser.get(url)).statusCode, 403, `${role} ${url}`)
    }
  })

  test('a manager decides a group is different people, which is audited and counts them apart', async () => {
    const browser = await signedIn('consultation_manager')
    await browser.get(base)
    const [group] = await groupsOf('exact')
    assert.ok(group)
    const url = `/admin/participation/groups/${group.id}`
    const before = await t.services.participation.estimate(consultationId)
    const fields = await browser.formFields(url)
    const missing = await browser.post(`${url}/decision`, {
      ...fields,
      decision: 'different_people',
      reason: ' ',
    })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /Enter the reason for your decision/)
    const decided = await browser.post(`${url}/decision`, {
      ...fields,
      decision: 'different_people',
      reason: 'Twins',
    })
    assert.equal(decided.statusCode, 303)
    const after = await t.services.participation.estimate(consultationId)
    const members = await t.database.db
      .selectFrom('participation_group_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('group_id', '=', group.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.people, before.people + Number(members.n) - 1)
    const dashboard = (await browser.get(base)).body
    assert.match(dashboard, /1 duplicate decision has been made since/)
    // The groups page shows the estimate the last run stored, as the dashboard does, never a live count.
    const groupsPage = (await browser.get(`${base}/groups`)).body
    assert.deepEqual(estimateOf(groupsPage), estimateOf(dashboard))
    assert.notEqual(estimateOf(groupsPage).people, after.people)
    assert.match(groupsPage, /Decisions and responses since then count once the figures are refreshed/)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'details'])
      .where('entity_id', '=', group.group_key)
      .executeTakeFirstOrThrow()
    assert.equal(audit.action, 'participation.decided')
    assert.equal(audit.actor_label, people.consultation_manager.email)
    assert.equal(audit.details.decision, 'different_people')
  })

  test('a manager excludes one response of a group with a reason; an analyst cannot', async () => {
    const [, group] = await groupsOf('exact')
    assert.ok(group)
    const url = `/admin/participation/groups/${group.id}`
    const member = await t.database.db
      .selectFrom('participation_group_members')
      .select('response_id')
      .where('group_id', '=', group.id)
      .where('position', '=', 1)
      .executeTakeFirstOrThrow()
    const analyst = await signedIn('analyst')
    const analystFields = await analyst.formFields(url)
    const refused = await analyst.post(`${url}/exclude`, {
      ...analystFields,
      response_id: member.response_id,
      reason: 'Sent twice',
    })
    assert.equal(refused.statusCode, 403)
    const manager = await signedIn('consultation_manager')
    const fields = await manager.formFields(url)
    const excluded = await manager.post(`${url}/exclude`, {
      ...fields,
      response_id: member.response_id,
      reason: 'Sent twice',
    })
    assert.equal(excluded.statusCode, 303)
    const row = await t.database.db
      .selectFrom('responses')
      .select(['status', 'exclusion_reason'])
      .where('id', '=', member.response_id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { status: 'excluded', exclusion_reason: 'Sent twice' })
  })

  test('the groups page lists groups fifty at a time, with NHS.UK pagination links that need no JavaScript', async () => {
    await t.services.participation.detect(consultationId, systemActor)
    const found = await t.database.db
      .selectFrom('participation_groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    // Enough bursts, each of one response, to fill three pages whatever the demo's groups number.
    const added = 120 - Number(found.n)
    assert.ok(added > 0)
    const response = await t.database.db.selectFrom('responses').select('id').executeTakeFirstOrThrow()
    const ids = Array.from({ length: added }, () => randomUUID())
    await t.database.db
      .insertInto('participation_groups')
      .values(
        ids.map((id, i) => ({
          id,
          consultation_id: consultationId,
          tier: 'burst' as const,
          group_key: `paging-${String(i).padStart(3, '0')}`,
          evidence: JSON.stringify({ reasons: ['same_choices_within_minutes'] }),
          detected_at: new Date(),
        })),
      )
      .execute()
    await t.database.db
      .insertInto('participation_group_members')
      .values(ids.map((id) => ({ group_id: id, response_id: response.id, position: 0 })))
      .execute()
    try {
      const browser = await signedIn('observer')
      const url = `${base}/groups`
      const rowsOf = (body: string) =>
        [...body.matchAll(/href="\/admin\/participation\/groups\/[^"]+">(\w+ \d+)</g)].map((m) => m[1])
      const first = await browser.get(url)
      assert.equal(first.statusCode, 200)
      assert.match(first.body, /120 groups: 1 to 50, page 1 of 3/)
      assert.equal(rowsOf(first.body).length, 50)
      assert.match(first.body, new RegExp(`<a class="nhsuk-pagination__link" href="${url}\\?page=2"`))
      assert.match(first.body, new RegExp(`href="${url}\\?page=2" class="nhsuk-pagination__next" rel="next"`))
      assert.doesNotMatch(first.body, /rel="prev"/)

      const last = await browser.get(`${url}?page=3`)
      assert.equal(last.statusCode, 200)
      assert.match(last.body, /120 groups: 101 to 120, page 3 of 3/)
      const lastRows = rowsOf(last.body)
      assert.equal(lastRows.length, 20)
      assert.match(lastRows[lastRows.length - 1] ?? '', / 120$/)
      assert.match(last.body, /aria-current="page"/)
      assert.match(
        last.body,
        new RegExp(`href="${url}\\?page=2" class="nhsuk-pagination__previous" rel="prev"`),
      )
      assert.doesNotMatch(last.body, /rel="next"/)

      const pages = await Promise.all([1, 2, 3].map((n) => browser.get(`${url}?page=${n}`)))
      const everyRow = pages.flatMap((p) => rowsOf(p.body))
      assert.equal(new Set(everyRow).size, 120, 'each group is listed once across the pages')

      for (const page of ['4', '0', 'two', '-1'])
        assert.equal((await browser.get(`${url}?page=${page}`)).statusCode, 404, `page ${page}`)
    } finally {
      await t.database.db.deleteFrom('participation_group_members').where('group_id', 'in', ids).execute()
      await t.database.db.deleteFrom('participation_groups').where('id', 'in', ids).execute()
    }
  })

  test("a group's responses are listed fifty at a time, with previous and next links from positions", async () => {
    const members = await t.database.db
      .selectFrom('responses')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .orderBy('reference')
      .limit(120)
      .execute()
    const id = randomUUID()
    await t.database.db
      .insertInto('participation_groups')
      .values({
        id,
        consultation_id: consultationId,
        tier: 'campaign',
        group_key: 'paging-members',
        evidence: JSON.stringify({ example: 'The same letter' }),
        detected_at: new Date(),
      })
      .execute()
    await t.database.db
      .insertInto('participation_group_members')
      .values(members.map((m, position) => ({ group_id: id, response_id: m.id, position })))
      .execute()
    try {
      const browser = await signedIn('consultation_manager')
      const url = `/admin/participation/groups/${id}`
      const referencesOf = (body: string) =>
        [...body.matchAll(/class="heard-reference">([^<]+)</g)].map((m) => m[1] ?? '')
      const first = await browser.get(url)
      assert.equal(first.statusCode, 200)
      assert.match(first.body, /120 responses in this group: 1 to 50/)
      assert.equal(referencesOf(first.body).length, 50)
      assert.match(first.body, new RegExp(`href="${url}\\?after=49"[^>]*rel="next"`))
      assert.doesNotMatch(first.body, /rel="prev"/)
      const second = await browser.get(`${url}?after=49`)
      assert.match(second.body, /120 responses in this group: 51 to 100/)
      assert.match(second.body, new RegExp(`href="${url}\\?before=50"[^>]*rel="prev"`))
      const last = await browser.get(`${url}?after=99`)
      assert.match(last.body, /120 responses in this group: 101 to 120/)
      assert.doesNotMatch(last.body, /rel="next"/)
      const back = await browser.get(`${url}?before=100`)
      assert.deepEqual(referencesOf(back.body), referencesOf(second.body))
      const everyPage = [first, second, last].flatMap((page) => referencesOf(page.body))
      assert.equal(new Set(everyPage).size, 120, 'each response is listed once across the pages')
      // Only the page's responses are offered for exclusion, and one on another page can still be excluded.
      assert.equal([...first.body.matchAll(/name="response_id" type="radio"/g)].length, 50)
      const fields = await browser.formFields(url)
      const excluded = await browser.post(`${url}/exclude`, {
        ...fields,
        response_id: members[110]?.id ?? '',
        reason: 'Sent twice',
      })
      assert.equal(excluded.statusCode, 303)
      const notMember = await browser.post(`${url}/exclude`, {
        ...fields,
        response_id: 'not-an-id',
        reason: 'x',
      })
      assert.equal(notMember.statusCode, 404)
      for (const query of ['after=two', 'before=-1', 'after=1&before=9', 'after=119', 'before=0'])
        assert.equal((await browser.get(`${url}?${query}`)).statusCode, 404, query)
    } finally {
      await t.database.db
        .updateTable('responses')
        .set({ status: 'submitted', exclusion_reason: null, excluded_at: null, excluded_by: null })
        .where('id', '=', members[110]?.id ?? '')
        .execute()
      await t.database.db.deleteFrom('participation_group_members').where('group_id', '=', id).execute()
      await t.database.db.deleteFrom('participation_groups').where('id', '=', id).execute()
    }
  })

  test('a malformed or unknown consultation or group id is not found', async () => {
    const browser = await signedIn('consultation_manager')
    for (const path of [
      '/admin/consultations/not-an-id/participation',
      `/admin/consultations/${randomUUID()}/participation/groups`,
      '/admin/consultations/not-an-id/participation/scrutiny',
      '/admin/participation/groups/not-an-id',
    ])
      assert.equal((await browser.get(path)).statusCode, 404, path)
  })
})
