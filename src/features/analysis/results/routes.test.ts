import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import type { Role } from '../../../platform/db/schema.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../../testing/app.js'

describe('results pages', () => {
  let t: TestApp
  let resultsUrl: string
  let staff: TestStaff<Role>
  const allowed: Role[] = [
    'administrator',
    'consultation_manager',
    'analyst',
    'governance_officer',
    'observer',
  ]
  const refused: Role[] = ['partner_collector', 'data_entry']

  before(async () => {
    t = await createTestApp({ referenceResponses: 300 })
    staff = await createStaff(t, onePerRole([...allowed, ...refused]))
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    resultsUrl = `/admin/consultations/${consultation.id}/results`
  })
  after(() => t.close())

  const signedIn = (role: Role) => staff.as(role)

  test('every role that may see results sees them, proposal by proposal, with charts and footnotes', async () => {
    for (const role of allowed) {
      const page = await (await signedIn(role)).get(resultsUrl)
      assert.equal(page.statusCode, 200, role)
    }
    const page = await (await signedIn('observer')).get(resultsUrl)
    assert.match(page.body, /Proposal 1: /)
    assert.match(page.body, /<svg [^>]*role="img"/)
    assert.match(page.body, /data-testid="results-table-p1_agreement"/)
    assert.match(
      page.body,
      /Excluded responses are left out\. Late responses \(arriving after the close\) are left out unless a manager admitted them\./,
    )
    assert.match(page.body, /Campaign responses \(0 found\) are counted\./)
    assert.match(page.body, /Net agreement/)
  })

  test('partner collectors and data entry staff are refused, and nobody signed in is sent to sign in', async () => {
    for (const role of refused) {
      const browser = await signedIn(role)
      assert.equal((await browser.get(resultsUrl)).statusCode, 403, role)
      assert.equal((await browser.get(`${resultsUrl}/p1_agreement/download/csv`)).statusCode, 403, role)
    }
    const anonymous = await t.app.inject({ method: 'GET', url: resultsUrl })
    assert.equal(anonymous.statusCode, 303)
  })

  test('a question by a breakdown shows the groups and the test', async () => {
    const page = await (await signedIn('analyst')).get(`${resultsUrl}/p1_agreement?breakdown=relationship`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /data-testid="breakdown">Which of these best describes you\?/)
    assert.match(page.body, /I am a family member or carer/)
    assert.match(page.body, /data-testid="test-result">(Chi-square|Fisher|No test)/)
  })

  test('weighted figures sit beside the unweighted ones, with how they were made', async () => {
    const browser = await signedIn('analyst')
    const page = await browser.get(
      `${resultsUrl}/p1_agreement?breakdown=campaign&weighted=yes&campaigns=exclude`,
    )
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /weighted \d+\.\d%/)
    assert.match(page.body, /data-testid="weighting"/)
    assert.match(page.body, /Weighted by: age_band, sex, area/)
    assert.match(page.body, /Census 2021/)
    assert.match(page.body, /Campaign responses \(0 found\) are left out\./)
    assert.match(page.body, /id="campaigns"[^>]*checked/)
    const csv = await browser.get(`${resultsUrl}/p1_agreement/download/csv?weighted=yes`)
    assert.equal(csv.statusCode, 200)
    assert.match(csv.body, /weighted % \(to the population\)/)
  })

  test('unknown questions, breakdowns and formats are not found, not errors', async () => {
    const browser = await signedIn('analyst')
    assert.equal((await browser.get(`${resultsUrl}/no_such_question`)).statusCode, 404)
    assert.equal((await browser.get(`${resultsUrl}/p1_agreement?breakdown=p1_comments`)).statusCode, 404)
    assert.equal((await browser.get(`${resultsUrl}/p1_agreement?breakdown=DROP%20TABLE`)).statusCode, 404)
    assert.equal((await browser.get(`${resultsUrl}/p1_agreement/download/pdf`)).statusCode, 404)
    assert.equal((await browser.get('/admin/consultations/not-a-uuid/results')).statusCode, 404)
    assert.equal((await browser.get(`${resultsUrl}/Not%20a%20key`)).statusCode, 404)
    const download = '/admin/consultations/not-a-uuid/results/p1_agreement/download/csv'
    assert.equal((await browser.get(download)).statusCode, 404)
  })

  test('CSV and XLSX downloads hold the same suppressed table as the page', async () => {
    const browser = await signedIn('analyst')
    const csv = await browser.get(`${resultsUrl}/ethnicity/download/csv?breakdown=area`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /ethnicity-by-area\.csv/)
    // With 300 responses, many ethnic groups by area are small: they show as [c], never a number below 5.
    assert.match(csv.body, /\[c\]/)
    const xlsx = await browser.get(`${resultsUrl}/ethnicity/download/xlsx?breakdown=area`)
    assert.equal(xlsx.statusCode, 200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    const values: string[] = []
    sheet?.eachRow((row) => {
      row.eachCell((cell) => {
        values.push(String(cell.value))
      })
    })
    assert.ok(values.includes('[c]'))
    const smallShown = values.filter((v) => /^[1-4]$/.test(v))
    assert.deepEqual(smallShown, [], 'no count from 1 to 4 is shown')
  })
})
