import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { openDemoSlug } from '../demo/open-consultation.js'
import { createTestApp, staffPassword, type TestApp, TestBrowser } from '../testing/app.js'
import { hiddenFields } from '../testing/rendered-forms.js'
import { keyOptionsIn, SoftwareAuthenticator } from '../testing/software-authenticator.js'

/** Every route the app has, read from Fastify's own table, so a route added later is checked too. */
function routeTable(app: FastifyInstance): { method: string; url: string }[] {
  const segments: string[] = []
  const routes: { method: string; url: string }[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+) \(([^)]+)\)$/.exec(line)
    if (!match?.[1] || !match[2] || !match[3]) continue
    const depth = match[1].length / 4
    segments.length = depth - 1
    segments.push(match[2])
    const url = segments.join('')
    for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push({ method, url })
  }
  return routes
}

// The only staff pages someone part-way through sign-in may use: the steps of sign-in itself, and
// the one-time link that sets a password, which is for someone not signed in at all.
const signInSteps =
  /^\/admin\/(sign-in|sign-out|two-factor(\/setup|\/setup\/key|\/key)?|staff\/password\/:secret)$/

describe('two-factor sign-in guards every staff route', () => {
  let t: TestApp
  let consultationId: string
  const admin = {
    email: 'gate-admin@example.org',
    displayName: 'Gate Admin',
    roles: ['administrator' as const],
  }

  before(async () => {
    t = await createTestApp({ env: { HEARD_BASE_URL: 'http://heard.localhost' } })
    await t.services.users.createUser({ ...admin, password: staffPassword })
    const row = await t.database.db
      .selectFrom('consultations')
      .select('id')
      .where('slug', '=', openDemoSlug)
      .executeTakeFirstOrThrow()
    consultationId = row.id
  })
  after(() => t.close())

  const fill = (url: string) =>
    url
      .replace(':id', consultationId)
      .replace(':slug', openDemoSlug)
      .replace(/:key(?=\/|$)/, 'q_overall_agreement')
      .replace(':format', 'csv')
      .replace(':index', '0')
      .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')

  async function refusedEverywhere(browser: TestBrowser, csrf: string) {
    const staffRoutes = routeTable(t.app).filter(
      (r) => /^\/(admin|partner)(\/|$)/.test(r.url) && !signInSteps.test(r.url),
    )
    assert.ok(staffRoutes.length > 100, `only ${staffRoutes.length} staff routes were found`)
    const reached: string[] = []
    for (const route of staffRoutes) {
      const url = fill(route.url)
      const response =
        route.method === 'GET' ? await browser.get(url) : await browser.post(url, { _csrf: csrf })
      const location = String(response.headers.location ?? '')
      if (!(response.statusCode === 303 && location.startsWith('/admin/sign-in')))
        reached.push(`${route.method} ${url}: ${response.statusCode} ${location}`)
    }
    assert.deepEqual(reached, [])
  }

  test('after the password alone, setting up the second factor is the only way on', async () => {
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const signIn = await browser.post('/admin/sign-in', {
      ...fields,
      email: admin.email,
      password: staffPassword,
    })
    assert.equal(signIn.headers.location, '/admin/two-factor/setup')
    const setup = await browser.get('/admin/two-factor/setup')
    assert.equal(setup.statusCode, 200)
    await refusedEverywhere(browser, hiddenFields(setup.body)._csrf ?? '')
  })

  test('with an authenticator set up, nothing opens until its code is given', async () => {
    // Once through the helper, which sets the authenticator up; then a fresh browser with the password alone.
    await new TestBrowser(t.app, t.now).signIn(admin.email, staffPassword)
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const signIn = await browser.post('/admin/sign-in', {
      ...fields,
      email: admin.email,
      password: staffPassword,
    })
    assert.equal(signIn.headers.location, '/admin/two-factor')
    const step = await browser.get('/admin/two-factor')
    assert.equal(step.statusCode, 200)
    await refusedEverywhere(browser, hiddenFields(step.body)._csrf ?? '')
    // Nor can the authenticator be swapped for one the holder of the password controls.
    assert.equal((await browser.get('/admin/two-factor/setup')).headers.location, '/admin/sign-in')
  })

  test('with a security key and no authenticator app, nothing opens until the key is used', async () => {
    const analyst = {
      email: 'gate-analyst@example.org',
      displayName: 'Gate Analyst',
      roles: ['analyst' as const],
    }
    await t.services.users.createUser({ ...analyst, password: staffPassword })
    const owner = new TestBrowser(t.app, t.now)
    await owner.signIn(analyst.email, staffPassword)
    const account = await owner.get('/admin/account/two-factor')
    const key = new SoftwareAuthenticator('heard.localhost', 'http://heard.localhost')
    const response = key.register(keyOptionsIn(account.body, '/admin/account/two-factor/keys'))
    const added = await owner.post('/admin/account/two-factor/keys', {
      ...hiddenFields(account.body),
      name: 'Gate key',
      credential: JSON.stringify(response),
    })
    assert.equal(added.statusCode, 303)
    const browser = new TestBrowser(t.app, t.now)
    const fields = await browser.formFields('/admin/sign-in')
    const signIn = await browser.post('/admin/sign-in', {
      ...fields,
      email: analyst.email,
      password: staffPassword,
    })
    assert.equal(signIn.headers.location, '/admin/two-factor')
    const step = await browser.get('/admin/two-factor')
    assert.match(step.body, /Use a security key/)
    await refusedEverywhere(browser, hiddenFields(step.body)._csrf ?? '')
  })
})
