import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../platform/audit/audit-log.js'
import { publishOpenConsultation } from '../../testing/app.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// An administrator (the one role that may handle subject access requests) follows the link from
// /admin to personal data requests, finds a respondent by email, and erases their identifying
// data; each page, the error one included, is checked with axe.

const administrator = staffAccount('Privacy Administrator')
const email = 'robin.okafor@example.org'

describe('subject access and erasure in Chromium', () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp(async (services, database) => {
      await services.users.createUser({ ...administrator, roles: ['administrator'] })
      const consultationId = await publishOpenConsultation(services, 'privacy-browser')
      const version = await database.db
        .selectFrom('questionnaire_versions')
        .select('id')
        .where('consultation_id', '=', consultationId)
        .executeTakeFirstOrThrow()
      for (const [who, single] of [
        [email, 'bus'],
        ['someone.else@example.org', 'car'],
      ] as const)
        await services.responses.storeResponse({
          consultationId,
          questionnaireVersionId: version.id,
          submissionKey: randomUUID(),
          channel: 'online',
          answers: { single },
          submittedAt: new Date(),
          actor: systemActor,
          contact: { email: who, consentToContact: true },
        })
    })
  })
  after(() => b?.close())

  test('from /admin, a search by email finds the person, and erasure leaves nothing to find', () =>
    b.withPage(async (page) => {
      await b.signIn(page, administrator)
      await page.getByRole('link', { name: 'Personal data requests' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/personal-data`)
      await assertAccessible(page, 'personal data requests')

      await page.getByRole('button', { name: 'Search' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/personal-data/search`)
      assert.match(await text(page.locator('.nhsuk-error-summary')), /Select what you are searching by/)
      await assertAccessible(page, 'personal data search with errors')

      await page.getByLabel('Email address').check()
      await page.getByLabel('What to search for').fill(email.toUpperCase())
      await page.getByRole('button', { name: 'Search' }).click()
      await page.getByRole('heading', { name: 'What we hold' }).waitFor()
      assert.match(await text(page.locator('main')), /Found 1 response/)
      assert.match(await text(page.locator('table')), new RegExp(email))
      await assertAccessible(page, 'what we hold')
      await screenshot(page, 'subject-access-results')

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download everything (JSON)' }).click(),
      ])
      assert.equal(download.suggestedFilename(), 'subject-access-request.json')

      await page.getByRole('button', { name: 'Erase identifying data' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/personal-data/erase`)
      assert.match(await text(page.locator('.nhsuk-error-summary')), /Enter why the data is being erased/)
      await assertAccessible(page, 'erasure with errors')
      await page.getByLabel('Why is it being erased?').fill('Request SAR-2026-14')
      await page.getByLabel('I confirm this person’s identifying data should be erased').check()
      await page.getByRole('button', { name: 'Erase identifying data' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/personal-data`)
      assert.match(await text(page.locator('.heard-flash')), /Identifying data is erased from 1 responses/)
      await assertAccessible(page, 'personal data requests after erasure')

      await page.getByLabel('Email address').check()
      await page.getByLabel('What to search for').fill(email)
      await page.getByRole('button', { name: 'Search' }).click()
      await page.getByRole('heading', { name: 'What we hold' }).waitFor()
      assert.match(await text(page.locator('main')), /Nothing is held for this email address/)
      await assertAccessible(page, 'nothing held')
    }))
})
