import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// An administrator adds a security key from their own two-factor page, reached from the header,
// signs out and signs in again with it, on Chromium's virtual authenticator (a key the browser
// keeps in memory, answering as a real one does); every page is checked with axe. Without
// JavaScript the sign-in step says a key needs it and offers the code.

const admin = staffAccount('Key Administrator')
const manager = staffAccount('Key Manager')

/** A CTAP2 key that is always present and verifies its user, so no one has to touch it. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  }
}

async function passwordStep(b: BrowserApp, page: Page) {
  await page.goto(`${b.baseUrl}/admin/sign-in`)
  await page.getByLabel('Email address').fill(admin.email)
  await page.getByLabel('Password').fill(admin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${b.baseUrl}/admin/two-factor`)
}

describe('security keys in Chromium', () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp(
      async (services) => {
        await services.users.createUser({ ...admin, roles: ['administrator'] })
        await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
      },
      {},
      'localhost',
    )
  })
  after(() => b?.close())

  test('an administrator adds a key from their two-factor page and signs in with it', () =>
    b.withPage(async (page) => {
      const key = await addVirtualAuthenticator(page)
      await b.signIn(page, admin)
      await page.getByRole('link', { name: 'Two-factor sign-in' }).first().click()
      await page.waitForURL(`${b.baseUrl}/admin/account/two-factor`)
      assert.ok(await page.getByRole('button', { name: 'Add security key' }).isVisible())
      assert.equal(await page.getByText('Adding a security key needs JavaScript').isVisible(), false)
      await assertAccessible(page, 'your two-factor sign-in')

      await page.getByRole('button', { name: 'Add security key' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/account/two-factor/keys`)
      assert.match(await text(page.locator('.nhsuk-error-summary')), /Enter a name for the key/)
      await assertAccessible(page, 'two-factor sign-in with an error')
      await page.getByLabel('Name of the key').fill('Virtual key')
      await page.getByRole('button', { name: 'Add security key' }).click()
      await page.getByText('Your security key “Virtual key” is added').waitFor()
      assert.match(await text(page.getByTestId('security-keys')), /Virtual key/)
      assert.equal((await key.credentials()).length, 1)
      await assertAccessible(page, 'two-factor sign-in with a key')
      await screenshot(page, 'security-key-added')

      await page.getByRole('link', { name: 'Sign out' }).click()
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => !url.pathname.startsWith('/admin/sign-out'))
      await passwordStep(b, page)
      assert.equal(await text(page.locator('h1')), 'Confirm it is you')
      assert.equal(await page.getByText('Using a security key needs JavaScript').isVisible(), false)
      await assertAccessible(page, 'sign-in with a security key')
      await screenshot(page, 'security-key-sign-in')
      await page.getByRole('button', { name: 'Use a security key' }).click()
      await page.waitForURL(`${b.baseUrl}/admin`)
      assert.match(await text(page.locator('.heard-flash')), /You are signed in/)
      const [credential] = await key.credentials()
      assert.ok((credential?.signCount ?? 0) >= 1)
      await page.getByRole('link', { name: 'Two-factor sign-in' }).first().click()
      assert.doesNotMatch(await text(page.getByTestId('security-keys')), /Not used yet/)
    }))

  test('without JavaScript, the sign-in step says a key needs it and offers the code', () =>
    b.withPage(
      async (page) => {
        await passwordStep(b, page)
        assert.ok(await page.getByText('Using a security key needs JavaScript').isVisible())
        assert.equal(await page.getByRole('button', { name: 'Use a security key' }).isVisible(), false)
        assert.ok(await page.getByLabel('Security code').isVisible())
        await assertAccessible(page, 'sign-in with a security key, without JavaScript')
      },
      { javaScriptEnabled: false },
    ))

  test('a manager made to set up two-factor sign-in chooses a key instead of an app', () =>
    b.withPage(async (page) => {
      const key = await addVirtualAuthenticator(page)
      await page.goto(`${b.baseUrl}/admin/sign-in`)
      await page.getByLabel('Email address').fill(manager.email)
      await page.getByLabel('Password').fill(manager.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/two-factor/setup`)
      await assertAccessible(page, 'set up two-factor sign-in, with a key offered')
      await page.getByLabel('Name of the key').fill('Laptop passkey')
      await page.getByRole('button', { name: 'Add security key' }).click()
      await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor()
      assert.equal(await page.getByTestId('recovery-codes').getByRole('listitem').count(), 10)
      assert.equal((await key.credentials()).length, 1)
      await assertAccessible(page, 'recovery codes after adding a key')
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.waitForURL(`${b.baseUrl}/admin`)
    }))
})
