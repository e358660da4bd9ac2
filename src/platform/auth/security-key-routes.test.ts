import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createStaff, createTestApp, staffPassword, type TestApp, TestBrowser } from '../../testing/app.js'
import { hiddenFields } from '../../testing/rendered-forms.js'
import { keyOptionsIn, SoftwareAuthenticator } from '../../testing/software-authenticator.js'

const baseUrl = 'http://heard.localhost:8080'
const origin = baseUrl
const rpId = 'heard.localhost'
const accountPage = '/admin/account/two-factor'
const addKey = '/admin/account/two-factor/keys'

describe('security keys and passkeys as the second factor', () => {
  let t: TestApp
  const people = {
    analyst: { email: 'sk-analyst@example.org', displayName: 'Analyst', roles: ['analyst' as const] },
    other: { email: 'sk-other@example.org', displayName: 'Other', roles: ['analyst' as const] },
    admin: { email: 'sk-admin@example.org', displayName: 'Admin', roles: ['administrator' as const] },
    manager: {
      email: 'sk-manager@example.org',
      displayName: 'Manager',
      roles: ['consultation_manager' as const],
    },
  }
  let staff: Awaited<ReturnType<typeof createStaff<keyof typeof people>>>
  const blue = new SoftwareAuthenticator(rpId, origin)
  const green = new SoftwareAuthenticator(rpId, origin)

  before(async () => {
    t = await createTestApp({ env: { HEARD_BASE_URL: baseUrl } })
    staff = await createStaff(t, people)
  })
  after(() => t.close())

  const audit = (action: string, entityId: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['details', 'actor_label'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute()

  const keysOf = (userId: string) =>
    t.database.db
      .selectFrom('user_security_keys')
      .select(['id', 'name', 'credential_id', 'counter', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute()

  /** Adds a key from the account page as the page's script would: the options in, the answer back. */
  async function register(
    browser: TestBrowser,
    key: SoftwareAuthenticator,
    name: string,
    keyOrigin = origin,
  ) {
    const page = await browser.get(accountPage)
    const response = key.register(keyOptionsIn(page.body, addKey), { origin: keyOrigin })
    return browser.post(addKey, { ...hiddenFields(page.body), name, credential: JSON.stringify(response) })
  }

  /** The password, then the second step's page, as someone with a key sees it. */
  async function passwordStep(email: string) {
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const signIn = await browser.post('/admin/sign-in', { ...fields, email, password: staffPassword })
    assert.equal(signIn.headers.location, '/admin/two-factor')
    const page = await browser.get('/admin/two-factor')
    return { browser, page }
  }

  const useKey = (browser: TestBrowser, page: string, credential: unknown) =>
    browser.post('/admin/two-factor/key', {
      ...hiddenFields(page),
      credential: typeof credential === 'string' ? credential : JSON.stringify(credential),
    })

  test('a member of staff names and adds a key; the page lists it and the addition is audited', async () => {
    const analyst = await staff.as('analyst')
    const page = await analyst.get(accountPage)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /You have not added a security key or passkey/)
    assert.match(page.body, /Adding a security key needs JavaScript/)
    assert.match(page.body, /<script type="module" src="\/assets\/built\/security-keys\.[\w]+\.js">/)
    const noName = await analyst.post(addKey, { ...hiddenFields(page.body), name: ' ', credential: '' })
    assert.equal(noName.statusCode, 400)
    assert.match(noName.body, /Enter a name for the key/)
    const control = await analyst.postFrom(accountPage, addKey, { name: 'Key\u0007', credential: '' })
    assert.equal(control.statusCode, 400)
    assert.match(control.body, /The name contains characters that cannot be stored/)
    const long = await analyst.postFrom(accountPage, addKey, { name: 'k'.repeat(61), credential: '' })
    assert.equal(long.statusCode, 400)
    const added = await register(analyst, blue, 'Blue USB key')
    assert.equal(added.statusCode, 303)
    assert.equal(added.headers.location, accountPage)
    const listed = await analyst.get(accountPage)
    assert.match(listed.body, /Your security key “Blue USB key” is added/)
    assert.match(listed.body, /<td class="nhsuk-table__cell">Blue USB key<\/td>/)
    const [key] = await keysOf(staff.ids.analyst)
    assert.equal(key?.credential_id, blue.id)
    assert.equal(key?.name, 'Blue USB key')
    const [entry] = await audit('user.security_key_added', staff.ids.analyst)
    assert.deepEqual(entry?.details, { keyId: key?.id, name: 'Blue USB key' })
    assert.equal(entry?.actor_label, people.analyst.email)
  })

  test('a registration answered for another site, replayed, or not given at all adds nothing', async () => {
    const analyst = await staff.as('analyst')
    const wrongOrigin = await register(analyst, green, 'Green key', 'https://phishing.example')
    assert.equal(wrongOrigin.statusCode, 422)
    assert.match(wrongOrigin.body, /Your security key was not added/)
    const page = await analyst.get(accountPage)
    const answer = JSON.stringify(green.register(keyOptionsIn(page.body, addKey)))
    const first = await analyst.post(addKey, {
      ...hiddenFields(page.body),
      name: 'Green key',
      credential: answer,
    })
    assert.equal(first.statusCode, 303)
    // The same answer again: its challenge was used up by the first.
    const again = await analyst.postFrom(accountPage, addKey, { name: 'Green copy', credential: answer })
    assert.equal(again.statusCode, 422)
    const cancelled = await analyst.postFrom(accountPage, addKey, { name: 'Cancelled', credential: '' })
    assert.equal(cancelled.statusCode, 422)
    const garbage = await analyst.postFrom(accountPage, addKey, { name: 'Garbage', credential: '{"id":1}' })
    assert.equal(garbage.statusCode, 422)
    const duplicate = await register(analyst, blue, 'Blue again')
    assert.equal(duplicate.statusCode, 409)
    assert.match(duplicate.body, /This security key is already added/)
    assert.deepEqual(
      (await keysOf(staff.ids.analyst)).map((k) => k.name),
      ['Blue USB key', 'Green key'],
    )
  })

  test('with a key, sign-in asks for it and it lets the person in; its counter and use are kept', async () => {
    const { browser, page } = await passwordStep(people.analyst.email)
    assert.match(page.body, /Use a security key/)
    assert.match(page.body, /Using a security key needs JavaScript/)
    assert.match(page.body, /name="code"/)
    assert.equal((await browser.get('/admin')).headers.location, '/admin/sign-in?next=%2Fadmin')
    const done = await useKey(
      browser,
      page.body,
      blue.assert(keyOptionsIn(page.body, '/admin/two-factor/key')),
    )
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, '/admin')
    assert.equal((await browser.get('/admin')).statusCode, 200)
    const key = (await keysOf(staff.ids.analyst)).find((k) => k.credential_id === blue.id)
    assert.equal(Number(key?.counter), 1)
    assert.ok(key?.last_used_at)
    const passed = await audit('user.second_factor_passed', staff.ids.analyst)
    assert.deepEqual(passed.at(-1)?.details, { method: 'security_key', keyId: key?.id })
  })

  test('a replayed answer, another origin, or a counter that went back is refused', async () => {
    const first = await passwordStep(people.analyst.email)
    const answer = blue.assert(keyOptionsIn(first.page.body, '/admin/two-factor/key'))
    assert.equal((await useKey(first.browser, first.page.body, answer)).statusCode, 303)

    // The same answer in a new sign-in: the challenge it signed was used once and is gone.
    const replay = await passwordStep(people.analyst.email)
    const replayed = await useKey(replay.browser, replay.page.body, answer)
    assert.equal(replayed.statusCode, 401)
    assert.match(replayed.body, /Your security key was not accepted/)
    // Nor can the page's own challenge be answered twice.
    const options = keyOptionsIn(replayed.body, '/admin/two-factor/key')
    const phished = blue.assert(options, { origin: 'https://heard.example.com' })
    assert.equal((await useKey(replay.browser, replayed.body, phished)).statusCode, 401)

    const cloned = await passwordStep(people.analyst.email)
    const behind = blue.assert(keyOptionsIn(cloned.page.body, '/admin/two-factor/key'), { counter: 1 })
    const refused = await useKey(cloned.browser, cloned.page.body, behind)
    assert.equal(refused.statusCode, 401)
    assert.equal((await cloned.browser.get('/admin')).statusCode, 303)
    const garbage = await useKey(cloned.browser, refused.body, 'not json')
    assert.equal(garbage.statusCode, 401)
    const failures = await audit('user.second_factor_failed', staff.ids.analyst)
    assert.ok(failures.length >= 3)
    assert.ok(failures.every((f) => (f.details as { method?: string }).method === 'security_key'))
  })

  test('a removed key is refused; only its owner can remove it, and the removal is audited', async () => {
    const analyst = await staff.as('analyst')
    const green_ = (await keysOf(staff.ids.analyst)).find((k) => k.credential_id === green.id)
    assert.ok(green_)
    const other = await staff.as('other')
    const notTheirs = await other.postFrom(accountPage, `${addKey}/${green_.id}/remove`, {})
    assert.equal(notTheirs.statusCode, 404)
    const removed = await analyst.postFrom(accountPage, `${addKey}/${green_.id}/remove`, {})
    assert.equal(removed.statusCode, 303)
    assert.match((await analyst.get(accountPage)).body, /Your security key “Green key” is removed/)
    const [entry] = await audit('user.security_key_removed', staff.ids.analyst)
    assert.deepEqual(entry?.details, { keyId: green_.id, name: 'Green key' })

    const { browser, page } = await passwordStep(people.analyst.email)
    const withRemoved = await useKey(
      browser,
      page.body,
      green.assert(keyOptionsIn(page.body, '/admin/two-factor/key')),
    )
    assert.equal(withRemoved.statusCode, 401)
    const stillBlue = await useKey(
      browser,
      withRemoved.body,
      blue.assert(keyOptionsIn(withRemoved.body, '/admin/two-factor/key')),
    )
    assert.equal(stillBlue.statusCode, 303)
  })

  test("an administrator's reset removes the person's keys too, and says so in the audit log", async () => {
    const admin = await staff.as('admin')
    const settings = await admin.get('/admin/two-factor/settings')
    assert.match(settings.body, /1 security key/)
    const reset = await admin.postFrom(
      '/admin/two-factor/settings',
      `/admin/users/${staff.ids.analyst}/two-factor/reset`,
      {
        reason: 'Lost keys, ticket 7',
      },
    )
    assert.equal(reset.statusCode, 303)
    assert.deepEqual(await keysOf(staff.ids.analyst), [])
    const [entry] = await audit('user.two_factor_reset', staff.ids.analyst)
    assert.deepEqual(entry?.details, {
      reason: 'Lost keys, ticket 7',
      hadAuthenticator: false,
      securityKeysRemoved: 1,
    })
    // An analyst need not use two-factor sign-in: without a key, the password alone lets them in.
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const signIn = await browser.post('/admin/sign-in', {
      ...fields,
      email: people.analyst.email,
      password: staffPassword,
    })
    assert.equal(signIn.headers.location, '/admin')
  })

  test('someone who must set up two-factor sign-in may choose a key instead of an app, and gets recovery codes', async () => {
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const signIn = await browser.post('/admin/sign-in', {
      ...fields,
      email: people.manager.email,
      password: staffPassword,
    })
    assert.equal(signIn.headers.location, '/admin/two-factor/setup')
    const page = await browser.get('/admin/two-factor/setup')
    assert.match(page.body, /Or use a security key or passkey/)
    const key = new SoftwareAuthenticator(rpId, origin)
    const setupKey = '/admin/two-factor/setup/key'
    const noName = await browser.post(setupKey, { ...hiddenFields(page.body), name: '', credential: '' })
    assert.equal(noName.statusCode, 400)
    assert.equal((await browser.get('/admin')).statusCode, 303)
    const response = key.register(keyOptionsIn(noName.body, setupKey))
    const done = await browser.post(setupKey, {
      ...hiddenFields(noName.body),
      name: 'Desk key',
      credential: JSON.stringify(response),
    })
    assert.equal(done.statusCode, 200)
    assert.equal([...done.body.matchAll(/<li><code>[a-z2-9]{5}-[a-z2-9]{5}<\/code><\/li>/g)].length, 10)
    assert.equal((await browser.get('/admin')).statusCode, 200)
    assert.deepEqual(
      (await keysOf(staff.ids.manager)).map((k) => k.name),
      ['Desk key'],
    )
    const [entry] = await audit('user.security_key_added', staff.ids.manager)
    assert.deepEqual(entry?.details, {
      keyId: (await keysOf(staff.ids.manager))[0]?.id,
      name: 'Desk key',
      recoveryCodesIssued: true,
    })

    const { browser: again, page: step } = await passwordStep(people.manager.email)
    assert.match(step.body, /<label[^>]*for="code"[^>]*>\s*Recovery code/)
    const signedIn = await useKey(
      again,
      step.body,
      key.assert(keyOptionsIn(step.body, '/admin/two-factor/key')),
    )
    assert.equal(signedIn.statusCode, 303)
    assert.equal((await again.get('/admin')).statusCode, 200)
  })
})
