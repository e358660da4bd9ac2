import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium } from 'playwright-core'
import { assertAccessible, chromiumArgs, chromiumPath, signIn } from '../../../app/browser-testing.js'
import { buildApp } from '../../../app/build-app.js'
import { loadConfig } from '../../../app/config.js'
import { createServices } from '../../../app/services.js'
import { createTestDatabase, type TestDatabase } from '../../../app/testing.js'
import { createLogger } from '../../../platform/logging/logger.js'
import { referenceSlug } from '../../demo/reference-consultation.js'

// An analyst codes comments in Chromium without JavaScript, using the keyboard's order of fields,
// and every coding page passes axe for WCAG 2.2 AA.

const analyst = {
  email: 'browser-analyst@heard.localhost',
  displayName: 'Browser Analyst',
  password: 'a long passphrase 42',
}

describe('the coding workspace in Chromium', () => {
  let database: TestDatabase
  let app: FastifyInstance
  let browser: Browser
  let baseUrl: string
  let coding: string

  before(async () => {
    database = await createTestDatabase()
    const services = createServices({ database, now: () => new Date() })
    await services.demo.loadReferenceCase({ responses: 40, seed: 1 })
    const userId = await services.users.createUser({ ...analyst, roles: ['analyst'] })
    const consultation = await services.consultations.getBySlug(referenceSlug)
    const actor = { userId, label: analyst.email }
    const access = await services.coding.addTheme(
      consultation.id,
      {
        code: 'access',
        label: 'Getting to services',
        description: 'Travel, distance, opening hours',
        examples: [],
        parentId: null,
        questionKey: null,
      },
      actor,
    )
    await services.coding.addTheme(
      consultation.id,
      {
        code: 'access.transport',
        label: 'Transport',
        description: '',
        examples: [],
        parentId: access,
        questionKey: null,
      },
      actor,
    )
    app = await buildApp({
      config: loadConfig({ HEARD_BASE_URL: 'http://127.0.0.1', HEARD_JOBS: 'off', HEARD_DEMO: 'off' }),
      db: database.db,
      services,
      logger: createLogger('silent'),
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    coding = `${baseUrl}/admin/consultations/${consultation.id}/coding`
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  })

  after(async () => {
    await browser?.close()
    await app?.close()
    await database?.close()
  })

  test('an analyst codes a comment and moves to the next, and every page passes axe', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    // The machine running the suite may be busy: wait longer than Playwright's default for pages.
    context.setDefaultTimeout(120_000)
    const page = await context.newPage()
    try {
      await signIn(page, baseUrl, analyst)
      await page.goto(coding)
      await assertAccessible(page, 'coding list')
      await page.locator('a.heard-reference').first().click()
      await page.waitForURL(/\/coding\/comments\//)
      await assertAccessible(page, 'comment')
      const first = page.url()
      await page.getByLabel('access.transport: Transport').check()
      await page.getByLabel('Negative').check()
      await page.getByRole('button', { name: 'Save and code the next comment' }).click()
      await page.waitForURL((url) => url.toString() !== first && url.toString().includes('/coding/comments/'))
      await page.goto(coding)
      assert.match((await page.getByTestId('progress').textContent()) ?? '', /^\s*1 of \d+ comments coded/)
      for (const [path, name] of [
        ['/codeframe', 'codeframe'],
        ['/coding/double', 'double coding'],
        ['/coding/quotes', 'quotes'],
        ['/coding/safeguarding', 'safeguarding'],
        ['/coding/theme-counts?by=channel', 'theme counts'],
      ] as const) {
        await page.goto(coding.replace('/coding', path))
        await assertAccessible(page, name)
      }
    } finally {
      await context.close()
    }
  })
})
