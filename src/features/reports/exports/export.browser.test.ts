import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../../testing/browser.js'

// An analyst finds the export from the responses list, without JavaScript, and downloads open data.

const analyst = staffAccount('Export Analyst')

describe('downloading every response in Chromium', () => {
  let b: BrowserApp
  let consultationId: string

  before(async () => {
    b = await startBrowserApp(async (services) => {
      await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
      await services.demo.loadReferenceCase({ responses: 80, seed: 1 })
      await services.users.createUser({ ...analyst, roles: ['analyst'] })
      consultationId = (await services.consultations.getBySlug(referenceSlug)).id
    })
  })
  after(() => b?.close())

  test('the export page and its error pass axe', () =>
    b.withPage(async (page) => {
      await b.signIn(page, analyst)
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/responses/export`)
      assert.match(await text(page.getByTestId('contacts')), /does not allow contact details/)
      await assertAccessible(page, 'download all responses')
      await screenshot(page, 'exports-page')
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/responses/export/download`)
      assert.match(await text(page.locator('.nhsuk-error-summary')), /Select what the download is for/)
      await assertAccessible(page, 'download all responses with an error')
    }))

  // Without JavaScript, where axe cannot run: the form is a plain GET that needs none.
  test('from the responses list to an open-data CSV without JavaScript', () =>
    b.withPage(
      async (page) => {
        await b.signIn(page, analyst)
        await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/responses`)
        await page.getByRole('link', { name: 'Download all responses' }).click()
        await page.waitForURL(/\/responses\/export$/)
        await page.getByLabel('Open data').check()
        await page.getByLabel('CSV').check()
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download responses' }).click(),
        ])
        assert.match(download.suggestedFilename(), /-responses-open-data\.csv$/)
        const rows: Record<string, string>[] = parse(await readFile((await download.path()) ?? ''), {
          columns: true,
        })
        assert.equal(rows.length, 80)
        assert.ok(!('overall_comments' in (rows[0] ?? {})))
      },
      { javaScriptEnabled: false, acceptDownloads: true },
    ))
})
