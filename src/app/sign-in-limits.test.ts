import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp, TestBrowser } from '../testing/app.js'

describe('sign-in limits and audit', () => {
  let t: TestApp
  const staff = { email: 'limits@example.org', password: 'a long and unguessable passphrase' }

  before(async () => {
    t = await createTestApp({ env: { HEARD_SIGN_IN_ATTEMPTS: '5' } })
    await t.services.users.createUser({ ...staff, displayName: 'Lee Limits', roles: ['data_entry'] })
  })
  after(() => t.close())

  const signInFrom = async (remoteAddress: string, email: string, password: string, count = 1) => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields('/admin/sign-in')
    return Promise.all(
      Array.from({ length: count }, () =>
        t.app.inject({
          method: 'POST',
          url: '/admin/sign-in',
          remoteAddress,
          payload: new URLSearchParams({ ...fields, email, password }).toString(),
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          },
        }),
      ),
    )
  }

  test('parallel wrong passwords for one account get no more password checks than the limit', async () => {
    const pages = await signInFrom('10.0.0.1', staff.email, 'wrong', 30)
    const statuses = pages.map((page) => page.statusCode)
    assert.equal(statuses.filter((status) => status === 401).length, 5)
    assert.equal(statuses.filter((status) => status === 429).length, 25)
  })

  test('one password sprayed across many accounts from one address is limited too', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      const [page] = await signInFrom('10.0.0.2', `someone${i}@example.org`, 'Summer2026!')
      statuses.push(page?.statusCode ?? 0)
    }
    assert.ok(statuses.includes(429), 'the address is refused after many failures across accounts')
    assert.ok(statuses.filter((status) => status === 401).length < 40)
    // Another address is not refused for it.
    const [other] = await signInFrom('10.0.0.3', staff.email, staff.password)
    assert.equal(other?.statusCode, 303)
  })

  test('a correct password within the limit signs in, and signing in is not counted as a failure', async () => {
    await signInFrom('10.0.0.4', staff.email, 'wrong', 4)
    for (let i = 0; i < 3; i++) {
      const [page] = await signInFrom('10.0.0.4', staff.email, staff.password)
      assert.equal(page?.statusCode, 303, `sign-in ${i}`)
    }
  })

  test('a failed sign-in is audited, without the password typed', async () => {
    await signInFrom('10.0.0.5', staff.email, 'typed-secret-1')
    await signInFrom('10.0.0.5', 'nobody@example.org', 'typed-secret-2')
    const rows = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.sign_in_failed')
      .execute()
    assert.ok(rows.length >= 2)
    const text = JSON.stringify(rows)
    assert.doesNotMatch(text, /typed-secret/)
    assert.ok(rows.some((row) => row.entity_type === 'user' && row.actor_user_id === null))
  })
})
