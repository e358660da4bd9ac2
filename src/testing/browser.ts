import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { AxeResults } from 'axe-core'
import type { FastifyInstance } from 'fastify'
import { generateSync } from 'otplib'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core'
import { buildApp } from '../app/build-app.js'
import { loadConfig } from '../app/config.js'
import { createServices, type ServiceDeps, type Services } from '../app/services.js'
import { createLogger } from '../platform/logging/logger.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { freePort } from './relay.js'

// What browser tests share: Debian's Chromium, axe for WCAG 2.2 AA, and the app served on a
// database of the test's own.

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
// Generous: the machines that run these are often shared and busy, and a limit reached only
// fails a test that would otherwise pass; it never makes a passing one slower.
const pageTimeoutMs = 120_000

function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}

type AxeWindow = { axe: { run(options: object): Promise<AxeResults> } }

// Contexts made with JavaScript off. Chromium then runs no timers or callbacks, not even for code
// that Playwright evaluates, so axe.run would never settle and the test would hang. A run of axe
// that does not settle in the time a page action has fails rather than hangs.
const scriptlessContexts = new WeakSet<BrowserContext>()

async function runAxe(page: Page, name: string): Promise<AxeResults> {
  await page.evaluate(axeSource)
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`axe did not finish on the ${name} page in ${pageTimeoutMs / 1000} s`)),
      pageTimeoutMs,
    )
  })
  try {
    return await Promise.race([
      page.evaluate(
        (tags) =>
          (globalThis as unknown as AxeWindow).axe.run({
            runOnly: { type: 'tag', values: tags },
            resultTypes: [],
          }),
        axeTags,
      ),
      timedOut,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A page read with JavaScript off is checked as it stands: its document, as the browser built it,
 * is served again at its address to a page that may run axe, with the page's own scripts left out
 * (they never ran) and <noscript> content shown (as it was).
 */
async function runAxeWithoutJavaScript(page: Page, name: string): Promise<AxeResults> {
  const browser = page.context().browser()
  if (!browser) throw new Error('axe needs the browser the page belongs to')
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<\/?noscript\b[^>]*>/gi, '')
  const url = page.url().replace(/#.*$/, '')
  const context = await browser.newContext({ viewport: page.viewportSize() })
  context.setDefaultTimeout(pageTimeoutMs)
  context.setDefaultNavigationTimeout(pageTimeoutMs)
  try {
    await context.route('**/*', (route) => {
      const request = route.request()
      if (request.isNavigationRequest() && request.url() === url)
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
      return request.resourceType() === 'script' ? route.abort() : route.continue()
    })
    const copy = await context.newPage()
    await copy.goto(url)
    return await runAxe(copy, name)
  } finally {
    await context.close()
  }
}

/** Runs axe on the page as it is now and fails with each violation's rule, help and targets. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  const results = scriptlessContexts.has(page.context())
    ? await runAxeWithoutJavaScript(page, name)
    : await runAxe(page, name)
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

/** Saves the whole page as test-results/NAME.png, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true })
}

export interface StaffAccount {
  email: string
  displayName: string
  password: string
}

/** A member of staff for a browser test, with an email address and passphrase made from the name. */
export function staffAccount(displayName: string): StaffAccount {
  const slug = displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  return { email: `${slug}@heard.localhost`, displayName, password: `${slug} passphrase for browser tests` }
}

// The authenticator keys browser tests set up, by email and address of the app, with the last
// 30-second step used: a person's phone, kept between sign-ins.
const authenticators = new Map<string, { secret: string; lastStep: number }>()

/** A code for a step not used yet: the app accepts the current step and the next. */
function nextCode(authenticator: { secret: string; lastStep: number }): string {
  const step = Math.max(Math.floor(Date.now() / 30_000), authenticator.lastStep + 1)
  authenticator.lastStep = step
  return generateSync({ secret: authenticator.secret, epoch: step * 30 })
}

async function signInAs(page: Page, baseUrl: string, who: StaffAccount): Promise<void> {
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.getByLabel('Email address').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
  const key = `${baseUrl} ${who.email}`
  const { pathname } = new URL(page.url())
  if (pathname === '/admin/two-factor/setup') {
    const secret = (await text(page.getByTestId('totp-key'))).replace(/ /g, '')
    const authenticator = { secret, lastStep: 0 }
    await page.getByLabel('Security code').fill(nextCode(authenticator))
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
    authenticators.set(key, authenticator)
    await page.getByRole('button', { name: 'Continue' }).click()
  } else if (pathname === '/admin/two-factor') {
    const authenticator = authenticators.get(key)
    if (!authenticator) throw new Error(`${who.email} has an authenticator this test did not set up`)
    await page.getByLabel('Security code').fill(nextCode(authenticator))
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  // Staff land on /admin; someone who only collects for a partner lands on their partner home.
  await page.waitForURL((url) => url.origin === baseUrl && ['/admin', '/partner'].includes(url.pathname))
}

/** The app listening on a free local port, without jobs or demo loading, for a browser to visit. */
async function serveForBrowser(
  database: TestDatabase,
  services: Services,
  hostName: string | undefined,
): Promise<{ app: FastifyInstance; baseUrl: string }> {
  // Named by a host name, the app must know its own address (port included) before it starts:
  // security keys are made for the host name and checked against the origin HEARD_BASE_URL gives.
  const port = hostName ? await freePort() : 0
  const app = await buildApp({
    config: loadConfig({
      HEARD_BASE_URL: hostName ? `http://${hostName}:${port}` : 'http://127.0.0.1',
      HEARD_JOBS: 'off',
      HEARD_DEMO: 'off',
    }),
    db: database.db,
    services,
    logger: createLogger('silent'),
  })
  await app.listen({ port, host: '127.0.0.1' })
  const address = app.server.address() as AddressInfo
  return { app, baseUrl: `http://${hostName ?? '127.0.0.1'}:${address.port}` }
}

export interface BrowserApp {
  database: TestDatabase
  services: Services
  browser: Browser
  baseUrl: string
  /** Runs `work` on a page in a browser context of its own (its own cookies), closed afterwards. */
  withPage<T>(work: (page: Page) => Promise<T>, options?: BrowserContextOptions): Promise<T>
  /** Signs in on the page as the member of staff. */
  signIn(page: Page, who: StaffAccount): Promise<void>
  close(): Promise<void>
}

/**
 * A database prepared by `prepare`, the app listening on a free port, and Chromium started: one
 * of each for a test file, its tests each working in a browser context of their own.
 */
export async function startBrowserApp(
  prepare: (services: Services, database: TestDatabase) => Promise<void>,
  deps: Pick<ServiceDeps, 'jobs'> = {},
  /** A host name for the browser to use instead of 127.0.0.1: WebAuthn refuses IP addresses, and takes `localhost`. */
  hostName?: string,
): Promise<BrowserApp> {
  mkdirSync(screenshotDir, { recursive: true })
  // Chromium starts while the database is made and prepared. A failed launch is caught here and
  // thrown below.
  const launching = launchChromium()
  launching.catch(() => undefined)
  let database: TestDatabase | undefined
  let app: FastifyInstance | undefined
  try {
    database = await createTestDatabase()
    const services = createServices({ database, now: () => new Date(), ...deps })
    await prepare(services, database)
    const served = await serveForBrowser(database, services, hostName)
    app = served.app
    const browser = await launching
    return browserApp(database, services, served, browser)
  } catch (error) {
    await launching.then(
      (b) => b.close(),
      () => undefined,
    )
    await app?.close()
    await database?.close()
    throw error
  }
}

function browserApp(
  database: TestDatabase,
  services: Services,
  { app, baseUrl }: { app: FastifyInstance; baseUrl: string },
  browser: Browser,
): BrowserApp {
  return {
    database,
    services,
    browser,
    baseUrl,
    async withPage(work, options) {
      const context = await browser.newContext(options)
      if (options?.javaScriptEnabled === false) scriptlessContexts.add(context)
      context.setDefaultTimeout(pageTimeoutMs)
      context.setDefaultNavigationTimeout(pageTimeoutMs)
      try {
        return await work(await context.newPage())
      } finally {
        await context.close()
      }
    },
    signIn: (page, who) => signInAs(page, baseUrl, who),
    async close() {
      await browser.close()
      await app.close()
      await database.close()
    },
  }
}
