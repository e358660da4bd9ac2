import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { publishOpenConsultation } from '../../../testing/app.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../../testing/browser.js'

// Events, correspondence and partner entry in Chromium: a manager records an event, its notes and
// a letter; a partner collector enters a response; every page is checked with axe.

const manager = staffAccount('Channels Manager')
const collector = staffAccount('Channels Collector')

describe('events, correspondence and partners in Chromium', () => {
  let b: BrowserApp
  let consultationId: string

  before(async () => {
    b = await startBrowserApp(async (services, database) => {
      consultationId = await publishOpenConsultation(services, 'channels-browser')
      const org = await database.db
        .insertInto('organisations')
        .values({ name: 'Lanternlight Peer Support', kind: 'vcs' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
      await services.users.createUser({ ...collector, roles: ['partner_collector'], organisationId: org.id })
    })
  })
  after(() => b?.close())

  test('a manager records an event, its notes and a letter, and sees who partners reached', () =>
    b.withPage(async (page) => {
      await b.signIn(page, manager)
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/events`)
      await assertAccessible(page, 'events list')
      await page.getByRole('button', { name: 'Add an event' }).click()
      await assertAccessible(page, 'new event')
      await page.getByRole('button', { name: 'Save event' }).click()
      assert.match(await text(page.locator('.nhsuk-error-summary')), /There is a problem/)
      await assertAccessible(page, 'new event with errors')

      await page.getByLabel('Name of the event').fill('Carers drop-in')
      await page.getByLabel('Date held').fill('3/2/2026')
      await page.getByLabel('Start time (optional)').fill('18:30')
      await page.getByLabel('In person').check()
      await page.getByLabel('Organised with').selectOption({ label: 'Lanternlight Peer Support' })
      await page.getByLabel('Number of attendees (optional)').fill('23')
      await page.getByLabel('How the attendees were counted').fill('Sign-in sheet')
      await page.getByRole('button', { name: 'Save event' }).click()
      await page.waitForURL(/\/admin\/events\/[0-9a-f-]{36}$/)
      assert.equal(await text(page.locator('h1')), 'Carers drop-in')
      await assertAccessible(page, 'event')

      await page.getByRole('button', { name: 'Record notes' }).click()
      await assertAccessible(page, 'event notes')
      await page.getByLabel('Notes', { exact: true }).fill('Several carers asked for evening appointments.')
      await page.getByRole('button', { name: 'Save notes' }).click()
      await page.waitForURL(/\/admin\/events\/[0-9a-f-]{36}$/)
      assert.match(await text(page.getByTestId('event-records')), /evening appointments/)

      await page.getByRole('button', { name: 'Record a response' }).click()
      await assertAccessible(page, 'event response')
      await page.getByLabel('Bus').first().check()
      await page.getByRole('button', { name: 'Save response' }).click()
      await page.waitForURL(/\/admin\/events\/[0-9a-f-]{36}$/)

      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/correspondence/new`)
      await assertAccessible(page, 'record correspondence')
      await page.getByLabel('Letter').check()
      await page.getByLabel('Date received').fill('10/2/2026')
      await page.getByLabel('A member of the public').check()
      await page.getByLabel('Text to be coded').fill('I cannot get to the new site without a car.')
      await page.getByRole('button', { name: 'Save' }).click()
      await page.waitForURL(/\/admin\/correspondence\/[0-9a-f-]{36}$/)
      await assertAccessible(page, 'correspondence item')
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/correspondence`)
      assert.match(await text(page.getByTestId('correspondence')), /without a car/)
      await assertAccessible(page, 'correspondence list')

      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/partners`)
      await assertAccessible(page, 'partners')
    }))

  test('a partner collector enters a response on one page and sees their own counts', () =>
    b.withPage(async (page) => {
      await b.signIn(page, collector)
      await page.getByRole('link', { name: 'Partner entry' }).click()
      await page.waitForURL(`${b.baseUrl}/partner`)
      await assertAccessible(page, 'partner home')
      await page.getByRole('link', { name: 'Test consultation channels-browser' }).click()
      await assertAccessible(page, 'partner consultation')
      await page.getByRole('button', { name: 'Enter a response' }).click()
      await assertAccessible(page, 'partner entry')
      await page.getByRole('button', { name: 'Save response' }).click()
      assert.match(await text(page.locator('.nhsuk-error-summary')), /There is a problem/)
      await assertAccessible(page, 'partner entry with errors')
      await page.getByLabel('Car').first().check()
      await page.getByLabel('Tell us why').fill('The bus does not run on Sundays.')
      await page.getByRole('button', { name: 'Save response' }).click()
      await page.waitForURL(new RegExp(`/partner/consultations/${consultationId}$`))
      assert.match(
        await text(page.getByTestId('partner-counts')),
        /Lanternlight Peer Support has entered 1 counted response/,
      )
      await assertAccessible(page, 'partner consultation after entry')
      await screenshot(page, 'partner-consultation')
      await page.getByTestId('partner-entries').getByRole('link').first().click()
      await assertAccessible(page, 'partner entry shown')
      assert.match(await page.content(), /The bus does not run on Sundays/)
    }))
})
