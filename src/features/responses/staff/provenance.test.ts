import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { londonWallClock } from '../../../platform/time/london.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../../testing/app.js'

// A late paper return keyed twice, admitted by a manager, then excluded: its page tells the whole
// story, each step with who and when.

const day = 86_400_000
let t: TestApp
let staff: TestStaff<'first' | 'second' | 'manager' | 'analyst'>
let consultationId: string

before(async () => {
  t = await createTestApp()
  staff = await createStaff(t, {
    first: { email: 'first.keyer@example.org', displayName: 'First keyer', roles: ['data_entry'] },
    second: { email: 'second.keyer@example.org', displayName: 'Second keyer', roles: ['data_entry'] },
    manager: onePerRole(['consultation_manager'] as const).consultation_manager,
    analyst: onePerRole(['analyst'] as const).analyst,
  })
  const now = Date.now()
  consultationId = await t.services.consultations.createPublished(
    {
      slug: 'provenance',
      title: 'Provenance',
      summary: 'Closed to post.',
      status: 'closed',
      opensAt: new Date(now - 20 * day),
      closesAt: new Date(now - 10 * day),
      postalDeadlineAt: new Date(now - 5 * day),
      proposals: [],
      questionnaire: {
        sections: [
          { key: 's', title: 'Q', questions: [{ key: 'views', type: 'free_text', title: 'Your views' }] },
        ],
      },
    },
    systemActor,
  )
  await t.services.paper.setDoubleEntry(consultationId, true, systemActor)
})
after(() => t.close())

test("a response's page shows where it came from: paper, both keyers, the late decision and the exclusion", async () => {
  const [year, month, dayOfMonth] = londonWallClock(new Date()).date.split('-')
  const paper = {
    paper_reference: 'L 7',
    batch: 'Freepost late',
    'received[day]': String(Number(dayOfMonth)),
    'received[month]': String(Number(month)),
    'received[year]': year ?? '',
    q_views: 'Keep the ward open',
  }
  for (const keyer of ['first', 'second'] as const) {
    const browser = await staff.as(keyer)
    const fields = await browser.formFields(`/admin/consultations/${consultationId}/paper/new`)
    const sent = await browser.post(`/admin/consultations/${consultationId}/paper`, { ...fields, ...paper })
    assert.equal(sent.statusCode, 303, sent.body)
  }
  const { id } = await t.database.db
    .selectFrom('responses')
    .select('id')
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow()
  const manager = await staff.as('manager')
  const decided = await manager.postFrom(
    `/admin/responses/${id}/late-decision`,
    `/admin/responses/${id}/late-decision`,
    {
      decision: 'admitted',
      reason: 'Postmarked before the deadline',
    },
  )
  assert.equal(decided.statusCode, 303)
  // The page the decision leads to, as a browser would follow it.
  assert.equal((await manager.get(String(decided.headers.location))).statusCode, 200)
  const excluded = await manager.postFrom(`/admin/responses/${id}`, `/admin/responses/${id}/exclude`, {
    reason: 'Sent twice by the same person',
  })
  assert.equal(excluded.statusCode, 303)

  const page = await manager.get(`/admin/responses/${id}`)
  assert.equal(page.statusCode, 200)
  const provenance = /data-testid="provenance"[\s\S]*?<\/dl>/.exec(page.body)?.[0] ?? ''
  const text = provenance.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
  assert.match(text, /Channel Paper/)
  assert.match(text, /Paper reference L7, keyed twice, blind, and reconciled/)
  assert.match(text, /Keyed \(copy 1\) By first\.keyer@example\.org on .+, batch Freepost late/)
  assert.match(text, /Keyed \(copy 2\) By second\.keyer@example\.org/)
  assert.match(
    text,
    /Late return Admitted by consultation_manager@example\.org on .+: Postmarked before the deadline/,
  )
  assert.match(text, /Excluded By consultation_manager@example\.org on .+: Sent twice by the same person/)
  assert.match(page.body, new RegExp(`href="/admin/audit\\?record=${id}"`))

  // An analyst sees the provenance, but not the link to an audit log they may not read.
  const analyst = await staff.as('analyst')
  const seen = await analyst.get(`/admin/responses/${id}`)
  assert.match(seen.body, /Paper reference L7/)
  assert.doesNotMatch(seen.body, /href="\/admin\/audit/)
})
