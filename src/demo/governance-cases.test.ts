import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createServices, type Services } from '../app/services.js'
import { governanceEvidenceSource } from '../features/governance/index.js'
import { systemActor } from '../platform/audit/audit-log.js'
import { createTestDatabase, type TestDatabase } from '../testing/databases.js'
import { loadGovernanceDemo } from './governance-cases.js'
import { recoveryHubsEngagements, recoveryHubsSlug } from './recovery-hubs.js'
import { referenceSlug } from './reference-consultation.js'

// The two reference cases' meetings in the demo, and the Recovery Hubs consultation behind the
// scrutiny commission's question, answered from its data.

describe('the meetings of the reference cases in the demo', () => {
  let database: TestDatabase
  let services: Services
  const now = new Date('2026-12-06T09:00:00Z')

  before(async () => {
    database = await createTestDatabase()
    services = createServices({ database, now: () => now })
    const reference = await services.demo.loadReferenceCase({ responses: 30, seed: 1 })
    await loadGovernanceDemo({ ...services, db: database.db, now: () => now }, reference.consultationId, 1)
  })
  after(() => database.close())

  const committee = async (slug: string) => services.governance.publicCommittee(slug)

  test('the Governing Body decided on 14 December 2021 and a later meeting closed its co-production action', async () => {
    const body = await committee('llr-clinical-commissioning-groups-joint-governing-body')
    const days = body.meetings.map((m) => m.starts_at.toISOString().slice(0, 10))
    assert.deepEqual(days, ['2022-06-14', '2021-12-14'])
    const [action] = body.actions
    assert.equal(action?.status, 'closed')
    assert.equal(action?.closed_by_item_title, 'Step up to Great Mental Health: co-production progress')
    const decision = await services.governance.meeting(body.meetings[1]?.id ?? '')
    assert.equal(decision.meeting.status, 'minutes_approved')
    assert.deepEqual(
      decision.agenda[0]?.papers.map((p) => [p.kind, p.published_on]),
      [
        ['report', '2021-11-22'],
        ['business_case', '2021-12-06'],
        ['equality_assessment', '2021-12-06'],
      ],
    )
    const scrutiny = await committee('leicester-leicestershire-and-rutland-joint-health-scrutiny-committee')
    assert.equal(scrutiny.meetings[0]?.starts_at.toISOString().slice(0, 10), '2022-02-15')
  })

  test('the evidence pack finds the joint health scrutiny committee taking up the reference case, and not the Governing Body', async () => {
    const consultation = await services.consultations.getBySlug(referenceSlug)
    const found = await governanceEvidenceSource(services.governance, consultation.id).collect()
    assert.deepEqual(found.gaps, [])
    assert.deepEqual(
      found.records.map((r) => [r.principle, r.date?.toISOString().slice(0, 10), r.title]),
      [
        [
          'health-scrutiny',
          '2022-02-15',
          'Leicester, Leicestershire and Rutland Joint Health Scrutiny Committee: “Step up to Great Mental Health: consultation findings and decision”',
        ],
      ],
    )
    assert.match(
      found.records[0]?.detail ?? '',
      /^Public session\. (Held|Minutes approved)\. Follow-up actions asked for: \d+$/,
    )
  })

  test('the Recovery Hubs report came late as urgent, and the progress report it asked for is overdue', async () => {
    const commission = await committee('adult-social-care-scrutiny-commission')
    const [action] = commission.actions
    assert.equal(action?.status, 'open')
    assert.equal(action?.due_on, '2022-06-07')
    assert.ok(action && action.due_on < commission.today)
    const first = commission.meetings.at(-1)
    const record = await services.governance.meeting(first?.id ?? '')
    const item = record.agenda[0]?.item
    assert.equal(item?.late_kind, 'urgent')
    assert.equal(item?.late_rule, 'Scrutiny Procedure Rule Part 4E(14)')
    assert.equal(item?.late_accepted_by, 'The Chair')
    assert.equal(record.agenda[0]?.questions.filter((q) => q.live_answer === 'who_responded').length, 1)
    const overdue = (await services.governance.home()).overdue
    assert.deepEqual(
      overdue.map((a) => a.committee_name),
      ['Adult Social Care Scrutiny Commission'],
    )
  })

  test('the question about who was engaged is answered from 749 engagements, as responses and as people', async () => {
    const hubs = await services.consultations.getBySlug(recoveryHubsSlug)
    assert.equal(await services.responses.countResponses(hubs.id), recoveryHubsEngagements)
    const unfiled = await database.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', '=', hubs.id)
      .where('event_id', 'is', null)
      .executeTakeFirstOrThrow()
    assert.equal(Number(unfiled.n), 0)
    await services.participation.detect(hubs.id, systemActor)
    const { figures: answer } = await services.participation.scrutiny(hubs.id, 10)
    assert.ok(answer, 'the detection run stored the figures')
    const total = (table: typeof answer.all) =>
      (table?.rows ?? []).reduce((sum, r) => sum + (r.count ?? 0), 0)
    assert.equal(answer.people.responses, recoveryHubsEngagements)
    assert.ok(answer.people.people < recoveryHubsEngagements, `people: ${answer.people.people}`)
    console.log(
      `Recovery Hubs: ${answer.people.responses} engagements, an estimated ${answer.people.people} people`,
    )
    assert.ok(total(answer.once) < total(answer.all))
    const shares = new Map((answer.all?.rows ?? []).map((r) => [r.value, r.count]))
    for (const group of ['uses_services', 'family_carer', 'public'])
      assert.ok((shares.get(group) ?? 0) > 50, group)
  })
})
