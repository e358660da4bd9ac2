import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { roles } from '../../platform/auth/roles.js'
import type { Role } from '../../platform/db/schema.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../testing/app.js'

describe('report pages', () => {
  let t: TestApp
  let staff: TestStaff<Role>
  let base: string

  before(async () => {
    t = await createTestApp({ referenceResponses: 150 })
    staff = await createStaff(t, onePerRole([...roles]))
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    base = `/admin/consultations/${consultation.id}/report`
  })
  after(() => t.close())

  test('data entry and partner staff are refused; nothing is public before approval', async () => {
    for (const role of ['data_entry', 'partner_collector'] as const)
      assert.equal((await (await staff.as(role)).get(base)).statusCode, 403, role)
    assert.equal((await t.app.inject({ url: `/consultations/${referenceSlug}/report/full` })).statusCode, 404)
    const publicPage = await t.app.inject({ url: `/consultations/${referenceSlug}` })
    assert.doesNotMatch(publicPage.body, /Read the Report of Findings/)
  })

  test('an analyst writes the draft; a manager is refused approval with each reason, then approves', async () => {
    const analyst = await staff.as('analyst')
    assert.equal((await analyst.postFrom(base, `${base}/drafts`, {})).statusCode, 303)
    const page = await analyst.get(base)
    assert.match(page.body, /Executive summary/)
    assert.doesNotMatch(page.body, /Approve and publish/)

    const empty = await analyst.postFrom(`${base}/sections/0`, `${base}/sections/0`, {
      heading: '',
      text: 'x',
    })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Enter a heading/)

    const manager = await staff.as('consultation_manager')
    const refused = await manager.postFrom(base, `${base}/approve`, {})
    assert.equal(refused.statusCode, 422)
    assert.match(refused.body, /Gather the figures before approving the report/)
    assert.match(refused.body, /The section “Executive summary” still holds placeholder text/)

    const easyRead = await analyst.get(`${base}/sections/7`)
    assert.match(easyRead.body, /data-testid="readability-score"/)
    const { draft } = await t.services.reports.overview(
      (await t.services.consultations.getBySlug(referenceSlug)).id,
    )
    const sections = (draft?.sections ?? []) as { heading: string }[]
    for (const [i, s] of sections.entries())
      await analyst.postFrom(`${base}/sections/${i}`, `${base}/sections/${i}`, {
        heading: s.heading,
        text: 'People told us what they think.',
        included: 'yes',
      })
    assert.equal((await analyst.postFrom(base, `${base}/evidence`, {})).statusCode, 303)
    assert.match((await analyst.get(base)).body, /Gathering the figures: waiting to start\./)
    assert.equal(await t.runJobs(), 1)
    assert.doesNotMatch((await analyst.get(base)).body, /data-testid="gathering"/)
    const approved = await manager.postFrom(base, `${base}/approve`, {})
    assert.equal(approved.statusCode, 303)
    const after = await manager.get(base)
    assert.match(after.body, /First version/)
    const download = await (await staff.as('observer')).get(`${base}/download/full/pdf`)
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'application/pdf')
  })

  test('the public reads the approved Full, Summary and Easy Read editions, each figure linking to its staff view', async () => {
    const consultationPage = await t.app.inject({ url: `/consultations/${referenceSlug}` })
    assert.match(
      consultationPage.body,
      /href="\/consultations\/[^"]+\/report\/full">Read the Report of Findings/,
    )
    const full = await t.app.inject({ url: `/consultations/${referenceSlug}/report/full` })
    assert.equal(full.statusCode, 200)
    assert.match(full.body, /<svg [^>]*role="img"/)
    assert.match(full.body, /<a href="\/admin\/consultations\/[^"]+\/results\/[a-z0-9_]+" data-figure>/)
    for (const edition of ['summary', 'easy-read'])
      assert.equal(
        (await t.app.inject({ url: `/consultations/${referenceSlug}/report/${edition}` })).statusCode,
        200,
      )
    const docx = await t.app.inject({ url: `/consultations/${referenceSlug}/report/summary/docx` })
    assert.equal(docx.statusCode, 200)
    assert.equal(
      (await t.app.inject({ url: `/consultations/${referenceSlug}/report/full/exe` })).statusCode,
      404,
    )
  })
})
