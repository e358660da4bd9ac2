import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { themeBank } from '../../demo/generator/comment-bank.js'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { publishReferenceReport } from '../../demo/reference-report.js'
import { codeFromTruth } from '../../demo/repository.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// A consultation manager, from /admin, records how a theme was considered for two proposals,
// signs them off, builds and approves the business case, records the decision and adds an action;
// the public "You said, we did" page is then read with JavaScript off and checked with axe.

const manager = staffAccount('Decision Manager')
const hookLimit = { timeout: 180_000 }
const testLimit = { timeout: 300_000 }

describe('the decision trail in Chromium', () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp(async (services, database) => {
      await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
      await services.demo.loadReferenceCase({ responses: 60, seed: 1 })
      await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
      const consultationId = (await services.consultations.getBySlug(referenceSlug)).id
      await codeFromTruth(database.db, consultationId, themeBank, new Date())
      await services.consultationSetup.transition(consultationId, 'reporting', systemActor)
      await publishReferenceReport(services.reports, consultationId)
    })
  }, hookLimit)
  after(() => b?.close(), hookLimit)

  test('considerations for two proposals, the business case, the decision and an action', testLimit, () =>
    b.withPage(async (page) => {
      await b.signIn(page, manager)
      await page.goto(`${b.baseUrl}/admin`)
      await page.getByRole('link', { name: 'Step up to Great Mental Health' }).first().click()
      await page.getByRole('link', { name: 'Decision and follow-up' }).click()
      assert.match(await text(page.locator('h1')), /Decision and follow-up/)

      for (const [position, theme] of [
        [2, 'Doubts about crisis cafés'],
        [8, 'Transport and travel'],
      ] as const) {
        await page.getByText(`Record how a theme was considered for proposal ${position}`).click()
        const form = page.locator('form', { has: page.locator(`#themeId-${await proposalId(position)}`) })
        await form.getByLabel('Theme').selectOption({ label: theme })
        await form.getByLabel('Mitigated: something will be done').check()
        await form
          .getByLabel('How the proposal changes, what will be done, or the reasons')
          .fill(`We will act on what people said about ${theme.toLowerCase()}.`)
        await form.getByRole('button', { name: 'Save consideration' }).click()
        assert.match(await text(page.locator('.heard-flash')), /Consideration saved/)
      }
      for (let i = 0; i < 2; i++)
        await page
          .getByRole('button', { name: /^Sign off / })
          .first()
          .click()
      assert.equal(await page.getByRole('button', { name: /^Sign off / }).count(), 0)

      await page.getByRole('button', { name: 'Start the business case' }).click()
      await page.getByLabel('Introduction').fill('How the feedback shaped each proposal.')
      await page.getByRole('button', { name: 'Save introduction' }).click()
      await page.getByRole('button', { name: 'Approve business case version 1' }).click()
      assert.match(await text(page.locator('.heard-flash')), /Business case version 1 approved/)
      await assertAccessible(page, 'the staff decision page')
      await screenshot(page, 'decisions-staff')

      await page.getByRole('button', { name: 'Record the decision' }).click()
      await page.getByLabel('Decision-making body').fill('Joint Governing Body')
      const now = new Date()
      await page
        .getByLabel('Date of the meeting (if not recorded in Heard)')
        .fill(`${now.getUTCDate()}/${now.getUTCMonth() + 1}/${now.getUTCFullYear()}`)
      await page.getByLabel('Yes, in public').check()
      const groups = page.getByRole('group', { name: /^Proposal \d+:/ })
      for (let i = 0; i < (await groups.count()); i++)
        await groups
          .nth(i)
          .getByLabel(i === 1 ? 'Approved with changes' : 'Approved', { exact: true })
          .check()
      await page.getByRole('button', { name: 'Record the decision' }).click()
      assert.match(await text(page.locator('.heard-flash')), /Decision recorded/)

      await page.getByText('Add an action').click()
      await page.getByLabel('Action', { exact: true }).fill('Open a pilot crisis café in the evenings')
      await page.getByLabel('Owner').fill('Pilot lead')
      await page.getByLabel('Due date').fill('30/4/2099')
      await page
        .getByRole('group', { name: 'Themes it answers' })
        .getByLabel('Doubts about crisis cafés')
        .check()
      await page.getByRole('button', { name: 'Add action' }).click()
      assert.match(await text(page.locator('.heard-flash')), /Action added/)
    }),
  )

  test(
    'the public page shows the chain from a theme to its action, without JavaScript, and passes axe',
    testLimit,
    () =>
      b.withPage(
        async (page) => {
          await page.goto(`${b.baseUrl}/consultations/${referenceSlug}`)
          await page.getByRole('link', { name: 'You said, we did' }).click()
          const card = page.locator('section', { hasText: 'You said: Doubts about crisis cafés' })
          assert.match(
            await text(card),
            /We will do something about it\..*crisis cafés.*Approved with changes.*Open a pilot crisis café in the evenings: Planned/s,
          )
          await assertAccessible(page, 'you said, we did')
          await screenshot(page, 'decisions-public')
          await page.getByRole('link', { name: 'Easy Read' }).click()
          assert.match(await text(page.locator('main')), /We will do something to help with this\./)
          await assertAccessible(page, 'you said, we did (Easy Read)')
          await page.goto(`${b.baseUrl}/consultations/${referenceSlug}/progress`)
          await assertAccessible(page, 'progress')
        },
        { javaScriptEnabled: false },
      ),
  )

  test(
    'a translation added from the decision page shows in Polish, the rest marked, and passes axe',
    testLimit,
    () =>
      b.withPage(async (page) => {
        await b.signIn(page, manager)
        const id = (await b.services.consultations.getBySlug(referenceSlug)).id
        await page.goto(`${b.baseUrl}/admin/consultations/${id}/decisions`)
        await page.getByRole('link', { name: 'Translate the public page' }).click()
        await page.getByLabel('Start another language').fill('pl')
        await page.getByRole('button', { name: 'Start' }).click()
        await page
          .getByLabel(/We will act on what people said about doubts about crisis cafés\./)
          .fill('Zajmiemy się tym, co ludzie powiedzieli o kawiarniach kryzysowych.')
        await assertAccessible(page, 'the staff translation page')
        await page.getByRole('button', { name: 'Save translations' }).click()
        assert.match(await text(page.locator('.heard-flash')), /Translations saved: 1 written/)
      }),
  )

  test('the page in Polish works without JavaScript and passes axe', testLimit, () =>
    b.withPage(
      async (page) => {
        await page.goto(`${b.baseUrl}/consultations/${referenceSlug}/you-said-we-did`)
        await page.getByRole('link', { name: 'Polski' }).click()
        const card = page.locator('section', { hasText: 'You said: Doubts about crisis cafés' })
        assert.equal(
          await card.locator('[lang="pl"]').first().textContent(),
          'Zajmiemy się tym, co ludzie powiedzieli o kawiarniach kryzysowych.',
        )
        assert.match(await text(card), /Open a pilot crisis café in the evenings Not yet translated/)
        await assertAccessible(page, 'you said, we did in Polish')
        await screenshot(page, 'decisions-public-polish')
      },
      { javaScriptEnabled: false },
    ),
  )

  async function proposalId(position: number) {
    const id = (await b.services.consultations.getBySlug(referenceSlug)).id
    const { proposals } = await b.services.decisions.overview(id)
    return proposals.find((p) => p.position === position)?.id ?? ''
  }
})
