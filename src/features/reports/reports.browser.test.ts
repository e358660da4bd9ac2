import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { publishReferenceReport } from '../../demo/reference-report.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// The published report in a real browser: each edition passes axe, and a figure followed from the
// Full edition opens the staff results view that shows the same number.

const observer = staffAccount('Report Reader')

describe('the published Report of Findings in Chromium', () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp(async (services) => {
      await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
      await services.demo.loadReferenceCase({ responses: 150, seed: 1 })
      await services.users.createUser({ ...observer, roles: ['observer'] })
      const consultationId = (await services.consultations.getBySlug(referenceSlug)).id
      await publishReferenceReport(services.reports, consultationId)
    })
  })
  after(() => b?.close())

  test('the three editions pass axe, and the public consultation page links to the report', () =>
    b.withPage(async (page) => {
      await page.goto(`${b.baseUrl}/consultations/${referenceSlug}`)
      await page.getByRole('link', { name: 'Read the Report of Findings' }).click()
      await page.waitForURL(/\/report\/full$/)
      await assertAccessible(page, 'report full edition')
      await screenshot(page, 'report-full')
      for (const edition of ['Summary', 'Easy Read']) {
        await page.getByRole('link', { name: edition, exact: true }).click()
        await page.waitForLoadState()
        await assertAccessible(page, `report ${edition}`)
        await screenshot(page, `report-${edition.toLowerCase().replace(' ', '-')}`)
      }
    }))

  test("a figure's link opens the staff results view showing the same number", () =>
    b.withPage(async (page) => {
      await b.signIn(page, observer)
      const consultationId = (await b.services.consultations.getBySlug(referenceSlug)).id
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/report`)
      assert.match(await text(page.locator('main')), /First version/)
      await assertAccessible(page, 'report staff page')
      await screenshot(page, 'report-staff')
      await page.getByRole('link', { name: 'Read the published report on the public page' }).click()
      await page.waitForURL(/\/report\/full$/)
      const table = page.getByTestId('report-table-p1_agreement')
      const row = table.locator('tbody tr').first()
      const answer = await text(row.locator('th'))
      const figure = row.locator('a[data-figure]')
      const count = await text(figure)
      assert.match(count, /^\d[\d,]*$/)
      await figure.click()
      await page.waitForURL(/\/admin\/consultations\/[^/]+\/results\/p1_agreement$/)
      const staffRow = page.locator('main tr', { hasText: answer }).first()
      assert.match(await text(staffRow), new RegExp(`\\b${count}\\b`))
      await screenshot(page, 'report-figure-followed')
    }))
})
