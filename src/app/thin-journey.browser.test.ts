import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { openDemoConsultation } from '../demo/open-consultation.js'
import { referenceSlug } from '../demo/reference-consultation.js'
import { everyQuestionType, pagedQuestionnaire } from '../questionnaire/examples.js'
import { publishOpenConsultation } from '../testing/app.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../testing/browser.js'

// The thin journey in a real browser: a member of the public responds without JavaScript, and a
// member of staff signs in and finds that response. Every page is checked with axe, and the pages
// that load scripts are checked for Content Security Policy violations.

const consultationTitle = openDemoConsultation.title
const consultationPath = `/consultations/${openDemoConsultation.slug}`
const administrator = staffAccount('Browser Administrator')
const comment = 'The crisis cafés would have helped my brother last winter.'

/** Presses a button that sends a form and returns the status of the page that comes back. */
async function press(page: Page, name: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name, exact: true }).click(),
  ])
  await page.waitForLoadState()
  return response.status()
}

/** Sends a page of the form without answering and returns the status of the page that comes back. */
const sendEmpty = (page: Page) => press(page, 'Continue')

/** From the start page (privacy notice) to the first page of questions. */
async function startForm(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start now' }).click()
  await page.waitForURL(/\/respond\/questions\//)
}

describe('the thin journey in Chromium', () => {
  let b: BrowserApp
  let baseUrl: string

  before(async () => {
    b = await startBrowserApp(async (services) => {
      await services.demo.loadOpenConsultation({ responses: 3, seed: 1 })
      // Only for its closed form: no responses are needed.
      await services.demo.loadReferenceCase({ responses: 0, seed: 1 })
      await publishOpenConsultation(services, 'every-type', everyQuestionType)
      await publishOpenConsultation(services, 'paged', pagedQuestionnaire)
      await services.users.createUser({ ...administrator, roles: ['administrator'] })
    })
    baseUrl = b.baseUrl
  })
  after(() => b?.close())

  const signIn = (page: Page) => b.signIn(page, administrator)

  test('a member of the public responds without JavaScript and staff find the response', () =>
    b.withPage(
      async (page) => {
        await page.goto(`${baseUrl}/`)
        await screenshot(page, 'home')
        await page.getByRole('link', { name: consultationTitle, exact: true }).click()
        await page.waitForURL(`${baseUrl}${consultationPath}`)
        await assert.doesNotReject(page.getByRole('heading', { level: 1, name: consultationTitle }).waitFor())
        assert.equal(await page.locator('ol.nhsuk-list--number > li').count(), 3)

        await page.getByRole('button', { name: 'Respond online' }).click()
        await page.waitForURL(`${baseUrl}${consultationPath}/respond`)
        await startForm(page)
        assert.equal(await sendEmpty(page), 400)
        const summary = page.locator('.nhsuk-error-summary')
        assert.match(await text(summary), /There is a problem/)
        assert.match(await text(summary), /Select an answer/)
        assert.match(await page.title(), /^Error: /)
        await screenshot(page, 'form-with-errors')

        await page.getByLabel('Agree', { exact: true }).check()
        await page.getByRole('textbox', { name: /^Please tell us why/ }).fill(comment)
        await page.getByRole('button', { name: 'Continue', exact: true }).click()
        await page.waitForURL(/\/check-answers$/)
        assert.ok(
          (await text(page.locator('main'))).includes(comment),
          'check your answers shows the comment',
        )
        await page.getByRole('button', { name: 'Send response' }).click()
        await page.waitForURL(/\/receipts\//)
        const reference = await text(page.getByTestId('receipt-reference'))
        assert.match(reference, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
        await screenshot(page, 'receipt')

        await signIn(page)
        const row = page.getByRole('row').filter({ hasText: consultationTitle })
        assert.equal(await text(row.getByTestId('response-count')), '4')
        await page.getByRole('link', { name: consultationTitle, exact: true }).click()
        await page.waitForURL(/\/admin\/consultations\/[^/]+\/overview$/)
        await page
          .getByTestId('workspace-navigation')
          .getByRole('link', { name: 'Responses', exact: true })
          .click()
        await page.waitForURL(/\/admin\/consultations\/[^/]+\/responses$/)
        await page.getByRole('link', { name: reference, exact: true }).click()
        await page.waitForURL(/\/admin\/responses\//)
        assert.equal(await text(page.locator('h1')), `Response ${reference}`)
        const main = await text(page.locator('main'))
        assert.ok(main.includes(comment), `the comment is not on the response page:\n${main}`)
      },
      { javaScriptEnabled: false },
    ))

  test('every page on the journey passes axe for WCAG 2.2 AA', () =>
    b.withPage(async (page) => {
      await page.goto(`${baseUrl}/`)
      await assertAccessible(page, 'home')
      // nhsuk-frontend sets no font without its font faces, which would leave pages in serif.
      const font = await page.evaluate<string>('getComputedStyle(document.body).fontFamily')
      assert.match(font, /arial, sans-serif/i)
      await page.goto(`${baseUrl}${consultationPath}`)
      await assertAccessible(page, 'consultation')
      await page.goto(`${baseUrl}${consultationPath}/respond`)
      await assertAccessible(page, 'start and privacy notice')
      await startForm(page)
      await assertAccessible(page, 'page of questions')
      assert.equal(await sendEmpty(page), 400)
      await assertAccessible(page, 'page of questions with errors')
      await page.getByLabel('Disagree', { exact: true }).check()
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      await page.waitForURL(/\/check-answers$/)
      await assertAccessible(page, 'check your answers')
      await page.getByRole('button', { name: 'Send response' }).click()
      await page.waitForURL(/\/receipts\//)
      await assertAccessible(page, 'receipt')
      await page.goto(`${baseUrl}/consultations/${referenceSlug}/respond`)
      await assertAccessible(page, 'closed')

      await page.goto(`${baseUrl}/admin/sign-in`)
      await assertAccessible(page, 'sign-in')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForLoadState()
      await assertAccessible(page, 'sign-in with errors')
      await signIn(page)
      await assertAccessible(page, 'admin consultations')
      await page.getByRole('link', { name: consultationTitle, exact: true }).click()
      await page.waitForURL(/\/overview$/)
      await assertAccessible(page, 'consultation overview')
      await page
        .getByTestId('workspace-navigation')
        .getByRole('link', { name: 'Responses', exact: true })
        .click()
      await page.waitForURL(/\/responses$/)
      await assertAccessible(page, 'admin responses')
      await page.locator('a.heard-reference').first().click()
      await page.waitForURL(/\/admin\/responses\//)
      await assertAccessible(page, 'admin response')
      await page.goto(`${baseUrl}/admin/sign-out`)
      await assertAccessible(page, 'sign-out')
    }))

  test('a form with every question type passes axe, before and after errors', () =>
    b.withPage(async (page) => {
      await page.goto(`${baseUrl}/consultations/every-type/respond`)
      await startForm(page)
      await assertAccessible(page, 'every question type')
      await page.getByLabel(/How many appointments/).fill('lots')
      assert.equal(await sendEmpty(page), 400)
      await assertAccessible(page, 'every question type with errors')
      await screenshot(page, 'every-question-type')
    }))

  // Scripts stay on here because axe runs in the page; the test above walks the form without them.
  test('a form over several pages: routing, about you, save and return, each page passing axe', () =>
    b.withPage(async (page) => {
      const shot = (name: string) => screenshot(page, name)
      await page.goto(`${baseUrl}/consultations/paged/respond`)
      assert.match(await text(page.getByTestId('privacy-notice')), /two years/)
      await shot('paged-start')
      await startForm(page)
      await page.getByLabel('Walk', { exact: true }).check()
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      await page.waitForURL(/\/questions\/travel-2$/)
      assert.equal(await sendEmpty(page), 400)
      await assertAccessible(page, 'routed question with errors')
      await shot('paged-question-errors')
      await page.getByLabel('Why do you walk?').fill('It is close')
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      await page.waitForURL(/\/questions\/views$/)
      await page.getByLabel('Agree', { exact: true }).check()
      assert.equal(await press(page, 'Save and come back later'), 303)
      await page.waitForURL(/\/saved$/)
      const code = await text(page.getByTestId('resume-code'))
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
      await assertAccessible(page, 'saved')
      await shot('paged-saved')

      // Carry on in another browser with the code: the answers come back.
      await b.withPage(async (resumed) => {
        await resumed.goto(`${baseUrl}/consultations/paged/respond/resume`)
        await assertAccessible(resumed, 'resume')
        await resumed.getByLabel('Enter your resume code').fill(code.toLowerCase())
        await resumed.getByRole('button', { name: 'Continue', exact: true }).click()
        // The answers are kept, and the form carries on at the first page not yet answered (an
        // optional one here), not at the end.
        await resumed.waitForURL(/\/questions\/walking$/)
        assert.equal(await resumed.getByLabel('Which way do you walk?').inputValue(), '')
        await resumed.getByRole('button', { name: 'Continue', exact: true }).click()
        await resumed.waitForURL(/\/about$/)
        await assertAccessible(resumed, 'about your response')
        await resumed.getByLabel('For an organisation, group or business').check()
        await resumed
          .getByLabel('If you are responding for an organisation, what is it called?')
          .fill('Walkers Group')
        await resumed.getByRole('button', { name: 'Continue', exact: true }).click()
        await resumed.waitForURL(/\/check-answers$/)
        const main = await text(resumed.locator('main'))
        for (const shown of ['It is close', 'Agree', 'For Walkers Group'])
          assert.ok(main.includes(shown), shown)
        await assertAccessible(resumed, 'check your answers with sections')
        await screenshot(resumed, 'paged-check-answers')
        await resumed.getByRole('link', { name: /Change\s+How do you usually travel/ }).click()
        await resumed.waitForURL(/\/questions\/travel\?change=yes/)
        await resumed.getByLabel('Car', { exact: true }).check()
        await resumed.getByRole('button', { name: 'Continue', exact: true }).click()
        await resumed.waitForURL(/\/check-answers$/)
        assert.ok(
          !(await text(resumed.locator('main'))).includes('It is close'),
          'the routed-away answer is gone',
        )
        await resumed.getByRole('button', { name: 'Send response' }).click()
        await resumed.waitForURL(/\/receipts\//)
      })
    }))

  test('pages with scripts run them without Content Security Policy violations', () =>
    b.withPage(async (page) => {
      const problems: string[] = []
      page.on('console', (message) => {
        // A failed load is reported below with its address, and only when it is one of ours: the
        // NHS.UK fonts come from another host, which a machine without the internet cannot reach.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`console: ${message.text()}`)
      })
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      page.on('requestfailed', (request) => {
        if (request.url().startsWith(baseUrl)) problems.push(`failed: ${request.url()}`)
      })
      page.on('response', (response) => {
        if (response.url().startsWith(baseUrl) && response.status() >= 400)
          problems.push(`${response.status()}: ${response.url()}`)
      })
      for (const url of [`${baseUrl}/`, `${baseUrl}${consultationPath}/respond`]) {
        await page.goto(url, { waitUntil: 'networkidle' })
        // The template's inline script marks the body, and nhsuk-frontend marks each component it starts.
        assert.equal(
          await page.locator('body.js-enabled').count(),
          1,
          `the inline script did not run on ${url}`,
        )
        assert.equal(
          await page.locator('header[data-nhsuk-header-init]').count(),
          1,
          `nhsuk-frontend's JavaScript did not start on ${url}`,
        )
      }
      const csp = problems.filter((p) => /Content Security Policy/i.test(p))
      assert.deepEqual(csp, [], `Content Security Policy violations:\n${csp.join('\n')}`)
      assert.deepEqual(problems, [], `errors in the browser:\n${problems.join('\n')}`)
    }))
})
