import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import {
  assertAccessible,
  type BrowserApp,
  screenshotDir,
  startBrowserApp,
  text,
} from '../../app/browser-testing.js'
import { openDemoConsultation } from '../demo/open-consultation.js'

// The page for a connection over the hard limit, in a real browser: it must be as accessible as
// the form it interrupts, since the people who see it are often on a shared library or event network.

let served: BrowserApp

before(async () => {
  served = await startBrowserApp(async (services, database) => {
    await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
    // One counted submission from the browser's address, then as many as far over any limit.
    await services.responses.screenOnline(
      {},
      { address: '127.0.0.1', limits: { flagPerHour: 20, limitPerHour: 300 } },
    )
    await database.db.updateTable('rate_limit_hits').set({ hits: 1_000_000 }).execute()
  })
})
after(() => served.close())

test('the "too many responses from this connection" page passes axe', async () => {
  const page = await served.browser.newPage()
  // A busy shared machine can take far longer than the default to load a page.
  page.setDefaultTimeout(120_000)
  page.setDefaultNavigationTimeout(120_000)
  try {
    const formPath = `/consultations/${openDemoConsultation.slug}/respond`
    await page.goto(`${served.baseUrl}${formPath}`)
    // The start page's form, sent as a client sending the whole form in one request would send it.
    await page
      .locator('form[method="post"]')
      .first()
      .evaluate((form, action) => {
        form.setAttribute('action', action)
      }, formPath)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Start now' }).click(),
    ])
    await page.waitForLoadState()
    assert.equal(response.status(), 429)
    assert.equal(await text(page.locator('h1')), 'Your response has not been sent yet')
    await page.screenshot({ path: path.join(screenshotDir, 'limited.png'), fullPage: true })
    await assertAccessible(page, 'too many responses')
  } finally {
    await page.close()
  }
})
