import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { placeholderPdf } from '../../../demo/placeholder-pdf.js'
import {
  assertAccessible,
  type BrowserApp,
  staffAccount,
  startBrowserApp,
  text,
} from '../../../testing/browser.js'

// A consultation manager sets up a consultation in a real browser: details, a proposal, an
// uploaded document, then the public page, each page checked with axe.

const manager = staffAccount('Setup Manager')

describe('setting up a consultation in Chromium', () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp(async (services) => {
      await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
    })
  })
  after(() => b?.close())

  // Scripts are on so that axe can run; the pages need none of their own.
  test('create, add a proposal, upload a document, and view the public page', () =>
    b.withPage(async (page) => {
      await b.signIn(page, manager)
      await page.getByRole('button', { name: 'Create a consultation' }).click()
      await page.waitForURL(/\/admin\/consultations\/new$/)
      await assertAccessible(page, 'create consultation')

      await page.getByLabel('Title').fill('Crisis cafés: opening hours')
      await page.getByLabel('Summary').fill('Tell us when the crisis cafés should be open.')
      await page
        .getByLabel('Sponsoring organisations')
        .fill('Leicester City CCG\nLeicestershire Partnership NHS Trust')
      const opens = page.getByRole('group', { name: 'Opens' })
      await opens.getByLabel('Date').fill('01/06/2030')
      await opens.getByLabel('Time (UK time)').fill('09:00')
      await page.getByRole('group', { name: 'Closes' }).getByLabel('Date').fill('31/05/2030')
      await page.getByLabel('Freepost address for paper responses').fill('Freepost CRISIS CAFES')
      await page.getByRole('button', { name: 'Save as draft' }).click()
      await page.waitForLoadState()
      assert.match(
        await text(page.locator('.nhsuk-error-summary')),
        /The closing date must be after the opening date/,
      )
      await assertAccessible(page, 'create consultation with errors')

      await page.getByRole('group', { name: 'Closes' }).getByLabel('Date').fill('23/08/2030')
      await page.getByRole('button', { name: 'Save as draft' }).click()
      await page.waitForURL(/\/admin\/consultations\/[0-9a-f-]{36}$/)
      assert.equal(await text(page.getByTestId('status')), 'Draft')
      await assertAccessible(page, 'consultation overview')

      await page.getByRole('link', { name: 'Add a proposal' }).click()
      await page.getByLabel('Title').fill('Open the cafés until midnight')
      await page.getByLabel('Summary').fill('Cafés would stay open until midnight every day.')
      await page.getByLabel('What would change').fill('Later closing, with two more staff each evening.')
      await page.getByLabel('Who would be affected').fill('People who feel worse late in the evening.')
      await assertAccessible(page, 'add a proposal')
      await page.getByRole('button', { name: 'Save proposal' }).click()
      await page.waitForURL(/\/admin\/consultations\/[0-9a-f-]{36}(#proposals)?$/)
      assert.equal(await text(page.getByTestId('proposal-title')), 'Open the cafés until midnight')

      await page.getByRole('link', { name: 'Add a document' }).click()
      await page.getByLabel('Kind of document').selectOption('summary')
      await page.getByLabel('Title').fill('Summary document')
      await page.locator('input[type="file"][name="file"]').setInputFiles({
        name: 'summary.pdf',
        mimeType: 'application/pdf',
        buffer: placeholderPdf(['Summary document']),
      })
      await assertAccessible(page, 'add a document')
      await page.getByRole('button', { name: 'Add document' }).click()
      await page.waitForURL(/#documents$/)
      assert.equal(await text(page.getByTestId('document-title')), 'Summary document')

      await page.getByRole('link', { name: 'View the public page' }).click()
      await page.waitForURL(/\/consultations\/crisis-cafes-opening-hours$/)
      assert.equal(await text(page.locator('h1')), 'Crisis cafés: opening hours')
      assert.match(await text(page.locator('main')), /Later closing, with two more staff each evening/)
      assert.match(await text(page.locator('main')), /Freepost CRISIS CAFES/)
      await assertAccessible(page, 'public consultation page')
      const href = await page.getByRole('link', { name: 'Summary document' }).getAttribute('href')
      const download = await page.request.get(`${b.baseUrl}${href}`)
      assert.equal(download.status(), 200)
      assert.equal(download.headers()['content-type'], 'application/pdf')
    }))
})
