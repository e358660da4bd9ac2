import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import type { Role } from '../../../platform/db/schema.js'
import {
  countAllResponses,
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  TestBrowser,
} from '../../../testing/app.js'

const password = 'a test passphrase that is long enough'

async function collectorFor(t: TestApp, organisation: string | undefined): Promise<TestBrowser> {
  const email = `collector.${randomBytes(4).toString('hex')}@example.org`
  const id = await t.services.users.createUser({
    email,
    password,
    displayName: 'Test collector',
    roles: ['partner_collector'],
  })
  if (organisation) await t.services.partners.linkCollector(id, organisation, systemActor)
  const browser = new TestBrowser(t.app)
  await browser.signIn(email, password)
  return browser
}

describe('partner entry: assisted completion by a VCS partner', () => {
  let t: TestApp
  let consultationId: string
  let sunrise: TestBrowser
  let riverside: TestBrowser
  let sunriseId: string
  const entries = () => `/partner/consultations/${consultationId}/entries`

  async function enter(browser: TestBrowser, answers: Record<string, string | string[]>) {
    const fields = await browser.formFields(`${entries()}/new`)
    return browser.post(entries(), { ...fields, ...answers })
  }

  before(async () => {
    t = await createTestApp()
    consultationId = await publishOpenConsultation(t.services, 'partner-entry')
    const orgs = await t.database.db
      .insertInto('organisations')
      .values([
        { name: 'Sunrise Carers Group', kind: 'vcs' },
        { name: 'Riverside Voices', kind: 'vcs' },
      ])
      .returning(['id', 'name'])
      .execute()
    sunriseId = orgs.find((o) => o.name === 'Sunrise Carers Group')?.id ?? ''
    sunrise = await collectorFor(t, 'Sunrise Carers Group')
    riverside = await collectorFor(t, 'Riverside Voices')
  })
  after(() => t.close())

  test('a collector keys the whole questionnaire on one page; it is stored tagged with the partner and audited', async () => {
    const form = await sunrise.get(`${entries()}/new`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /name="q_single"/)
    assert.match(form.body, /name="q_comments"/)
    const saved = await enter(sunrise, { q_single: 'bus', q_comments: 'The bus takes an hour each way.' })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, `/partner/consultations/${consultationId}`)
    const row = await t.database.db
      .selectFrom('responses')
      .selectAll()
      .where('partner_organisation_id', '=', sunriseId)
      .executeTakeFirstOrThrow()
    assert.equal(row.channel, 'partner')
    assert.deepEqual(row.answers, { single: 'bus', comments: 'The bus takes an hour each way.' })
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(audit.action, 'response.recorded')
    assert.equal(audit.details.kind, 'partner_entry')
    const page = await sunrise.get(`/partner/consultations/${consultationId}`)
    assert.match(page.body, new RegExp(row.reference))
    assert.match(page.body, /Sunrise Carers Group has entered 1 counted response/)
  })

  test('sending the same form twice makes one response', async () => {
    const before = await countAllResponses(t.database.db)
    const fields = await sunrise.formFields(`${entries()}/new`)
    const first = await sunrise.post(entries(), { ...fields, q_single: 'car' })
    const second = await sunrise.post(entries(), { ...fields, q_single: 'car' })
    assert.equal(first.statusCode, 303)
    assert.equal(second.statusCode, 303)
    assert.equal(await countAllResponses(t.database.db), before + 1)
  })

  test('bad answers come back with clear messages and nothing is written', async () => {
    const before = await countAllResponses(t.database.db)
    const page = await enter(sunrise, { q_single: 'plane', q_count: 'lots' })
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /There is a problem/)
    assert.match(page.body, /href="#q_single"/)
    const missing = await enter(sunrise, { q_comments: 'No travel answer given' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /No travel answer given/)
    const unknown = await enter(sunrise, { q_single: 'bus', q_sneaky: 'x' })
    assert.equal(unknown.statusCode, 400)
    assert.equal(await countAllResponses(t.database.db), before)
  })

  test("a collector is refused another partner's entries: 404, nothing leaked", async () => {
    const theirs = await t.database.db
      .selectFrom('responses')
      .select(['id', 'reference'])
      .where('partner_organisation_id', '=', sunriseId)
      .execute()
    assert.ok(theirs.length > 0)
    for (const entry of theirs) {
      const page = await riverside.get(`/partner/entries/${entry.id}`)
      assert.equal(page.statusCode, 404)
      assert.doesNotMatch(page.body, new RegExp(entry.reference))
      assert.doesNotMatch(page.body, /bus takes an hour/)
      const json = await riverside.get(`/partner/entries/${entry.id}`, { accept: 'application/problem+json' })
      assert.equal(json.statusCode, 404)
      assert.doesNotMatch(json.body, new RegExp(entry.reference))
    }
    const own = await riverside.get(`/partner/consultations/${consultationId}`)
    assert.equal(own.statusCode, 200)
    assert.match(own.body, /Riverside Voices has entered 0 counted responses/)
    for (const entry of theirs) assert.doesNotMatch(own.body, new RegExp(entry.reference))
    assert.doesNotMatch(own.body, /Sunrise/)
    // Nor through the staff pages.
    assert.equal((await riverside.get(`/admin/responses/${theirs[0]?.id}`)).statusCode, 403)
    assert.equal((await riverside.get(`/admin/consultations/${consultationId}/partners`)).statusCode, 403)
    assert.equal((await riverside.get(`/admin/consultations/${consultationId}/responses`)).statusCode, 403)
  })

  test('a collector whose account has no organisation may not enter anything', async () => {
    const loose = await collectorFor(t, undefined)
    assert.equal((await loose.get('/partner')).statusCode, 403)
    const before = await countAllResponses(t.database.db)
    const fields = await sunrise.formFields(`${entries()}/new`)
    const refused = await loose.post(entries(), {
      ...fields,
      _csrf: (await loose.formFields('/admin/sign-out'))._csrf ?? '',
      q_single: 'bus',
    })
    assert.equal(refused.statusCode, 403)
    assert.equal(await countAllResponses(t.database.db), before)
  })

  test('a closed consultation the organisation entered responses to stays listed on the partner home', async () => {
    const closingId = await publishOpenConsultation(t.services, 'partner-closing')
    const url = `/partner/consultations/${closingId}/entries`
    const fields = await sunrise.formFields(`${url}/new`)
    assert.equal((await sunrise.post(url, { ...fields, q_single: 'walk' })).statusCode, 303)
    await t.database.db
      .updateTable('consultations')
      .set({ status: 'closed', closes_at: new Date(Date.now() - 1000) })
      .where('id', '=', closingId)
      .execute()
    const home = await sunrise.get('/partner')
    assert.equal(home.statusCode, 200)
    assert.match(home.body, /Test consultation partner-closing/)
    assert.match(
      (await sunrise.get(`/partner/consultations/${closingId}`)).body,
      /has entered 1 counted response/,
    )
    assert.doesNotMatch(
      (await riverside.get('/partner')).body,
      /partner-closing/,
      'only where it entered some',
    )
  })

  test('other roles are refused the partner pages, and nothing is written', async () => {
    const before = await countAllResponses(t.database.db)
    for (const role of [
      'administrator',
      'consultation_manager',
      'analyst',
      'data_entry',
      'observer',
    ] as Role[]) {
      const browser = await signedInStaff(t, role)
      assert.equal((await browser.get('/partner')).statusCode, 403, role)
      assert.equal((await browser.get(`${entries()}/new`)).statusCode, 403, role)
      const fields = await browser.formFields('/admin')
      const posted = await browser.post(entries(), { ...fields, q_single: 'bus' })
      assert.equal(posted.statusCode, 403, role)
    }
    assert.equal(await countAllResponses(t.database.db), before)
    const anonymous = await new TestBrowser(t.app).get('/partner')
    assert.equal(anonymous.statusCode, 303)
  })

  test('staff see how many people each partner reached and from which groups, small counts hidden', async () => {
    for (let i = 0; i < 6; i++) await enter(riverside, { q_single: 'walk' })
    const manager = await signedInStaff(t, 'consultation_manager')
    const page = await manager.get(`/admin/consultations/${consultationId}/partners?by=single`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Sunrise Carers Group/)
    assert.match(page.body, /Riverside Voices/)
    const table = page.body.slice(page.body.indexOf('data-testid="partner-reach"'))
    // Sunrise reached 2 people: hidden, and so is Riverside's 6, which with the total shown would give the 2 away.
    assert.match(table, /All partners together: 8 people/)
    assert.match(table, /Hidden/)
    assert.doesNotMatch(table, /numeric">[1-4]<\/td>/)
    assert.doesNotMatch(table, /numeric">6<\/td>/)
    const profile = await manager.get(`/admin/consultations/${consultationId}/partners/${sunriseId}`)
    assert.equal(profile.statusCode, 200)
    assert.match(profile.body, /Sunrise Carers Group: who they reached/)
    const observer = await signedInStaff(t, 'data_entry')
    assert.equal((await observer.get(`/admin/consultations/${consultationId}/partners`)).statusCode, 403)
  })

  test('a malformed consultation, partner or entry id answers 404', async () => {
    const manager = await signedInStaff(t, 'consultation_manager')
    assert.equal((await manager.get('/admin/consultations/not-an-id/partners')).statusCode, 404)
    assert.equal(
      (await manager.get(`/admin/consultations/${consultationId}/partners/not-an-id`)).statusCode,
      404,
    )
    for (const url of [
      '/partner/consultations/not-an-id',
      '/partner/consultations/not-an-id/entries/new',
      '/partner/entries/not-an-id',
    ]) {
      assert.equal((await riverside.get(url)).statusCode, 404, url)
    }
  })
})
