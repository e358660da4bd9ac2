import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateSync } from 'otplib'
import { createStaff, createTestApp, staffPassword, type TestApp, TestBrowser } from '../../testing/app.js'
import { hiddenFields } from '../../testing/rendered-forms.js'

describe('two-factor sign-in', () => {
  let t: TestApp
  const people = {
    admin: { email: 'tf-admin@example.org', displayName: 'Admin', roles: ['administrator' as const] },
    manager: {
      email: 'tf-manager@example.org',
      displayName: 'Manager',
      roles: ['consultation_manager' as const],
    },
    analyst: { email: 'tf-analyst@example.org', displayName: 'Analyst', roles: ['analyst' as const] },
  }
  let staff: Awaited<ReturnType<typeof createStaff<keyof typeof people>>>

  before(async () => {
    t = await createTestApp()
    staff = await createStaff(t, people)
  })
  after(() => t.close())

  const audit = (action: string, entityId: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['details', 'actor_label'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute()

  const passwordOnly = async (email: string) => {
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const response = await browser.post('/admin/sign-in', { ...fields, email, password: staffPassword })
    return { browser, response }
  }

  test('a manager sets up an authenticator at first sign-in; a wrong code shows a new key and an error', async () => {
    const newcomer = await t.services.users.createUser({
      email: 'tf-newcomer@example.org',
      displayName: 'Newcomer',
      roles: ['consultation_manager'],
      password: staffPassword,
    })
    const { browser, response } = await passwordOnly('tf-newcomer@example.org')
    assert.equal(response.headers.location, '/admin/two-factor/setup')
    const page = await browser.get('/admin/two-factor/setup')
    assert.match(page.body, /Set up two-factor sign-in/)
    assert.match(page.body, /<img src="data:image\/png;base64,/)
    const wrong = await browser.post('/admin/two-factor/setup', {
      ...hiddenFields(page.body),
      code: '000000',
    })
    assert.equal(wrong.statusCode, 422)
    assert.match(wrong.body, /The code is not right/)
    const secret = /data-testid="totp-key">([A-Z2-7 ]+)</.exec(wrong.body)?.[1]?.replace(/ /g, '') ?? ''
    const code = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) })
    const done = await browser.post('/admin/two-factor/setup', { ...hiddenFields(wrong.body), code })
    assert.equal(done.statusCode, 200)
    assert.equal([...done.body.matchAll(/<li><code>[a-z2-9]{5}-[a-z2-9]{5}<\/code><\/li>/g)].length, 10)
    assert.equal((await browser.get('/admin')).statusCode, 200)
    assert.equal((await audit('user.two_factor_enrolled', newcomer)).length, 1)
  })

  test('a wrong code is refused, and guessing codes is limited per account', async () => {
    await staff.as('admin')
    const recovery = await t.database.db
      .selectFrom('user_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', staff.ids.admin)
      .execute()
    assert.equal(recovery.length, 10)
    const { browser, response } = await passwordOnly(people.admin.email)
    assert.equal(response.headers.location, '/admin/two-factor')
    const wrong = await browser.postFrom('/admin/two-factor', '/admin/two-factor', { code: '123456' })
    assert.equal(wrong.statusCode, 401)
    assert.match(wrong.body, /The code is not right/)
    assert.equal((await browser.get('/admin')).headers.location, '/admin/sign-in?next=%2Fadmin')
    for (let i = 0; i < 4; i++)
      await browser.postFrom('/admin/two-factor', '/admin/two-factor', { code: 'aaaaa-aaaaa' })
    const limited = await browser.postFrom('/admin/two-factor', '/admin/two-factor', { code: '654321' })
    assert.equal(limited.statusCode, 429)
    assert.match(limited.body, /Too many wrong codes/)
    const failures = await audit('user.second_factor_failed', staff.ids.admin)
    assert.ok(failures.length >= 5)
  })

  test('roles an administrator chooses must use it; others may sign in with a password', async () => {
    const first = await passwordOnly(people.analyst.email)
    assert.equal(first.response.headers.location, '/admin')
    const admin = await staff.as('admin')
    const refused = await (await staff.as('manager')).get('/admin/two-factor/settings')
    assert.equal(refused.statusCode, 403)
    const settings = await admin.get('/admin/two-factor/settings')
    assert.match(settings.body, /tf-manager@example.org/)
    const saved = await admin.postFrom('/admin/two-factor/settings', '/admin/two-factor/settings', {
      roles: ['administrator', 'consultation_manager', 'analyst'],
    })
    assert.equal(saved.statusCode, 303)
    const bad = await admin.postFrom('/admin/two-factor/settings', '/admin/two-factor/settings', {
      roles: 'owner',
    })
    assert.equal(bad.statusCode, 400)
    const second = await passwordOnly(people.analyst.email)
    assert.equal(second.response.headers.location, '/admin/two-factor/setup')
    const [change] = await audit('two_factor.required_roles_changed', 'two_factor_roles')
    assert.deepEqual(change?.details, {
      before: ['administrator', 'consultation_manager'],
      after: ['administrator', 'consultation_manager', 'analyst'],
    })
  })

  test('an administrator resets someone with a reason: they are signed out and set up again', async () => {
    const manager = await staff.as('manager')
    const admin = await staff.as('admin')
    const url = `/admin/users/${staff.ids.manager}/two-factor/reset`
    const noReason = await admin.postFrom('/admin/two-factor/settings', url, { reason: ' ' })
    assert.equal(noReason.statusCode, 400)
    assert.match(noReason.body, /Enter why two-factor sign-in is being reset/)
    const reset = await admin.postFrom('/admin/two-factor/settings', url, { reason: 'Lost phone, ticket 42' })
    assert.equal(reset.statusCode, 303)
    assert.equal((await manager.get('/admin')).statusCode, 303)
    const [entry] = await audit('user.two_factor_reset', staff.ids.manager)
    assert.deepEqual(entry?.details, {
      reason: 'Lost phone, ticket 42',
      hadAuthenticator: true,
      securityKeysRemoved: 0,
    })
    assert.equal(entry?.actor_label, people.admin.email)
    const again = await passwordOnly(people.manager.email)
    assert.equal(again.response.headers.location, '/admin/two-factor/setup')
  })
})
