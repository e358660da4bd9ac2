import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allQuestions } from '../../../questionnaire/definition.js'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { buildCrosstab } from './crosstab.js'
import { exportRows, groupByProposal, presentQuestionTable } from './presenters.js'
import { isClosedQuestion, tabulate } from './tabulate.js'

const definition = parseQuestionnaireDefinition({
  sections: [
    {
      key: 'main',
      title: 'Main',
      questions: [
        {
          key: 'colour',
          type: 'multiple_choice',
          title: 'Which colours?',
          options: [
            { value: 'red', label: 'Red' },
            { value: 'blue', label: 'Blue' },
          ],
        },
        { key: 'p1', type: 'agreement', title: 'Proposal 1?', proposal: 1 },
      ],
    },
  ],
})
const [colour, p1] = allQuestions(definition).filter(isClosedQuestion)

describe('tabulate and presentQuestionTable', () => {
  it('counts each of several choices, treats unknown answers as not answered, and hides small counts', () => {
    if (!colour) throw new Error('no question')
    const counts = tabulate(
      colour,
      undefined,
      [
        { value: ['red', 'blue'], group: null, n: 20 },
        { value: ['red'], group: null, n: 3 },
        { value: ['green'], group: null, n: 2 },
        { value: null, group: null, n: 7 },
      ],
      'Not stated',
    )
    assert.deepEqual(counts.counts, [[23], [20]])
    assert.deepEqual(counts.columnBases, [23])
    assert.deepEqual(counts.notAnswered, [9])
    const view = presentQuestionTable(colour, buildCrosstab(counts, 5), {
      threshold: 5,
      footnote: 'Footnote.',
      byGroup: false,
    })
    assert.equal(view.rows[0]?.cells[0]?.count, '23')
    assert.equal(view.rows[0]?.cells[0]?.percent, '100.0%')
    assert.ok(view.notes.includes('Footnote.'))
    assert.ok(view.notes.some((n) => /more than one answer/.test(n)))
    const rows = exportRows(view)
    assert.deepEqual(rows[0], ['Which colours?'])
    assert.deepEqual(rows[2], ['Red', '23', '100.0%', '85.7–100.0'])
  })

  it('puts people whose group is not known in a column of their own', () => {
    if (!p1) throw new Error('no question')
    const counts = tabulate(
      p1,
      [{ value: 'a', label: 'A' }],
      [
        { value: 'agree', group: 'a', n: 10 },
        { value: 'agree', group: null, n: 6 },
      ],
      'Not stated',
    )
    assert.deepEqual(
      counts.columns.map((c) => c.label),
      ['A', 'Not stated'],
    )
    assert.deepEqual(counts.columnBases, [10, 6])
  })

  it('gathers tables under their proposals in questionnaire order', () => {
    const sections = groupByProposal(
      [{ proposal: undefined }, { proposal: 1 }, { proposal: 1 }, { proposal: 2 }],
      [
        { position: 1, title: 'One' },
        { position: 2, title: 'Two' },
      ],
    )
    assert.deepEqual(
      sections.map((s) => [s.proposal?.title, s.tables.length]),
      [
        [undefined, 1],
        ['One', 2],
        ['Two', 1],
      ],
    )
  })
})

describe('p-values', () => {
  it('reads p < 0.001 for a difference far beyond chance, never p = 0.000', () => {
    if (!p1) throw new Error('no question')
    const counts = tabulate(
      p1,
      [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
      [
        { value: 'agree', group: 'a', n: 400 },
        { value: 'disagree', group: 'a', n: 10 },
        { value: 'agree', group: 'b', n: 10 },
        { value: 'disagree', group: 'b', n: 400 },
      ],
      'Not stated',
    )
    const view = presentQuestionTable(p1, buildCrosstab(counts, 5), {
      threshold: 5,
      footnote: '',
      byGroup: true,
    })
    const flags = view.rows.flatMap((r) => r.cells.map((c) => c.flag)).filter((f) => f !== '')
    assert.ok(flags.length > 0)
    for (const flag of flags) assert.match(flag, /p < 0\.001\)$/)
  })
})
