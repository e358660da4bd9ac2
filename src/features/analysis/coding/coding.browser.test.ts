import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import type { Services } from '../../../app/services.js'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../../testing/browser.js'
import type { TestDatabase } from '../../../testing/databases.js'

// An analyst codes with the model's help in a real browser: the workspace list, a comment whose
// suggestion they accept, the model's quality, code-next and theme discovery, each checked with axe.

const analyst = staffAccount('Browser Analyst')

/** Codes the first comments of the reference case by question, then trains a model and runs discovery. */
async function prepare(services: Services, database: TestDatabase): Promise<string> {
  await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
  await services.demo.loadReferenceCase({ responses: 120, seed: 1 })
  const userId = await services.users.createUser({ ...analyst, roles: ['analyst'] })
  const actor = { userId, label: analyst.email }
  const consultationId = (await services.consultations.getBySlug(referenceSlug)).id
  const themes: Record<string, string> = {}
  for (const [code, label] of [
    ['first', 'About the first proposal'],
    ['second', 'About the second proposal'],
    ['other', 'Other comments'],
  ] as const)
    themes[code] = await services.coding.addTheme(
      consultationId,
      { code, label, description: '', examples: [], parentId: null, questionKey: null },
      actor,
    )
  const responses = await database.db
    .selectFrom('responses')
    .select(['id', 'answers'])
    .where('consultation_id', '=', consultationId)
    .orderBy('reference')
    .execute()
  const comments = responses
    .flatMap((r) =>
      Object.entries(r.answers)
        .filter(([key, v]) => /^(p\d+|overall)_comments$/.test(key) && typeof v === 'string' && v.trim())
        .map(([key]) => ({ responseId: r.id, questionKey: key })),
    )
    .slice(0, 60)
  for (const c of comments) {
    const code = c.questionKey.startsWith('p1')
      ? 'first'
      : c.questionKey.startsWith('p2')
        ? 'second'
        : 'other'
    await services.coding.saveCoding(
      consultationId,
      c.responseId,
      c.questionKey,
      {
        themeIds: [themes[code] ?? ''],
        sentiment: null,
        quoteWorthy: false,
        personalData: false,
        safeguarding: false,
      },
      actor,
    )
  }
  await services.autoCoding.requestRun(consultationId, 'train', actor)
  await services.autoCoding.requestRun(consultationId, 'discover', actor)
  await services.autoCoding.runQueued()
  return consultationId
}

describe('coding with auto-coding in Chromium', () => {
  let b: BrowserApp
  let consultationId: string

  before(async () => {
    b = await startBrowserApp(async (services, database) => {
      consultationId = await prepare(services, database)
    })
  })
  after(() => b?.close())

  const shot = (page: Page, name: string) => screenshot(page, `coding-${name}`)

  test('workspace, code next, accept a suggestion, model quality and discovery pass axe', () =>
    b.withPage(async (page) => {
      await b.signIn(page, analyst)
      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/coding`)
      assert.match(await text(page.getByTestId('progress')), /60 of \d+ comments coded/)
      await assertAccessible(page, 'coding workspace list')

      await page.getByRole('link', { name: 'Code these next' }).first().click()
      await page.waitForURL(/\/coding\/next$/)
      await assertAccessible(page, 'code these next')
      await page.getByTestId('next-comments').getByRole('link').first().click()
      await page.waitForURL(/\/coding\/comments\//)
      assert.match(await text(page.locator('main')), /Suggested themes/)
      await assertAccessible(page, 'comment with suggestions')
      await page.getByRole('button', { name: 'Accept' }).first().click()
      await page.waitForLoadState()
      assert.match(await text(page.locator('main')), /Suggestion accepted/)
      assert.match(
        await text(page.getByTestId('provenance')),
        /Model suggestion accepted by Browser Analyst, model heard-svm-ovr\/3 version 1 at \d+% confidence/,
      )
      await assertAccessible(page, 'comment with a suggestion accepted')
      await shot(page, 'comment-accepted')

      await page.getByRole('link', { name: 'Auto-coding model' }).click()
      await page.waitForURL(/\/coding\/model$/)
      assert.match(await text(page.getByTestId('overall-quality')), /Micro F1.*Macro F1.*Samples F1/s)
      assert.match(await text(page.getByTestId('theme-quality')), /first: About the first proposal/)
      await assertAccessible(page, 'model quality')
      await shot(page, 'model-quality')

      await page.getByRole('link', { name: 'Theme discovery' }).click()
      await page.waitForURL(/\/coding\/discovery$/)
      assert.ok((await page.getByTestId('candidate').count()) >= 2)
      await assertAccessible(page, 'theme discovery')
      await page.getByLabel('Code').first().fill('Bad code!')
      await page.getByRole('button', { name: 'Add as a theme' }).first().click()
      await page.waitForLoadState()
      assert.match(await text(page.locator('.nhsuk-error-summary')), /There is a problem/)
      await assertAccessible(page, 'theme discovery with an error')
      await page.getByLabel('Code').first().fill('discovered')
      await page.getByRole('button', { name: 'Add as a theme' }).first().click()
      await page.waitForURL(/\/codeframe$/)
      assert.match(await text(page.locator('main')), /Theme discovered added/)
      await shot(page, 'discovery-adopted')

      await page.getByRole('link', { name: 'Theme counts' }).click()
      await page.waitForURL(/\/coding\/theme-counts$/)
      await page.getByLabel('Break down by').selectOption({ label: 'Where do you live?' })
      await page.getByRole('button', { name: 'Show counts' }).click()
      await page.waitForURL(/by=area/)
      assert.equal(await text(page.getByTestId('breakdown')), 'Where do you live?')
      await assertAccessible(page, 'theme counts by area')
      await shot(page, 'theme-counts-by-area')
    }))
})
