import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../demo/reference-consultation.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// A governance officer, starting at /admin, records a scrutiny meeting in Chromium: a committee, a
// meeting with an urgent item whose paper came after the agenda, a question linked to the live
// answer, a resolution with its action, and a later meeting that closes it. The public committee
// page is then read with JavaScript off and checked with axe.

const officer = staffAccount('Governance Officer')
// Each step has its own limit (src/testing/browser.ts); these make the file fail, never hang, if
// something waits on nothing (such as a promise that can never settle in the page).
const hookLimit = { timeout: 180_000 }
const testLimit = { timeout: 300_000 }
const dayMs = 24 * 60 * 60 * 1000
const ukDay = (offset: number) => {
  const d = new Date(Date.now() + offset * dayMs)
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`
}

describe('meetings and scrutiny in Chromium', () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp(
      async (services) => {
        await services.users.createUser({ ...officer, roles: ['governance_officer'] })
        await services.demo.loadReferenceCase({ responses: 40, seed: 1 })
      },
      { jobs: { send: async () => true } },
    )
  }, hookLimit)
  after(() => b?.close(), hookLimit)

  test(
    'a meeting with a late item, a question with its live answer, and an action closed at a later meeting',
    testLimit,
    () =>
      b.withPage(async (page) => {
        await b.signIn(page, officer)
        await page.goto(`${b.baseUrl}/admin`)
        await page.getByRole('link', { name: 'Meetings and scrutiny' }).click()
        await page.getByRole('button', { name: 'Add a committee' }).click()
        await page.getByLabel('Name').fill('Adult Social Care Scrutiny Commission')
        await page.getByLabel('Council scrutiny commission').check()
        await page.getByLabel('Standard notice period, in days').fill('5')
        await page.getByLabel('Email for reminders').fill('clerk@example.org')
        await page.getByRole('button', { name: 'Add committee' }).click()
        assert.match(await text(page.locator('h1')), /Adult Social Care Scrutiny Commission/)

        const addMeeting = async (offset: number) => {
          await page.getByRole('button', { name: 'Add a meeting' }).click()
          await page.getByLabel('Date').fill(ukDay(offset))
          await page.getByLabel('Start time').fill('17:30')
          await page.getByLabel('Place').fill('City Hall')
          await page.getByLabel('Public session').check()
          await page.getByRole('button', { name: 'Add meeting' }).click()
          await page.waitForURL(/\/admin\/governance\/meetings\//)
          return page.url()
        }
        const firstMeeting = await addMeeting(-10)
        await page.getByRole('link', { name: 'Add an agenda item' }).click()
        await page.getByLabel('Title').fill('Mental Health Recovery Hubs: outcome of engagement')
        await page
          .getByLabel('Consultation it takes up')
          .selectOption({ label: 'Step up to Great Mental Health' })
        await page.getByLabel('Urgent item').check()
        await page.getByRole('button', { name: 'Add item' }).click()
        await assertAccessible(page, 'an agenda item with errors')
        assert.match(
          await text(page.locator('.nhsuk-error-summary')),
          /Enter the rule the late or urgent item relied on/,
        )
        await page
          .getByLabel('Rule relied on (if late or urgent)')
          .fill('Scrutiny Procedure Rule Part 4E(14)')
        await page
          .getByLabel('Reason it was accepted (if late or urgent)')
          .fill('The commissioners needed time to take in the findings; views wanted before procurement')
        await page.getByLabel('Accepted by (if late or urgent)').fill('The Chair')
        await page.getByRole('button', { name: 'Add item' }).click()
        await page.waitForURL(/\/admin\/governance\/items\//)
        const itemUrl = page.url()

        await page.getByLabel('Kind of paper').selectOption('report')
        await page.getByLabel('Title', { exact: true }).fill('Outcome of engagement')
        await page.getByLabel('Or its web address').fill('https://example.org/outcome.pdf')
        await page.getByLabel('Date published').fill(ukDay(-9))
        await page.getByRole('button', { name: 'Add paper' }).click()
        assert.match(
          await text(page.getByTestId('paper')),
          /Published after the meeting: late, the standard notice is 5 days/,
        )
        assert.match(
          await text(page.getByTestId('late-item')),
          /Accepted by The Chair under Scrutiny Procedure Rule Part 4E\(14\)/,
        )

        await page.getByLabel('Asked by').fill('The Chair')
        await page
          .getByLabel('Question', { exact: true })
          .fill(
            'What percentage of those engaged were service users, family members and potential future users?',
          )
        await page.getByLabel('Answer given (optional)').fill('Answered from the data.')
        await page.locator('input[name="liveAnswer"]').check()
        await page.getByRole('button', { name: 'Record question' }).click()
        await page.getByRole('link', { name: /Live answer from the data/ }).click()
        await page.waitForURL(/\/participation\/scrutiny$/)
        await page.goto(itemUrl)

        await page.goto(firstMeeting)
        await page.getByRole('button', { name: 'Mark as held' }).click()
        assert.equal(await text(page.getByTestId('meeting-status')), 'Held')
        await screenshot(page, 'governance-meeting')
        await page.goto(itemUrl)
        await page
          .getByLabel('What the committee resolved')
          .fill('To note the outcome, and to have a progress report brought back')
        await page.getByLabel('Action', { exact: true }).fill('Bring a progress report within three months')
        await page.getByLabel('Owner').fill('Commissioners')
        await page.getByLabel('Due date').fill(ukDay(-20))
        await page.getByRole('button', { name: 'Record resolution' }).click()
        assert.match(await text(page.locator('.nhsuk-error-summary')), /on or after the day of the meeting/)
        await page.getByLabel('Due date').fill(ukDay(80))
        await page.getByRole('button', { name: 'Record resolution' }).click()
        assert.match(
          await text(page.getByTestId('action')),
          /Bring a progress report within three months.*Open/s,
        )
        await assertAccessible(page, 'an agenda item')
        await screenshot(page, 'governance-item')

        // Back to the committee through the item's breadcrumbs (committee, then meeting).
        const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' })
        assert.match(await text(crumbs), /Adult Social Care Scrutiny Commission/)
        await crumbs.getByRole('link', { name: 'Adult Social Care Scrutiny Commission' }).click()
        await addMeeting(70)
        await page.getByRole('link', { name: 'Add an agenda item' }).click()
        await page.getByLabel('Title').fill('Recovery Hubs: progress report')
        await page.getByRole('button', { name: 'Add item' }).click()
        await page.locator('input[name="actionId"]').first().check()
        await page.getByRole('button', { name: 'Close action' }).click()
        assert.match(await text(page.locator('.heard-flash')), /The action has been closed by this item/)
        assert.match(await text(page.getByTestId('action')), /Closed/)
      }),
  )

  test(
    'the public committee page, without JavaScript, lists the closed action and passes axe',
    testLimit,
    () =>
      b.withPage(
        async (page) => {
          await page.goto(`${b.baseUrl}/`)
          await page.getByRole('link', { name: 'Committees and meetings' }).first().click()
          await page.getByRole('link', { name: 'Adult Social Care Scrutiny Commission' }).click()
          assert.match(await text(page.locator('h1')), /Adult Social Care Scrutiny Commission/)
          assert.match(
            await text(page.getByTestId('action')),
            /Bring a progress report within three months.*Closed/s,
          )
          await assertAccessible(page, 'the public committee page')
          await screenshot(page, 'governance-public-committee')
          await page
            .getByRole('link', { name: /^\d+ \w+ \d{4}/ })
            .last()
            .click()
          assert.match(await page.content(), /Scrutiny Procedure Rule Part 4E\(14\)/)
          await assertAccessible(page, 'a public meeting page')
          await screenshot(page, 'governance-public-meeting')
          await page.goto(`${b.baseUrl}/consultations/${referenceSlug}`)
          assert.match(
            await text(page.getByTestId('consultation-meetings')),
            /Adult Social Care Scrutiny Commission/,
          )
        },
        { javaScriptEnabled: false },
      ),
  )
})
