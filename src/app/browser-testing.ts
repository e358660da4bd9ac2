import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { AxeResults } from 'axe-core'
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'
import { createLogger } from '../platform/logging/logger.js'
import { buildApp } from './build-app.js'
import { loadConfig } from './config.js'
import { createServices, type Services } from './services.js'
import { createTestDatabase, type TestDatabase } from './testing.js'

// What browser tests share: Debian's Chromium, and axe for WCAG 2.2 AA.

const chromiumPath = '/usr/bin/chromium'
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
export const screenshotDir = path.resolve('test-results')

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}

type AxeWindow = { axe: { run(options: object): Promise<AxeResults> } }

/** Runs axe on the page as it is now and fails with each violation's rule, help and targets. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource)
  const results = await page.evaluate(
    (tags) =>
      (globalThis as unknown as AxeWindow).axe.run({
        runOnly: { type: 'tag', values: tags },
        resultTypes: [],
      }),
    axeTags,
  )
  assert.ok(results.passes.length > 0, `axe did not run any checks on the ${name} page`)
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  assert.deepEqual(found, [], `axe found accessibility violations on the ${name} page:\n${found.join('\n')}`)
}

/** The element's text, trimmed. */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim()
}

export async function signInAs(page: Page, baseUrl: string, who: { email: string; password: string }) {
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.getByLabel('Email address').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${baseUrl}/admin`)
}

/** The app listening on a free local port, without jobs or demo loading, for a browser to visit. */
export async function serveForBrowser(
  database: TestDatabase,
  services: Services,
): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const app = await buildApp({
    config: loadConfig({ HEARD_BASE_URL: 'http://127.0.0.1', HEARD_JOBS: 'off', HEARD_DEMO: 'off' }),
    db: database.db,
    services,
    logger: createLogger('silent'),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
}

export interface BrowserApp {
  database: TestDatabase
  services: Services
  browser: Browser
  baseUrl: string
  close(): Promise<void>
}

/** A database prepared by `prepare`, the app listening on a free port, and Chromium started. */
export async function startBrowserApp(
  prepare: (services: Services, database: TestDatabase) => Promise<void>,
): Promise<BrowserApp> {
  const database = await createTestDatabase()
  const services = createServices({ database, now: () => new Date() })
  await prepare(services, database)
  const { app, baseUrl } = await serveForBrowser(database, services)
  const browser = await launchChromium()
  mkdirSync(screenshotDir, { recursive: true })
  return {
    database,
    services,
    browser,
    baseUrl,
    async close() {
      await browser.close()
      await app.close()
      await database.close()
    },
  }
}
