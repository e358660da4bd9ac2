import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { referenceSlug } from '../demo/reference-consultation.js'
import { roles } from '../platform/auth/roles.js'
import type { Role } from '../platform/db/schema.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
} from '../testing/browser.js'

// Each role signs in and walks, by clicking links only, from where it lands to every page it may
// use: the consultation's workspace sections and the header's links. Every page is checked with
// axe, and none may answer 403 (or any other error).

const accounts = Object.fromEntries(
  roles.map((role) => [role, staffAccount(`Walker ${role.replace('_', ' ')}`)]),
) as Record<Role, ReturnType<typeof staffAccount>>

describe('every page a role may use, reached by links', () => {
  let b: BrowserApp
  let title: string

  before(async () => {
    b = await startBrowserApp(
      async (services, database) => {
        await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
        await services.demo.loadReferenceCase({ responses: 150, seed: 1 })
        title = (await services.consultations.getBySlug(referenceSlug)).title
        const org = await database.db
          .insertInto('organisations')
          .values({ name: 'Walkers Peer Support', kind: 'vcs' })
          .returning('id')
          .executeTakeFirstOrThrow()
        for (const role of roles)
          await services.users.createUser({
            ...accounts[role],
            roles: [role],
            ...(role === 'partner_collector' ? { organisationId: org.id } : {}),
          })
      },
      { jobs: { send: async () => true } },
    )
  })
  after(() => b?.close())

  /** Follows a link by its name inside `scope`, and checks the page it opens. */
  const follow = async (page: Page, failures: string[], scope: string, name: string) => {
    await page.locator(scope).getByRole('link', { name, exact: true }).first().click()
    await page.waitForLoadState()
    await assertAccessible(page, `${name} (${page.url()})`)
    assert.deepEqual(failures, [], `${name} answered an error`)
  }

  for (const role of roles) {
    test(`a ${role.replace('_', ' ')} reaches every page of their work by links, with none refused`, () =>
      b.withPage(async (page) => {
        const failures: string[] = []
        page.on('response', (response) => {
          if (response.request().isNavigationRequest() && response.status() >= 400)
            failures.push(`${response.status()} ${response.url()}`)
        })
        await b.signIn(page, accounts[role])
        await assertAccessible(page, `${role} home`)
        if (role === 'partner_collector') {
          assert.equal(new URL(page.url()).pathname, '/partner')
          const header = await page.locator('header').getByRole('link').allTextContents()
          assert.ok(!header.some((h) => h.trim() === 'Consultations'), 'no staff list for a collector')
          return
        }
        await page.getByRole('link', { name: title, exact: true }).click()
        await page.waitForLoadState()
        await assertAccessible(page, `${role} landing`)
        await screenshot(page, `workspace-${role}`)
        const navigation = '[data-testid="workspace-navigation"]'
        const sections = (await page.locator(navigation).getByRole('link').allTextContents()).map((s) =>
          s.trim(),
        )
        assert.ok(sections.length > 0, 'the workspace has sections')
        for (const name of sections) await follow(page, failures, navigation, name)
        if (role === 'data_entry') {
          // Keyers record what was said at events: the events list, an event, and its forms.
          assert.ok(sections.includes('Events'), 'data entry reaches the events list')
          await follow(page, failures, navigation, 'Events')
          await page.locator('[data-testid="events"] a').first().click()
          await page.waitForLoadState()
          await assertAccessible(page, 'an event, for data entry')
          await page.getByRole('button', { name: 'Record notes' }).click()
          await page.waitForLoadState()
          await assertAccessible(page, 'record notes from an event')
          assert.deepEqual(failures, [], 'the event pages answered an error')
        }
        for (const name of (await page.locator('header nav').getByRole('link').allTextContents()).map((s) =>
          s.trim(),
        )) {
          if (name === 'Public site') continue
          await follow(page, failures, 'header', name)
        }
        await follow(page, failures, 'header', 'Change password')
        await follow(page, failures, 'header', 'Two-factor sign-in')
        if (role === 'administrator') {
          await page.locator('header').getByRole('link', { name: 'Staff', exact: true }).click()
          await page.getByRole('link', { name: accounts.analyst.displayName }).click()
          await page.waitForLoadState()
          await assertAccessible(page, 'a member of staff')
          await screenshot(page, 'staff-member')
          await page.locator('header').getByRole('link', { name: 'Staff', exact: true }).click()
          // An NHS.UK button made from a link has the role of a button.
          await page.getByRole('button', { name: 'Invite a member of staff' }).click()
          await page.waitForLoadState()
          await assertAccessible(page, 'invite a member of staff')
          await screenshot(page, 'staff-invite')
        }
        assert.deepEqual(failures, [])
      }))
  }
})
