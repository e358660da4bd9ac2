import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openDemoSlug } from '../demo/open-consultation.js'
import { createTestApp, type TestApp, TestBrowser } from '../testing/app.js'

const formUrl = `/consultations/${openDemoSlug}/respond`

describe('security baseline and bad input', () => {
  let t: TestApp
  const staff = { email: 'entry@example.org', password: 'a long and unguessable passphrase' }

  before(async () => {
    t = await createTestApp({ env: { HEARD_SIGN_IN_ATTEMPTS: '3', HEARD_BODY_LIMIT_BYTES: '4096' } })
    await t.services.users.createUser({ ...staff, displayName: 'Dana Entry', roles: ['data_entry'] })
  })
  after(() => t.close())

  const responseCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('responses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  test('pages carry a strict Content Security Policy and no inline script allowance', async () => {
    const page = await t.app.inject('/')
    const csp = page.headers['content-security-policy'] as string
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
  })

  test('cookies are HttpOnly and SameSite', async () => {
    const browser = new TestBrowser(t.app)
    const page = await browser.get(formUrl)
    const csrfCookie = page.cookies.find((c) => c.name === 'heard_csrf')
    assert.ok(csrfCookie)
    assert.equal(csrfCookie.httpOnly, true)
    assert.equal(csrfCookie.sameSite, 'Lax')
  })

  test('a form post without a CSRF token is refused with 403 and nothing is written', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(formUrl)
    const before = await responseCount()
    const { _csrf, ...withoutToken } = fields
    const missing = await browser.post(formUrl, { ...withoutToken, q_overall_agreement: 'agree' })
    assert.equal(missing.statusCode, 403)
    assert.match(missing.body, /Your form could not be sent/)
    const wrong = await browser.post(formUrl, { ...fields, _csrf: `${_csrf}x`, q_overall_agreement: 'agree' })
    assert.equal(wrong.statusCode, 403)
    // A token without the cookie it was issued with is no use either.
    const stranger = new TestBrowser(t.app)
    const noCookie = await stranger.post(formUrl, { ...fields, q_overall_agreement: 'agree' })
    assert.equal(noCookie.statusCode, 403)
    assert.equal(await responseCount(), before)
  })

  test('sign-in with the wrong password says nothing about which part was wrong', async () => {
    const browser = new TestBrowser(t.app)
    const wrongPassword = await browser.signIn(staff.email, 'not the password')
    const unknownEmail = await browser.signIn('nobody@example.org', 'not the password')
    for (const page of [wrongPassword, unknownEmail]) {
      assert.equal(page.statusCode, 401)
      assert.match(page.body, /The email address or password is not right/)
    }
    assert.equal(browser.cookies.has('heard_session'), false)
  })

  test('sign-in is rate limited per address and account, with a clear message', async () => {
    const browser = new TestBrowser(t.app)
    const email = 'limited@example.org'
    for (let i = 0; i < 3; i++) assert.equal((await browser.signIn(email, 'wrong')).statusCode, 401)
    const limited = await browser.signIn(email, 'wrong')
    assert.equal(limited.statusCode, 429)
    assert.match(limited.body, /Too many sign-in attempts\. Wait \d+ minutes/)
    assert.ok(Number(limited.headers['retry-after']) > 0)
    // Another account from the same address is not locked out.
    assert.equal((await browser.signIn(staff.email, staff.password)).statusCode, 303)
  })

  test('a malformed sign-in form is shown again with field errors and status 400', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields('/admin/sign-in')
    const page = await browser.post('/admin/sign-in', { ...fields, email: 'not an email', password: '' })
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /There is a problem/)
    assert.match(page.body, /Enter an email address in the correct format/)
    assert.match(page.body, /Enter your password/)
    assert.match(page.body, /value="not an email"/)
  })

  test('the admin side sends strangers to sign in and refuses the wrong role', async () => {
    const consultation = await t.services.consultations.getBySlug(openDemoSlug)
    const url = `/admin/consultations/${consultation.id}/responses`
    const stranger = await t.app.inject(url)
    assert.equal(stranger.statusCode, 303)
    assert.equal(stranger.headers.location, `/admin/sign-in?next=${encodeURIComponent(url)}`)
    const dataEntry = new TestBrowser(t.app)
    await dataEntry.signIn(staff.email, staff.password)
    const refused = await dataEntry.get(url)
    assert.equal(refused.statusCode, 403)
    assert.match(refused.body, /You cannot see this page/)
  })

  test('signing out ends the session', async () => {
    const browser = new TestBrowser(t.app)
    await browser.signIn(staff.email, staff.password)
    assert.equal((await browser.get('/admin')).statusCode, 200)
    const fields = await browser.formFields('/admin/sign-out')
    const out = await browser.post('/admin/sign-out', fields)
    assert.equal(out.statusCode, 303)
    assert.equal((await browser.get('/admin')).statusCode, 303)
  })

  test('a disabled account cannot sign in, and no sign-in is recorded for it', async () => {
    const leaver = { email: 'leaver@example.org', password: 'a passphrase from before they left' }
    const id = await t.services.users.createUser({
      ...leaver,
      displayName: 'Lee Leaver',
      roles: ['data_entry'],
    })
    await t.database.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', id).execute()
    const browser = new TestBrowser(t.app)
    const page = await browser.signIn(leaver.email, leaver.password)
    assert.equal(page.statusCode, 401)
    assert.equal(browser.cookies.has('heard_session'), false)
    // The account's record must not say it signed in: an auditor reads this column.
    const row = await t.database.db
      .selectFrom('users')
      .select('last_signed_in_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.last_signed_in_at, null)
  })

  test('a session id planted before sign-in is worthless after it (no fixation)', async () => {
    const attackerEmail = 'planter@example.org'
    await t.services.users.createUser({
      email: attackerEmail,
      password: staff.password,
      displayName: 'Pat Planter',
      roles: ['data_entry'],
    })
    const attacker = new TestBrowser(t.app)
    assert.equal((await attacker.signIn(attackerEmail, staff.password)).statusCode, 303)
    const planted = attacker.cookies.get('heard_session')
    assert.ok(planted)

    // The victim's browser is handed the attacker's session cookie, then its owner signs in.
    const victim = new TestBrowser(t.app)
    const fields = await victim.formFields('/admin/sign-in')
    victim.cookies.set('heard_session', planted)
    const signedIn = await victim.post('/admin/sign-in', {
      ...fields,
      email: staff.email,
      password: staff.password,
    })
    assert.equal(signedIn.statusCode, 303)
    assert.notEqual(victim.cookies.get('heard_session'), planted)
    // The planted id no longer opens any signed-in page, least of all the victim's.
    assert.equal((await attacker.get('/admin')).statusCode, 303)
  })

  test('unknown routes get the 404 page, or problem+json when JSON is wanted', async () => {
    const page = await t.app.inject('/no/such/page')
    assert.equal(page.statusCode, 404)
    assert.match(page.headers['content-type'] as string, /text\/html/)
    assert.match(page.body, /Page not found/)
    const json = await t.app.inject({ url: '/api/nothing', headers: { accept: 'application/json' } })
    assert.equal(json.statusCode, 404)
    assert.match(json.headers['content-type'] as string, /application\/problem\+json/)
    assert.equal(json.json().status, 404)
    assert.equal(json.json().title, 'Not found')
  })

  test('an oversized body is refused with 413 and nothing is written', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(formUrl)
    const before = await responseCount()
    const page = await browser.post(formUrl, {
      ...fields,
      q_overall_agreement: 'agree',
      q_overall_comments: 'x'.repeat(5000),
    })
    assert.equal(page.statusCode, 413)
    assert.match(page.body, /too large/)
    assert.equal(await responseCount(), before)
  })

  test('a body that is not a form is refused, not a server error', async () => {
    const page = await t.app.inject({
      method: 'POST',
      url: formUrl,
      payload: '{"q_overall_agreement":"agree"}',
      headers: { 'content-type': 'application/xml' },
    })
    assert.equal(page.statusCode, 415)
  })
})

describe('the stylesheet', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  test('is served by the app with no font or image from another host', async () => {
    const css = await t.app.inject('/assets/app.css')
    assert.equal(css.statusCode, 200)
    assert.match(css.headers['content-type'] as string, /text\/css/)
    assert.match(css.body, /\.nhsuk-header/)
    assert.match(css.body, /\.heard-reference/)
    assert.doesNotMatch(css.body, /url\(["']?https?:/)
    const icon = /url\("?(\/assets\/nhsuk\/assets\/images\/[\w-]+\.svg)/.exec(css.body)?.[1]
    assert.ok(icon, 'icons are referenced where the app serves them')
    assert.equal((await t.app.inject(icon)).statusCode, 200)
    const again = await t.app.inject({
      url: '/assets/app.css',
      headers: { 'if-none-match': css.headers.etag as string },
    })
    assert.equal(again.statusCode, 304)
  })
})
