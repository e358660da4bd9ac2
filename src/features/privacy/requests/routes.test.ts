import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { systemActor, verifyAuditChain } from '../../../platform/audit/audit-log.js'
import { londonWallClock } from '../../../platform/time/london.js'
import {
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  type TestBrowser,
} from '../../../testing/app.js'

const email = 'Sam.Jones@example.org'

describe('subject access and erasure', () => {
  let t: TestApp
  let consultationId: string
  let admin: TestBrowser
  let manager: TestBrowser
  let onlineReference: string
  let paperResponseId: string

  before(async () => {
    t = await createTestApp()
    consultationId = await publishOpenConsultation(t.services, 'sar-test')
    const version = await t.database.db
      .selectFrom('questionnaire_versions')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    // Online, with an email address given for updates.
    await t.services.responses.storeResponse({
      consultationId,
      questionnaireVersionId: version.id,
      submissionKey: randomUUID(),
      channel: 'online',
      answers: { single: 'bus', comments: `Email me at ${email.toLowerCase()}, Sam Jones` },
      submittedAt: new Date(),
      actor: systemActor,
      contact: { email, consentToContact: true },
    })
    // Someone else, who must be left alone.
    await t.services.responses.storeResponse({
      consultationId,
      questionnaireVersionId: version.id,
      submissionKey: randomUUID(),
      channel: 'online',
      answers: { single: 'car' },
      submittedAt: new Date(),
      actor: systemActor,
      contact: { email: 'someone.else@example.org', consentToContact: true },
    })
    onlineReference = (
      await t.database.db
        .selectFrom('responses as r')
        .innerJoin('respondent_contacts as rc', 'rc.response_id', 'r.id')
        .select('r.reference')
        .where('rc.email', '=', email)
        .executeTakeFirstOrThrow()
    ).reference
    // On paper too, keyed by data entry; the paper form's contact box is stored beside the
    // response as every channel stores identity.
    const keyer = await signedInStaff(t, 'data_entry')
    const [year, month, day] = londonWallClock(new Date()).date.split('-')
    const fields = await keyer.formFields(`/admin/consultations/${consultationId}/paper/new`)
    const keyed = await keyer.post(`/admin/consultations/${consultationId}/paper`, {
      ...fields,
      paper_reference: 'P777',
      batch: 'Freepost 1',
      'received[day]': String(Number(day)),
      'received[month]': String(Number(month)),
      'received[year]': year ?? '',
      q_single: 'walk',
    })
    assert.equal(keyed.statusCode, 303)
    paperResponseId = (
      await t.database.db
        .selectFrom('paper_returns')
        .select('response_id')
        .where('paper_reference', '=', 'P777')
        .executeTakeFirstOrThrow()
    ).response_id as string
    await t.database.db
      .insertInto('respondent_contacts')
      .values({
        response_id: paperResponseId,
        name: 'Sam Jones',
        email: null,
        phone: '07700 900123',
        postcode: 'LE1 6TP',
      })
      .execute()
    await t.database.db
      .insertInto('outbox')
      .values({
        recipient: email.toLowerCase(),
        subject: 'Your saved answers',
        body: 'Your resume code is ABC',
      })
      .execute()
    admin = await signedInStaff(t, 'administrator')
    manager = await signedInStaff(t, 'consultation_manager')
  })
  after(() => t.close())

  const search = (browser: TestBrowser, kind: string, value: string) =>
    browser.postFrom('/admin/personal-data', '/admin/personal-data/search', { kind, value })

  test('only administrators may search, and the page is linked from /admin', async () => {
    assert.match((await admin.get('/admin')).body, /href="\/admin\/personal-data"/)
    assert.doesNotMatch((await manager.get('/admin')).body, /href="\/admin\/personal-data"/)
    assert.equal((await manager.get('/admin/personal-data')).statusCode, 403)
    const csrf = (await manager.formFields('/admin/sign-out'))._csrf
    const refused = await manager.post('/admin/personal-data/search', {
      _csrf: csrf ?? '',
      kind: 'email',
      value: email,
    })
    assert.equal(refused.statusCode, 403)
  })

  test('a search by paper reference finds the paper response with the contact details kept beside it', async () => {
    const page = await search(admin, 'reference', 'p777')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /P777/)
    assert.match(page.body, /Sam Jones, 07700 900123, LE1 6TP/)
  })

  test('a search by phone finds the paper response, and by receipt reference the online one with its email', async () => {
    const byPhone = await search(admin, 'phone', '+44 7700 900123')
    assert.match(byPhone.body, /paper P777/)
    const byReference = await search(admin, 'reference', onlineReference)
    assert.match(byReference.body, new RegExp(onlineReference))
    assert.match(byReference.body, /1 email sent|1 email/)
  })

  test('bad input is refused with a message, never searched', async () => {
    const none = await search(admin, '', '')
    assert.equal(none.statusCode, 400)
    assert.match(none.body, /Select what you are searching by/)
    const badEmail = await search(admin, 'email', 'not an email')
    assert.equal(badEmail.statusCode, 400)
    assert.match(badEmail.body, /correct format/)
  })

  test('the download holds everything for the person across channels, and is audited without the search term', async () => {
    await t.database.db
      .insertInto('respondent_contacts')
      .values({ response_id: paperResponseId, name: 'Sam Jones', email, phone: null, postcode: null })
      .onConflict((oc) => oc.column('response_id').doUpdateSet({ email }))
      .execute()
    const download = await admin.postFrom('/admin/personal-data', '/admin/personal-data/download', {
      kind: 'email',
      value: email.toUpperCase(),
    })
    assert.equal(download.statusCode, 200)
    assert.match(
      String(download.headers['content-disposition']),
      /attachment; filename="subject-access-request.json"/,
    )
    const report = JSON.parse(download.body) as {
      responses: { reference: string; channel: string; contact: { email: string } }[]
      messagesSent: { subject: string }[]
    }
    assert.deepEqual(report.responses.map((r) => r.channel).sort(), ['online', 'paper'])
    assert.ok(report.responses.every((r) => r.contact.email.toLowerCase() === email.toLowerCase()))
    assert.deepEqual(
      report.messagesSent.map((m) => m.subject),
      ['Your saved answers'],
    )
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'actor_label'])
      .where('action', 'in', ['personal_data.searched', 'personal_data.downloaded'])
      .execute()
    assert.ok(audits.some((a) => a.action === 'personal_data.downloaded'))
    assert.doesNotMatch(JSON.stringify(audits.map((a) => a.details)), /sam|07700|P777/i)
  })

  test('erasure needs a reason and a confirmation, then removes contact details everywhere and keeps the counts', async () => {
    const countResponses = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('responses')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('consultation_id', '=', consultationId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await countResponses()
    const unconfirmed = await admin.postFrom('/admin/personal-data', '/admin/personal-data/erase', {
      kind: 'email',
      value: email,
      reason: '',
    })
    assert.equal(unconfirmed.statusCode, 400)
    assert.match(unconfirmed.body, /Enter why the data is being erased/)
    assert.match(unconfirmed.body, /Confirm that this person/)
    assert.equal(
      (await t.database.db.selectFrom('respondent_contacts').select('response_id').execute()).length,
      3,
    )

    const erased = await admin.postFrom('/admin/personal-data', '/admin/personal-data/erase', {
      kind: 'email',
      value: email,
      reason: 'Request DP-2026-14',
      confirm: 'yes',
    })
    assert.equal(erased.statusCode, 303)
    const contacts = await t.database.db.selectFrom('respondent_contacts').select(['email']).execute()
    assert.deepEqual(
      contacts.map((c) => c.email),
      ['someone.else@example.org'],
    )
    assert.equal((await t.database.db.selectFrom('outbox').select('id').execute()).length, 0)
    assert.equal(await countResponses(), before)
    const texts = await t.database.db
      .selectFrom('responses')
      .select('answers')
      .where('consultation_id', '=', consultationId)
      .execute()
    assert.doesNotMatch(JSON.stringify(texts), /sam|jones/i)
    const after = await search(admin, 'email', email)
    assert.match(after.body, /Nothing is held/)

    const tombstones = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'details', 'actor_label'])
      .where('action', '=', 'personal_data.erased')
      .execute()
    assert.equal(tombstones.length, 2)
    assert.ok(tombstones.every((row) => row.details.reason === 'Request DP-2026-14'))
    assert.ok(tombstones.some((row) => row.entity_id === paperResponseId))
    assert.doesNotMatch(JSON.stringify(tombstones.map((r) => r.details)), /sam|07700|LE1/i)
    assert.equal((await verifyAuditChain(t.database.db)).brokenAtSeq, undefined)
  })
})
