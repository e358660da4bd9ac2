import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../demo/reference-consultation.js'
import type { SentJob } from '../../testing/app.js'
import {
  assertAccessible,
  type BrowserApp,
  screenshot,
  staffAccount,
  startBrowserApp,
  text,
} from '../../testing/browser.js'

// A consultation manager follows links from /admin to the audit log, a response's provenance, the
// consultation's history and its evidence pack, each page checked with axe.

const manager = staffAccount('Evidence Manager')

describe('the audit log and the evidence pack in Chromium', () => {
  let b: BrowserApp
  let consultationId: string
  const sent: SentJob[] = []

  before(async () => {
    b = await startBrowserApp(
      async (services) => {
        await services.users.createUser({ ...manager, roles: ['consultation_manager'] })
        await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
        await services.demo.loadReferenceCase({ responses: 120, seed: 1 })
        consultationId = (await services.consultations.getBySlug(referenceSlug)).id
      },
      {
        jobs: {
          send: async (name, data) => {
            sent.push({ name, data })
            return true
          },
        },
      },
    )
  })
  after(() => b?.close())

  test('from /admin to the audit log, a response, the history and a downloaded evidence pack', () =>
    b.withPage(async (page) => {
      await b.signIn(page, manager)
      await page.getByRole('link', { name: 'Audit log' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/audit`)
      await page.getByLabel('Consultation').selectOption(consultationId)
      await page.getByRole('button', { name: 'Apply filters' }).click()
      await page.waitForURL(/consultation=/)
      assert.ok((await page.getByTestId('audit-entry').count()) > 0)
      await assertAccessible(page, 'audit log')
      await screenshot(page, 'audit-log')

      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}/responses?channel=paper`)
      await page.locator('a.heard-reference').first().click()
      await page.waitForURL(/\/admin\/responses\//)
      assert.match(await text(page.getByTestId('provenance')), /Channel\s*Paper/)
      await assertAccessible(page, 'response with provenance')
      await screenshot(page, 'response-provenance')

      await page.goto(`${b.baseUrl}/admin/consultations/${consultationId}`)
      assert.match(await text(page.getByTestId('open-period').first()), /^Open for 12 weeks, from /)
      await assertAccessible(page, 'consultation with history')
      await screenshot(page, 'consultation-history')

      await page.getByRole('link', { name: 'Evidence pack' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/consultations/${consultationId}/evidence`)
      await page.getByRole('button', { name: 'Build the evidence pack' }).click()
      await page.waitForURL(`${b.baseUrl}/admin/consultations/${consultationId}/evidence`)
      assert.match(await text(page.getByTestId('pack').first()), /Waiting to start/)
      const job = sent.shift()
      assert.equal(job?.name, 'evidence.build-pack')
      await b.services.evidencePacks.runPackJob(String(job?.data.packId))
      await page.reload()
      assert.match(await text(page.getByTestId('pack').first()), /Ready/)
      await assertAccessible(page, 'evidence pack')
      await screenshot(page, 'evidence-pack')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Download the zip/ }).click(),
      ])
      assert.match(
        download.suggestedFilename(),
        /^evidence-pack-step-up-to-great-mental-health-\d{4}-\d{2}-\d{2}\.zip$/,
      )
    }))
})
