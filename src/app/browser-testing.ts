import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'
import type { Page } from 'playwright-core'

// What browser tests share: how Chromium is started and an axe check for WCAG 2.2 AA.

export const chromiumPath = '/usr/bin/chromium'
export const chromiumArgs = [
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

/** Signs in on the staff sign-in page and waits for the admin home. */
export async function signIn(
  page: Page,
  baseUrl: string,
  who: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.getByLabel('Email address').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${baseUrl}/admin`)
}
