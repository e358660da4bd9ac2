import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateSync } from 'otplib'
import type { Page } from 'playwright-core'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// The pages of two-factor sign-in and of personal data, walked as staff walk them, without and
// with JavaScript, each passing axe for WCAG 2.2 AA.

const administrator = staffAccount('Priya Admin')

describe('two-factor sign-in and personal data in Chromium', () => {
  let b: BrowserApp
  let consultationId: string
  // The authenticator set up in the first test, as the person's phone would keep it.
  let secret = ''
  let usedStep = 0

  before(async () => {
    b = await startBrowserApp(async (services) => {
      await services.demo.loadOpenConsultation({ responses: 3, seed: 1 })
      await services.users.createUser({ ...administrator, roles: ['administrator'] })
    })
    const row = await b.database.db.selectFrom('consultations').select('id').executeTakeFirstOrThrow()
    consultationId = row.id
  })
  after(() => b?.close())

  const signInWithPassword = async (page: Page) => {
    await page.goto(`${b.baseUrl}/admin/sign-in`)
    await page.getByLabel('Email address').fill(administrator.email)
    await page.getByLabel('Password').fill(administrator.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  test('an administrator sets up an authenticator at first sign-in, without JavaScript', () =>
    b.withPage(
      async (page) => {
        await signInWithPassword(page)
        await page.waitForURL(`${b.baseUrl}/admin/two-factor/setup`)
        await assertAccessible(page, 'two-factor setup')
        await screenshot(page, 'two-factor-setup')
        await page.getByLabel('Security code').fill('000000')
        await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
        await assertAccessible(page, 'two-factor setup with an error')
        secret = (await text(page.getByTestId('totp-key'))).replace(/ /g, '')
        usedStep = Math.floor(Date.now() / 30_000)
        await page.getByLabel('Security code').fill(generateSync({ secret, epoch: usedStep * 30 }))
        await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
        await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor()
        assert.equal(await page.locator('[data-testid="recovery-codes"] li').count(), 10)
        await assertAccessible(page, 'recovery codes')
        await screenshot(page, 'two-factor-recovery-codes')
      },
      { javaScriptEnabled: false },
    ))

  test('the code step, the settings, and the personal data pages pass axe', () =>
    b.withPage(async (page) => {
      await signInWithPassword(page)
      await page.waitForURL(`${b.baseUrl}/admin/two-factor`)
      await assertAccessible(page, 'two-factor code')
      await screenshot(page, 'two-factor-code')
      await page.getByLabel('Security code').fill('123456')
      await page.getByRole('button', { name: 'Continue' }).click()
      await assertAccessible(page, 'two-factor code refused')
      const step = Math.max(Math.floor(Date.now() / 30_000), usedStep + 1)
      await page.getByLabel('Security code').fill(generateSync({ secret, epoch: step * 30 }))
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.waitForURL(`${b.baseUrl}/admin`)
      await page.getByRole('link', { name: 'Two-factor sign-in' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/two-factor/settings`)
      await assertAccessible(page, 'two-factor settings')
      await screenshot(page, 'two-factor-settings')
      await page.goto(`${b.baseUrl}/admin`)
      await page.getByRole('link', { name: 'Personal data requests' }).click()
      await assertAccessible(page, 'personal data search')
      await page.getByLabel('Email address').check()
      await page.getByLabel('What to search for').fill('nobody@example.org')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.getByRole('heading', { name: 'What we hold' }).waitFor()
      await assertAccessible(page, 'personal data results')
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}`)
      await page.getByRole('link', { name: 'Personal data and retention' }).click()
      await assertAccessible(page, 'record of processing')
      await screenshot(page, 'record-of-processing')
      await page.goto(`${b.baseUrl}/privacy`)
      await assertAccessible(page, 'privacy notice')
      await screenshot(page, 'privacy-notice')
    }))
})
