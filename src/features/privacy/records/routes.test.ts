import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { allJobs } from '../../../app/jobs.js'
import { systemActor, verifyAuditChain } from '../../../platform/audit/audit-log.js'
import {
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  type TestBrowser,
} from '../../../testing/app.js'

const day = 86_400_000

describe('records of processing and retention', () => {
  let t: TestApp
  let openId: string
  let closedId: string
  let manager: TestBrowser

  const respond = async (consultationId: string, email: string, comment: string) => {
    const version = await t.database.db
      .selectFrom('questionnaire_versions')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    await t.services.responses.storeResponse({
      consultationId,
      questionnaireVersionId: version.id,
      submissionKey: randomUUID(),
      channel: 'online',
      answers: { views: comment },
      submittedAt: new Date(),
      actor: systemActor,
      contact: { email, consentToContact: true },
    })
  }

  before(async () => {
    t = await createTestApp()
    openId = await publishOpenConsultation(t.services, 'retention-open')
    closedId = await t.services.consultations.createPublished(
      {
        slug: 'retention-closed',
        title: 'Closed two years ago',
        summary: 'Closed.',
        status: 'decided',
        opensAt: new Date(Date.now() - 800 * day),
        closesAt: new Date(Date.now() - 730 * day),
        proposals: [],
        questionnaire: {
          sections: [
            { key: 's', title: 'Q', questions: [{ key: 'views', type: 'free_text', title: 'Your views' }] },
          ],
        },
      },
      systemActor,
    )
    await respond(closedId, 'old.one@example.org', 'Call me on 07700 900456 about the day centre')
    await respond(closedId, 'old.two@example.org', 'Keep the day centre open')
    await respond(openId, 'current@example.org', 'Still open')
    manager = await signedInStaff(t, 'consultation_manager')
  })
  after(() => t.close())

  const form = {
    purpose: 'To hear views on the proposals and contact those who ask for updates',
    lawfulBasis: 'UK GDPR Article 6(1)(e) public task',
    dataCategories: 'Email address, comments',
    retentionMonths: '12',
    retentionAction: 'erase',
  }
  const url = (id: string) => `/admin/consultations/${id}/personal-data`

  test('a manager keeps the record of processing from the consultation page; bad input is refused', async () => {
    assert.match((await manager.get(`/admin/consultations/${closedId}`)).body, new RegExp(url(closedId)))
    const bad = await manager.postFrom(url(closedId), url(closedId), {
      ...form,
      purpose: '',
      retentionMonths: '0',
      retentionAction: 'shred',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter why personal data is processed/)
    assert.match(bad.body, /a whole number from 1 to 120/)
    assert.match(bad.body, /Select what happens at the end/)
    assert.equal(
      (await t.database.db.selectFrom('processing_records').select('consultation_id').execute()).length,
      0,
    )
    const saved = await manager.postFrom(url(closedId), url(closedId), form)
    assert.equal(saved.statusCode, 303)
    const page = await manager.get(url(closedId))
    assert.match(page.body, /UK GDPR Article 6\(1\)\(e\) public task/)
    const [entry] = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'processing_record.saved')
      .execute()
    assert.deepEqual(entry?.details.after, { ...form, retentionMonths: 12 })
    const observer = await signedInStaff(t, 'observer')
    assert.equal((await observer.get(url(closedId))).statusCode, 403)
  })

  test('the nightly job erases contact details once retention has run out, keeping responses and the audit', async () => {
    await manager.postFrom(url(openId), url(openId), { ...form, retentionAction: 'anonymise' })
    const job = allJobs(t.database, t.services).find((j) => j.name === 'privacy.apply-retention')
    assert.ok(job?.cron)
    assert.deepEqual(await job.run(), { consultations: 1 })
    const contacts = await t.database.db.selectFrom('respondent_contacts').select('email').execute()
    assert.deepEqual(
      contacts.map((c) => c.email),
      ['current@example.org'],
      'only the consultation still in its retention keeps its contacts',
    )
    const answers = await t.database.db
      .selectFrom('responses')
      .select('answers')
      .where('consultation_id', '=', closedId)
      .execute()
    assert.equal(answers.length, 2)
    assert.doesNotMatch(JSON.stringify(answers), /07700/)
    assert.match(JSON.stringify(answers), /Keep the day centre open/)
    const [entry] = await t.database.db
      .selectFrom('audit_log')
      .select(['details', 'entity_id'])
      .where('action', '=', 'personal_data.retention_applied')
      .execute()
    assert.equal(entry?.entity_id, closedId)
    assert.equal(entry?.details.contacts, 2)
    assert.deepEqual(await job.run(), { consultations: 0 }, 'applied once only')
    assert.equal((await verifyAuditChain(t.database.db)).brokenAtSeq, undefined)
    assert.match((await manager.get(url(closedId))).body, /Retention ended on/)
  })

  test('anonymising keeps only the postcode district', async () => {
    const [contact] = await t.database.db
      .selectFrom('respondent_contacts as rc')
      .innerJoin('responses as r', 'r.id', 'rc.response_id')
      .select('rc.response_id')
      .where('r.consultation_id', '=', openId)
      .execute()
    await t.database.db
      .updateTable('respondent_contacts')
      .set({ postcode: 'le1 6tp', name: 'Kim' })
      .where('response_id', '=', contact?.response_id ?? '')
      .execute()
    await t.database.db
      .updateTable('consultations')
      .set({ closes_at: new Date(Date.now() - 400 * day), opens_at: new Date(Date.now() - 500 * day) })
      .where('id', '=', openId)
      .execute()
    assert.deepEqual(await t.services.processingRecords.applyDueRetention(), { consultations: 1 })
    const row = await t.database.db
      .selectFrom('respondent_contacts')
      .selectAll()
      .where('response_id', '=', contact?.response_id ?? '')
      .executeTakeFirstOrThrow()
    assert.deepEqual([row.name, row.email, row.phone, row.postcode], [null, null, null, 'LE1'])
  })

  test('the privacy notice lists every cookie the service sets and each consultation’s retention', async () => {
    const page = await t.app.inject('/privacy')
    for (const cookie of ['heard_csrf', 'heard_draft', 'heard_flash', 'heard_session'])
      assert.match(page.body, new RegExp(`<code>${cookie}</code>`))
    assert.match(
      page.body,
      /Closed two years ago<\/a><\/td>\s*<td class="nhsuk-table__cell">12 months after it closes/,
    )
  })
})
