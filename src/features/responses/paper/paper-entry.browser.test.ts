import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { londonWallClock } from '../../../platform/time/london.js'
import {
  assertAccessible,
  type BrowserApp,
  type StaffAccount,
  screenshot,
  staffAccount,
  startBrowserApp,
} from '../../../testing/browser.js'

// Two data-entry staff key the same paper blind, with one answer different; a supervisor
// resolves it and it becomes one response, late because it came after the postal deadline, which
// the supervisor then admits. Each page is checked with axe.

const day = 86_400_000
const keyers = [staffAccount('Kay One'), staffAccount('Kay Two')] as const
const supervisor = staffAccount('Sam Supervisor')

describe('double entry of a paper questionnaire in Chromium', () => {
  let t: BrowserApp
  let consultationId: string

  before(async () => {
    t = await startBrowserApp(async (services) => {
      const now = Date.now()
      consultationId = await services.consultations.createPublished(
        {
          slug: 'paper-browser',
          title: 'Crisis cafés by post',
          summary: 'Paper returns.',
          status: 'closed',
          opensAt: new Date(now - 30 * day),
          closesAt: new Date(now - 10 * day),
          postalDeadlineAt: new Date(now - 5 * day),
          proposals: [],
          questionnaire: {
            sections: [
              {
                key: 's',
                title: 'Your views',
                questions: [
                  {
                    key: 'agree',
                    type: 'agreement',
                    title: 'How far do you agree with opening the cafés later?',
                    required: true,
                  },
                  { key: 'rate', type: 'rating', title: 'How would you rate the cafés now?', max: 5 },
                  { key: 'why', type: 'free_text', title: 'Tell us why', maxLength: 500 },
                ],
              },
            ],
          },
        },
        systemActor,
      )
      for (const keyer of keyers) await services.users.createUser({ ...keyer, roles: ['data_entry'] })
      await services.users.createUser({ ...supervisor, roles: ['consultation_manager'] })
      await services.paper.setDoubleEntry(consultationId, true, systemActor)
    })
  })
  after(() => t?.close())

  const asPerson = (who: StaffAccount, work: (page: Page) => Promise<void>) =>
    t.withPage(async (page) => {
      await t.signIn(page, who)
      await work(page)
    })

  const keyPaper = (rating: string, check?: (page: Page) => Promise<void>) => async (page: Page) => {
    // A keyer's link to the consultation opens the paper form: their work in it.
    await page.getByRole('link', { name: 'Crisis cafés by post', exact: true }).click()
    await page.waitForURL(/\/paper\/new$/)
    await check?.(page)
    const [year, month, dayOfMonth] = londonWallClock(new Date()).date.split('-')
    // Keyboard first: the reference box has the focus, and each field follows with Tab. The page
    // gives it the focus as it loads, which can be a moment after the address changes.
    await page.locator('#paper_reference:focus').waitFor()
    await page.keyboard.type('4821')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Freepost 7')
    await page.getByLabel('Day').fill(String(Number(dayOfMonth)))
    await page.getByLabel('Month').fill(String(Number(month)))
    await page.getByLabel('Year').fill(year ?? '')
    await page.getByLabel('Agree', { exact: true }).check()
    await page
      .getByRole('group', { name: /rate the cafés/ })
      .getByLabel(rating, { exact: true })
      .check()
    await page.getByLabel(/Tell us why/).fill('Evenings are when I need it most.')
    await page.getByRole('button', { name: 'Save and key the next paper' }).click()
    await page.waitForURL(/\/paper\/new\?/)
  }

  test('keyed twice with one mismatch, resolved by a supervisor, it is one late response', async () => {
    await asPerson(
      keyers[0],
      keyPaper('4', async (page) => {
        await assertAccessible(page, 'paper entry')
        await screenshot(page, 'paper-entry')
        assert.equal(await page.locator(':focus').getAttribute('id'), 'paper_reference')
      }),
    )
    await asPerson(keyers[1], async (page) => {
      await keyPaper('5')(page)
      assert.match(await page.locator('.heard-flash').innerText(), /Paper 4821 differs from the first keying/)
      await assertAccessible(page, 'paper entry after a keying')
    })
    const responses = () =>
      t.database.db.selectFrom('responses').select(['id', 'answers', 'late', 'channel']).execute()
    assert.equal((await responses()).length, 0, 'nothing is a response until reconciled')

    await asPerson(supervisor, async (page) => {
      await page.getByRole('link', { name: 'Crisis cafés by post', exact: true }).click()
      await page.getByTestId('workspace-navigation').getByRole('link', { name: 'Paper', exact: true }).click()
      await page.getByRole('link', { name: 'Resolve paper 4821' }).click()
      await page.waitForURL(/\/admin\/paper\//)
      assert.equal(await page.getByTestId('difference-count').innerText(), '1')
      await assertAccessible(page, 'paper mismatch')
      await page.getByLabel('Second keying: 5').check()
      await screenshot(page, 'paper-mismatch')
      await page.getByRole('button', { name: 'Save and make the response' }).click()
      await page.waitForURL(/\/paper$/)
      assert.match(
        await page.locator('.heard-flash').innerText(),
        /Paper 4821 is saved as a response.*marked late/s,
      )

      await page.getByRole('link', { name: 'Decide on late returns' }).click()
      assert.equal(await page.getByTestId('late-undecided').innerText(), '1')
      await assertAccessible(page, 'late returns')
      await page.getByRole('link', { name: /Admit or refuse/ }).click()
      await page.getByLabel('Admit it: count it in the analysis').check()
      await page.getByLabel('Reason').fill('Postmarked two days before the deadline.')
      await assertAccessible(page, 'late decision')
      await page.getByRole('button', { name: 'Record the decision' }).click()
      await page.waitForURL(/\/late-returns$/)
      assert.equal(await page.getByTestId('late-admitted').innerText(), '1')
      await screenshot(page, 'paper-late-returns')

      await page.goto(`${t.baseUrl}/admin/consultations/${consultationId}/paper/accuracy`)
      await assertAccessible(page, 'keying accuracy')
    })

    const [response, ...others] = await responses()
    assert.equal(others.length, 0, 'the paper is one response')
    assert.equal(response?.channel, 'paper')
    assert.equal(response?.late, true)
    assert.deepEqual(response?.answers, { agree: 'agree', rate: 5, why: 'Evenings are when I need it most.' })
  })
})
