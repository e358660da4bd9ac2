import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { openDemoSlug } from '../demo/open-consultation.js'
import { systemActor } from '../platform/audit/audit-log.js'
import { roles } from '../platform/auth/roles.js'
import type { RouteRule } from '../platform/auth/route-access.js'
import type { Role } from '../platform/db/schema.js'
import {
  createStaff,
  createTestApp,
  onePerRole,
  type TestApp,
  TestBrowser,
  type TestStaff,
} from '../testing/app.js'

// The security suite's role × route matrix: every registered route, asked by every role and by
// someone not signed in, answers as the rule it declares says (docs/design/security.md).

type Principal = Role | 'anonymous'
const principals: Principal[] = ['anonymous', ...roles]

/** A path for the route's pattern: the open demo consultation where an id or slug names one. */
function pathFor(url: string, consultationId: string): string {
  return url
    .replace(/:(\w+)/g, (_match, name: string) => {
      if (name === 'id') return consultationId
      if (name === 'slug') return openDemoSlug
      if (name === 'page') return '1'
      return randomUUID()
    })
    .replace('*', 'x')
}

function mayUse(rule: RouteRule, principal: Principal): boolean {
  if (rule.access === 'public') return true
  return principal !== 'anonymous' && (rule.access ?? []).includes(principal)
}

// Sign-out ends the session the rest of the matrix rides on, so it is asked last.
const signOutLast = (a: RouteRule, b: RouteRule) =>
  Number(a.url === '/admin/sign-out') - Number(b.url === '/admin/sign-out')

describe('who may use each route', () => {
  let t: TestApp
  let staff: TestStaff<Role>
  let consultationId: string

  before(async () => {
    t = await createTestApp()
    staff = await createStaff(t, onePerRole(roles))
    // A collector works for an organisation; without one every partner page refuses them.
    await t.database.db.insertInto('organisations').values({ name: 'Matrix Partners', kind: 'vcs' }).execute()
    await t.services.partners.linkCollector(staff.ids.partner_collector, 'Matrix Partners', systemActor)
    consultationId = (await t.services.consultations.getBySlug(openDemoSlug)).id
  })
  after(() => t.close())

  test('every route declares who may use it', () => {
    const undeclared = t.app.routeRules.filter((rule) => rule.access === undefined)
    assert.deepEqual(
      undeclared.map((rule) => `${rule.method} ${rule.url}`),
      [],
      "each route needs a requireRole guard or config: { access: 'public' }",
    )
    assert.ok(t.app.routeRules.length > 100, 'the table holds the whole app')
  })

  test('every role and anyone not signed in gets what the rule says, on every route', async () => {
    const browsers = new Map<Principal, { browser: TestBrowser; csrf: string }>()
    for (const principal of principals) {
      const browser = principal === 'anonymous' ? new TestBrowser(t.app) : await staff.as(principal)
      const formPage = principal === 'anonymous' ? '/admin/sign-in' : '/admin/sign-out'
      const csrf = (await browser.formFields(formPage))._csrf
      assert.ok(csrf, `a CSRF token for ${principal}`)
      browsers.set(principal, { browser, csrf })
    }
    const rules = t.app.routeRules.filter((rule) => rule.method !== 'HEAD').sort(signOutLast)
    const wrong: string[] = []
    for (const rule of rules) {
      const path = pathFor(rule.url, consultationId)
      const outcomes = await Promise.all(
        principals.map(async (principal) => {
          const { browser, csrf } = browsers.get(principal) ?? assert.fail(principal)
          // A valid token, so that a refusal can only be the route's rule.
          const response =
            rule.method === 'GET' ? await browser.get(path) : await browser.post(path, { _csrf: csrf })
          const location = String(response.headers.location ?? '')
          const sentToSignIn = response.statusCode === 303 && location.startsWith('/admin/sign-in?next=')
          const refused = response.statusCode === 403 || sentToSignIn
          const expected = mayUse(rule, principal)
          const outcome = `${rule.method} ${rule.url} as ${principal}: ${response.statusCode} ${location}`
          if (response.statusCode >= 500) return `${outcome} (server error)`
          if (expected && refused) return `${outcome} (refused, but the rule lets them in)`
          if (!expected && !refused) return `${outcome} (let in, but the rule refuses them)`
          if (!expected && principal === 'anonymous' && !sentToSignIn)
            return `${outcome} (not sent to sign in)`
          return undefined
        }),
      )
      wrong.push(...outcomes.filter((outcome) => outcome !== undefined))
    }
    assert.deepEqual(wrong, [])
  })
})
