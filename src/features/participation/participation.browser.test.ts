import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Services } from '../../app/services.js'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// A consultation manager reads who was heard from and cleans duplicates in a real browser: the
// profile and reach, the groups, one group decided each way and a response excluded, then the
// scrutiny answer, which then says its figures are out of date until refreshed; each page checked
// with axe.

const manager = staffAccount('Participation Manager')

describe('who we heard from in Chromium', () => {
  let b: BrowserApp
  let consultationId: string
  let services: Services
  const sent: string[] = []

  before(async () => {
    // Detection is run here rather than through the queue, so the pages have groups to show; a
    // refresh asked for later is queued, and the test works it as the worker would.
    b = await startBrowserApp(
      async (prepared) => {
        services = prepared
        await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
        await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
        await services.demo.loadReferenceCase({ responses: 200, seed: 1 })
        consultationId = (await services.consultations.getBySlug(referenceSlug)).id
        await services.participation.detect(consultationId, systemActor)
      },
      {
        jobs: {
          send: async (name) => {
            sent.push(name)
            return true
          },
        },
      },
    )
  })
  after(() => b?.close())

  test('profile and reach, duplicates decided and excluded, and the scrutiny answer', () =>
    b.withPage(async (page) => {
      const participation = `${b.baseUrl}/admin/consultations/${consultationId}/participation`
      await b.signIn(page, manager)
      await page.goto(participation)
      assert.match(await text(page.getByTestId('people-estimate')), /responses from an estimated \d+ people/)
      assert.match(await text(page.getByTestId('figures-status')), /Figures computed at/)
      assert.ok(await page.getByRole('heading', { name: 'Reach against the population' }).isVisible())
      assert.ok(await page.getByRole('heading', { name: 'Respondent profile' }).isVisible())
      await assertAccessible(page, 'who we heard from')
      await screenshot(page, 'participation-dashboard')

      await page
        .getByTestId('workspace-navigation')
        .getByRole('link', { name: 'Duplicates and campaigns' })
        .click()
      await page.waitForURL(`${participation}/groups`)
      await assertAccessible(page, 'duplicates and campaigns')
      await screenshot(page, 'participation-groups')
      const groupLinks = page.getByRole('link', { name: /^Exact \d+$/ })
      assert.ok((await groupLinks.count()) >= 2)
      const second = (await groupLinks.nth(1).getAttribute('href')) ?? ''

      await groupLinks.first().click()
      await page.waitForURL(/\/admin\/participation\/groups\//)
      await assertAccessible(page, 'a duplicate group')
      await page.getByRole('button', { name: 'Record decision' }).click()
      await page.waitForLoadState()
      await assertAccessible(page, 'a decision with errors')
      assert.match(await text(page.locator('.nhsuk-error-summary')), /Select whether these responses/)
      await page.getByLabel('Same person: count once').check()
      await page.getByLabel('Reason', { exact: true }).fill('Same email and answers, sent twice')
      await page.getByRole('button', { name: 'Record decision' }).click()
      await page.waitForLoadState()
      assert.match(await page.content(), /Recorded: the same person, counted once/)

      await page.goto(`${b.baseUrl}${second}`)
      await page.getByLabel('Different people: count each').check()
      await page.getByLabel('Reason', { exact: true }).fill('Two people in one household')
      await page.getByRole('button', { name: 'Record decision' }).click()
      await page.waitForLoadState()
      assert.match(await page.content(), /Recorded: different people, each counted/)
      await page.locator('input[name="response_id"]').first().check()
      await page.getByLabel('Reason for excluding').fill('A test response sent by staff')
      await page.getByRole('button', { name: 'Exclude response' }).click()
      await page.waitForLoadState()
      assert.match(await page.content(), /excluded/i)
      await assertAccessible(page, 'a group after a decision and an exclusion')

      await page.goto(`${participation}/scrutiny`)
      assert.match(await text(page.getByTestId('scrutiny-table')), /Relationship to the services/)
      const stale = await text(page.getByTestId('figures-stale'))
      assert.match(stale, /1 response has arrived \(or changed\) since these figures were computed/)
      assert.match(stale, /2 duplicate decisions have been made since/)
      await assertAccessible(page, 'who responded, for scrutiny, out of date')
      const before = Number(await text(page.getByTestId('total-responses')))
      await page.getByRole('button', { name: 'Refresh the figures' }).click()
      await page.waitForURL(`${participation}/scrutiny`)
      assert.deepEqual(sent, ['participation.detect'])
      assert.match(await text(page.getByTestId('figures-status')), /New figures are queued/)
      await services.participation.runDetectionJob(consultationId)
      await page.reload()
      assert.equal(await page.getByTestId('figures-stale').count(), 0)
      assert.equal(
        Number(await text(page.getByTestId('total-responses'))),
        before - 1,
        'the refreshed figures leave out the response excluded',
      )
      await assertAccessible(page, 'who responded, for scrutiny')
    }))
})
