import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
} from '../../../testing/browser.js'

// A consultation manager builds a small questionnaire in Chromium, is told what stops it being
// published, previews it as a respondent would see it, and publishes it. Every step is a plain
// form post (the route tests drive the same forms with no browser at all); JavaScript stays on
// here because axe runs in the page.

const manager = staffAccount('Builder Manager')

describe('the questionnaire builder in Chromium', () => {
  let b: BrowserApp
  let builderUrl: string

  before(async () => {
    let consultationId = ''
    b = await startBrowserApp(async (services, db) => {
      await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
      const { id } = await db.db
        .insertInto('consultations')
        .values({
          slug: 'clinic-hours',
          title: 'Clinic opening hours',
          status: 'draft',
          opens_at: new Date(Date.now() + 86_400_000),
          closes_at: new Date(Date.now() + 30 * 86_400_000),
          postal_deadline_at: new Date(Date.now() + 40 * 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db.db
        .insertInto('proposals')
        .values([
          { consultation_id: id, position: 1, title: 'Open on Saturday mornings' },
          { consultation_id: id, position: 2, title: 'Close on Wednesday afternoons' },
        ])
        .execute()
      consultationId = id
    })
    builderUrl = `${b.baseUrl}/admin/consultations/${consultationId}/questionnaire`
  })

  after(() => b?.close())

  const addSection = async (page: Page, title: string) => {
    await page.getByLabel('Section title').fill(title)
    await page.getByRole('button', { name: 'Add section' }).click()
    await page.waitForURL(builderUrl)
  }

  test('a manager builds, previews and publishes a small questionnaire', () =>
    b.withPage(async (page) => {
      await b.signIn(page, manager)

      await page.goto(builderUrl)
      await assertAccessible(page, 'empty builder')
      await addSection(page, 'Your views')
      await page.getByRole('link', { name: 'Add a question to Your views' }).click()
      await page.getByLabel('Single choice').check()
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByRole('button', { name: 'Save question' }).click()
      assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Enter the question/)
      await assertAccessible(page, 'question form with errors')
      await page.getByLabel('Question', { exact: true }).fill('Which would suit you better?')
      await page.getByLabel('Yes, it must be answered').check()
      await page.getByLabel('Options', { exact: true }).fill('Saturday morning\nWednesday afternoon\nNeither')
      await page.getByLabel('Proposal this question is about').selectOption('1')
      await page.getByRole('button', { name: 'Save question' }).click()
      await page.waitForURL(builderUrl)

      await page.getByRole('link', { name: 'Add a question to Your views' }).click()
      await page.getByLabel('Free text').check()
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByLabel('Question', { exact: true }).fill('Why would neither suit you?')
      await page.getByLabel('No, it is optional').check()
      await page.getByLabel('Neither', { exact: true }).check()
      await assertAccessible(page, 'question form')
      await page.getByRole('button', { name: 'Save question' }).click()
      await page.waitForURL(builderUrl)

      await addSection(page, 'Nothing here yet')
      await page.getByRole('button', { name: 'Publish version 1' }).click()
      const problems = page.getByTestId('publish-problems')
      assert.match(await problems.innerText(), /section 2: questions needs at least one question/)
      await assertAccessible(page, 'builder with publishing problems')
      await screenshot(page, 'builder-problems')
      await page.getByRole('button', { name: 'Remove section Nothing here yet' }).click()
      await page.waitForURL(builderUrl)

      await page.getByRole('button', { name: 'Add the About you section' }).click()
      await page.waitForURL(builderUrl)
      await assertAccessible(page, 'builder')
      await screenshot(page, 'builder')

      await page.getByRole('link', { name: 'Preview as a respondent' }).click()
      await page.waitForURL(/\/questionnaire\/preview$/)
      assert.equal(await page.getByRole('heading', { level: 3, name: /Preview/ }).count(), 1)
      assert.equal(await page.getByRole('button', { name: 'Send response' }).count(), 0)
      assert.equal(await page.getByRole('group', { name: 'Which would suit you better?' }).count(), 1)
      await assertAccessible(page, 'preview')
      await screenshot(page, 'questionnaire-preview')

      await page.goto(builderUrl)
      await page.getByRole('button', { name: 'Publish version 1' }).click()
      await page.waitForURL(builderUrl)
      assert.match(await page.locator('.heard-flash').innerText(), /Version 1 is published/)
      const stored = await b.database.db
        .selectFrom('questionnaire_versions')
        .select(['version', 'published_at'])
        .execute()
      assert.equal(stored.length, 1)
      assert.ok(stored[0]?.published_at)

      await page.getByRole('link', { name: 'Print the paper questionnaire' }).click()
      await page.emulateMedia({ media: 'print' })
      await screenshot(page, 'questionnaire-print')
      assert.equal(await page.locator('.nhsuk-header').isVisible(), false)
      assert.equal(await page.locator('.heard-paper-question').count(), 15)
    }))
})
