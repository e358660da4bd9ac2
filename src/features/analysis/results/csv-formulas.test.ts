import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { createStaff, createTestApp, onePerRole, type TestApp } from '../../../testing/app.js'

const formula = '=HYPERLINK("http://evil.example","Click")'

describe('results CSV downloads and formulas', () => {
  let t: TestApp
  let resultsUrl: string

  before(async () => {
    t = await createTestApp()
    const id = await t.services.consultations.createPublished(
      {
        slug: 'formulas',
        title: 'Formulas',
        summary: 'Labels that look like formulas.',
        status: 'open',
        opensAt: new Date(Date.now() - 86_400_000),
        closesAt: new Date(Date.now() + 86_400_000),
        proposals: [],
        questionnaire: {
          sections: [
            {
              key: 's',
              title: 'Section',
              questions: [
                {
                  key: 'mode',
                  type: 'single_choice',
                  title: formula,
                  options: [
                    { value: 'a', label: '+SUM(1,2)' },
                    { value: 'b', label: '@cmd' },
                  ],
                },
              ],
            },
          ],
        },
      },
      systemActor,
    )
    resultsUrl = `/admin/consultations/${id}/results`
  })
  after(() => t.close())

  test('question and option labels that start like a formula are written as text', async () => {
    const staff = await createStaff(t, onePerRole(['analyst']))
    const csv = await (await staff.as('analyst')).get(`${resultsUrl}/mode/download/csv`)
    assert.equal(csv.statusCode, 200)
    assert.match(csv.body, /HYPERLINK/)
    const cells = csv.body.split(/[\n,]/).map((cell) => cell.replace(/^"/, ''))
    for (const cell of cells) assert.doesNotMatch(cell, /^[=+@\t\r]/, cell)
    assert.match(csv.body, /'=HYPERLINK/)
    assert.match(csv.body, /'\+SUM/)
  })
})
