import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { convertRow, planColumns } from './rows.js'

const definition = parseQuestionnaireDefinition({
  sections: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        {
          key: 'overall',
          type: 'single_choice',
          title: 'Do you agree?',
          required: true,
          options: [
            { value: 'agree', label: 'Agree' },
            { value: 'disagree', label: 'Disagree' },
          ],
        },
        { key: 'why', type: 'free_text', title: 'Why?' },
      ],
    },
  ],
})

const planned = planColumns(
  { row: 1, cells: ['Form', 'Do you agree?', 'Why?'] },
  { columns: { 'Do you agree?': 'overall', 'Why?': 'why' }, idColumn: 'Form' },
  definition,
)
assert.ok(planned.ok)
const { plan } = planned

// Spreadsheets save blank cells past the last heading when someone once typed there and cleared it.
test('a row with blank cells after the last heading is read as the row it is', () => {
  const result = convertRow(plan, { row: 2, cells: ['P-001', 'Agree', 'Buses', '', '  ', ''] })
  assert.equal(result.ok, true)
  assert.deepEqual(result.ok && result.answers, { overall: 'agree', why: 'Buses' })
})

test('a row with something written after the last heading is refused, naming the row', () => {
  const result = convertRow(plan, { row: 3, cells: ['P-002', 'Agree', 'Buses', '', 'stray'] })
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.equal(result.problems[0]?.row, 3)
})
