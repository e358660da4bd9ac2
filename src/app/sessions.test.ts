import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { openDemoSlug } from '../demo/open-consultation.js'
import { createTestApp, type TestApp, TestBrowser } from '../testing/app.js'

describe('sessions and caching', () => {
  let t: TestApp
  const staff = { email: 'sessions@example.org', password: 'a long and unguessable passphrase' }

  before(async () => {
    t = await createTestApp()
    await t.services.users.createUser({ ...staff, displayName: 'Sol Sessions', roles: ['administrator'] })
  })
  after(() => t.close())

  const sessionRows = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  const signedIn = async () => {
    const browser = new TestBrowser(t.app)
    assert.equal((await browser.signIn(staff.email, staff.password)).statusCode, 303)
    return browser
  }

  test('signed-in pages and downloads are not kept by the browser or a proxy', async () => {
    const browser = await signedIn()
    const page = await browser.get('/admin')
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['cache-control'], 'no-store')
    const consultation = await t.services.consultations.getBySlug(openDemoSlug)
    const json = await browser.get(`/admin/consultations/${consultation.id}/questionnaire/export.json`)
    assert.equal(json.statusCode, 200)
    assert.equal(json.headers['cache-control'], 'no-store')
    assert.equal((await new TestBrowser(t.app).get('/admin/sign-in')).headers['cache-control'], 'no-store')
    // The stylesheet is the same for everyone, and stays cached.
    assert.match(String((await browser.get('/assets/app.css')).headers['cache-control']), /max-age/)
  })

  test('signing out clears the session cookie in the browser', async () => {
    const browser = await signedIn()
    const fields = await browser.formFields('/admin/sign-out')
    const out = await browser.post('/admin/sign-out', fields)
    assert.equal(out.statusCode, 303)
    const cleared = out.cookies.find((cookie) => cookie.name === 'heard_session')
    assert.ok(cleared, 'the response sets the session cookie')
    assert.ok(
      cleared.maxAge === 0 ||
        (cleared.expires !== undefined && new Date(cleared.expires).getTime() < Date.now()),
      'to expire now',
    )
  })

  test('a flash message to someone not signed in creates no session row', async () => {
    const before = await sessionRows()
    const browser = new TestBrowser(t.app)
    const sent = await browser.get(`/consultations/${openDemoSlug}/respond/about`)
    assert.equal(sent.statusCode, 303)
    const landed = await browser.get(String(sent.headers.location))
    assert.match(landed.body, /We could not find your saved answers/)
    assert.equal(await sessionRows(), before)
    // Shown once only.
    assert.doesNotMatch(
      (await browser.get(String(sent.headers.location))).body,
      /We could not find your saved/,
    )
  })

  test('a session ends twelve hours after sign-in, however busy it has been', async () => {
    const browser = await signedIn()
    assert.equal((await browser.get('/admin')).statusCode, 200)
    const thirteenHoursAgo = Date.now() - 13 * 60 * 60 * 1000
    await t.database.db
      .updateTable('sessions')
      .set({ data: sql`jsonb_set(data, '{signedInAt}', to_jsonb(${thirteenHoursAgo}::bigint))` })
      .where('user_id', 'is not', null)
      .execute()
    const page = await browser.get('/admin')
    assert.equal(page.statusCode, 303)
    assert.match(String(page.headers.location), /^\/admin\/sign-in/)
  })
})
