import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openDemoConsultation } from '../../../demo/open-consultation.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  startBrowserApp,
  text,
} from '../../../testing/browser.js'

// The page for a connection over the hard limit, in a real browser: it must be as accessible as
// the form it interrupts, since the people who see it are often on a shared library or event network.

describe('a connection over the limit in Chromium', () => {
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
  after(() => served?.close())

  test('the "too many responses from this connection" page passes axe', () =>
    served.withPage(async (page) => {
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
      await screenshot(page, 'limited')
      await assertAccessible(page, 'too many responses')
    }))
})
