import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { themeBank } from '../../demo/generator/comment-bank.js'
import { openDemoSlug } from '../../demo/open-consultation.js'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { publishReferenceReport } from '../../demo/reference-report.js'
import { codeFromTruth } from '../../demo/repository.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { roles } from '../../platform/auth/roles.js'
import type { Role } from '../../platform/db/schema.js'
import { londonWallClock } from '../../platform/time/london.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../testing/app.js'
import { decisionEvidenceSources } from './evidence-source.js'

// The decision trail through HTTP and the database: who may do what, the refusals the issue
// asks for (no decision before an approved report, no paper after the meeting, no theme from
// another consultation), the audit of each write, and what the public may read.

describe('decision pages', () => {
  let t: TestApp
  let staff: TestStaff<Role>
  let consultationId = ''
  let base = ''
  const today = () => londonWallClock(new Date()).date

  before(async () => {
    t = await createTestApp({ referenceResponses: 300 })
    staff = await createStaff(t, onePerRole([...roles]))
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    base = `/admin/consultations/${consultationId}/decisions`
    await codeFromTruth(t.database.db, consultationId, themeBank, new Date())
  })
  after(() => t.close())

  const proposal = async (position: number) => {
    const { proposals } = await t.services.decisions.overview(consultationId)
    const found = proposals.find((p) => p.position === position)
    assert.ok(found)
    return found.id
  }
  const theme = async (code: string) =>
    (
      await t.database.db
        .selectFrom('themes')
        .select('id')
        .where('consultation_id', '=', consultationId)
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id

  test('data entry and partner staff are refused; an observer reads but may not write; nothing is public yet', async () => {
    for (const role of ['data_entry', 'partner_collector'] as const)
      assert.equal((await (await staff.as(role)).get(base)).statusCode, 403, role)
    const observer = await staff.as('observer')
    const page = await observer.get(base)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Themes still to consider/)
    assert.doesNotMatch(page.body, /Save consideration/)
    const manager = await staff.as('consultation_manager')
    const csrf = (await manager.formFields(base))._csrf ?? ''
    assert.equal((await observer.post(`${base}/considerations`, { _csrf: csrf })).statusCode, 403)
    assert.equal(
      (await t.app.inject({ url: `/consultations/${referenceSlug}/you-said-we-did` })).statusCode,
      404,
    )
  })

  test('a consideration may not name a theme of another consultation, and nothing is written', async () => {
    const open = await t.services.consultations.getBySlug(openDemoSlug)
    const elsewhere = await t.database.db
      .insertInto('themes')
      .values({
        consultation_id: open.id,
        parent_id: null,
        code: 'elsewhere',
        label: 'A theme of another consultation',
        examples: '[]',
        question_key: null,
        replaced_by: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const manager = await staff.as('consultation_manager')
    const refused = await manager.postFrom(base, `${base}/considerations`, {
      proposalId: await proposal(1),
      themeId: elsewhere.id,
      outcome: 'noted',
      response: 'Noted.',
    })
    assert.equal(refused.statusCode, 422)
    assert.match(refused.body, /Choose a theme from this consultation(&#39;|')s codeframe/)
    const empty = await manager.postFrom(base, `${base}/considerations`, { proposalId: await proposal(1) })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Choose how the theme was considered/)
    const stored = await t.database.db.selectFrom('decision_considerations').select('id').execute()
    assert.equal(stored.length, 0)
    // The database refuses it too, whatever a service might do.
    await assert.rejects(
      sql`insert into decision_considerations (consultation_id, proposal_id, theme_id, outcome, response,
            theme_count, coded_comments, written_by_label, written_at)
          values (${consultationId}, ${await proposal(1)}, ${elsewhere.id}, 'noted', 'x', 0, 0, 'x', now())`.execute(
        t.database.db,
      ),
    )
  })

  test('no decision before the report is approved', async () => {
    const manager = await staff.as('consultation_manager')
    const proposals = (await t.services.decisions.overview(consultationId)).proposals
    const refused = await manager.postFrom(`${base}/record`, `${base}/record`, {
      body: 'Joint Governing Body',
      meetingOn: today(),
      heldInPublic: 'yes',
      ...Object.fromEntries(proposals.map((p) => [`outcome-${p.id}`, 'approved'])),
    })
    assert.equal(refused.statusCode, 422)
    assert.match(refused.body, /The Report of Findings has not been approved/)
    assert.match(refused.body, /The consultation must be at the reporting stage/)
    assert.equal((await t.database.db.selectFrom('decision_records').select('id').execute()).length, 0)
  })

  test('considerations for two proposals, signed off; the business case approved and built; the decision recorded', async () => {
    await t.services.consultationSetup.transition(consultationId, 'reporting', systemActor)
    await publishReferenceReport(t.services.reports, consultationId)
    const manager = await staff.as('consultation_manager')
    const officer = await staff.as('governance_officer')
    for (const [position, code] of [
      [2, 'crisis_cafe_concern'],
      [8, 'transport'],
    ] as const) {
      const saved = await officer.postFrom(base, `${base}/considerations`, {
        proposalId: await proposal(position),
        themeId: await theme(code),
        outcome: 'mitigated',
        response: `We will act on ${code}.`,
      })
      assert.equal(saved.statusCode, 303)
    }
    // The business case is refused while a consideration is unsigned.
    await officer.postFrom(base, `${base}/business-case/drafts`, {})
    const early = await manager.postFrom(base, `${base}/business-case/approve`, {})
    assert.equal(early.statusCode, 422)
    assert.match(early.body, /Every consideration and equality record must be signed off/)
    const signer = (await manager.get(base)).body
    for (const [, id] of signer.matchAll(/considerations\/([0-9a-f-]{36})\/sign-off/g))
      assert.equal(
        (await manager.postFrom(base, `${base}/considerations/${id}/sign-off`, {})).statusCode,
        303,
      )
    await officer.postFrom(base, `${base}/business-case/introduction`, { introduction: 'How we listened.' })
    assert.equal((await manager.postFrom(base, `${base}/business-case/approve`, {})).statusCode, 303)
    for (const format of ['html', 'docx', 'pdf']) {
      const file = await (await staff.as('observer')).get(`${base}/business-case/${format}`)
      assert.equal(file.statusCode, 200, format)
    }
    const html = await manager.get(`${base}/business-case/html`)
    assert.match(html.body, /We will act on crisis_cafe_concern\./)

    // A meeting before the papers were approved cannot have decided on them.
    const proposals = (await t.services.decisions.overview(consultationId)).proposals
    const outcomes = Object.fromEntries(proposals.map((p) => [`outcome-${p.id}`, 'approved']))
    const tooEarly = await manager.postFrom(`${base}/record`, `${base}/record`, {
      body: 'Joint Governing Body',
      meetingOn: '14/12/2021',
      heldInPublic: 'yes',
      ...outcomes,
    })
    assert.equal(tooEarly.statusCode, 422)
    assert.match(tooEarly.body, /approved after the meeting/)
    const recorded = await manager.postFrom(`${base}/record`, `${base}/record`, {
      body: 'Joint Governing Body',
      meetingOn: today(),
      heldInPublic: 'yes',
      minutesUrl: 'https://video.example.org/meeting',
      ...outcomes,
      [`outcome-${await proposal(2)}`]: 'approved_with_changes',
    })
    assert.equal(recorded.statusCode, 303)
    assert.equal((await t.services.consultations.getById(consultationId)).status, 'decided')
    const [record] = await t.database.db.selectFrom('decision_records').selectAll().execute()
    assert.equal(record?.papers.length, 2)
    await assert.rejects(
      sql`update decision_records set body = 'Someone else'`.execute(t.database.db),
      /append-only/,
    )
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'decisions.%')
      .execute()
    for (const action of [
      'decisions.consideration_written',
      'decisions.consideration_signed_off',
      'decisions.business_case_approved',
      'decisions.decision_recorded',
    ])
      assert.ok(
        audited.some((a) => a.action === action),
        action,
      )
  })

  test('an action answers a theme; the public page shows the chain, and a correction is a new entry', async () => {
    const officer = await staff.as('governance_officer')
    const added = await officer.postFrom(base, `${base}/actions`, {
      title: 'Open a pilot crisis café in the evenings',
      owner: 'Pilot lead',
      dueOn: '1/2/2022',
      themeIds: [await theme('crisis_cafe_concern')],
    })
    assert.equal(added.statusCode, 303)
    const page = await t.app.inject({ url: `/consultations/${referenceSlug}/you-said-we-did` })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /You said: Doubts about crisis cafés/)
    assert.match(page.body, /We will act on crisis_cafe_concern\./)
    assert.match(page.body, /Approved with changes/)
    assert.match(page.body, /Open a pilot crisis café in the evenings: Overdue/)
    for (const url of ['you-said-we-did/easy-read', 'progress', 'business-case/pdf'])
      assert.equal(
        (await t.app.inject({ url: `/consultations/${referenceSlug}/${url}` })).statusCode,
        200,
        url,
      )
    assert.match(
      (await officer.get(`/admin/consultations/${consultationId}/overview`)).body,
      /1 follow-up actions overdue/,
    )

    const manager = await staff.as('consultation_manager')
    const proposals = (await t.services.decisions.overview(consultationId)).proposals
    const corrected = await manager.postFrom(`${base}/record`, `${base}/record`, {
      body: 'Joint Governing Body',
      meetingOn: today(),
      heldInPublic: 'yes',
      ...Object.fromEntries(proposals.map((p) => [`outcome-${p.id}`, 'approved'])),
      correctionReason: 'Proposal 2 was minuted as approved without changes.',
    })
    assert.equal(corrected.statusCode, 303)
    const records = await t.database.db
      .selectFrom('decision_records')
      .selectAll()
      .orderBy('recorded_at')
      .execute()
    assert.equal(records.length, 2)
    assert.equal(records[1]?.supersedes, records[0]?.id)
    const after = await t.app.inject({ url: `/consultations/${referenceSlug}/you-said-we-did` })
    assert.match(after.body, /Proposal 2 was minuted as approved without changes\./)
  })

  test('the weekly digest lists overdue actions in the outbox; the evidence pack reads the trail', async () => {
    const { sent, overdue } = await t.services.decisions.sendOverdueDigest()
    assert.equal(overdue, 1)
    assert.ok(sent >= 1)
    const mail = await t.database.db.selectFrom('outbox').select(['subject', 'body']).execute()
    assert.ok(mail.some((m) => /1 overdue follow-up actions/.test(m.subject) && /Pilot lead/.test(m.body)))
    const sources = decisionEvidenceSources(t.services.decisions, consultationId)
    const found = await Promise.all(sources.map((s) => s.collect()))
    assert.ok(found.every((f) => f.gaps.length === 0))
    assert.ok(found.flatMap((f) => f.records).some((r) => r.principle === 'gunning-4'))
  })
})
