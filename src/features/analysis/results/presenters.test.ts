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
        {
          key: 'choice',
          type: 'single_choice',
          title: 'Which one?',
          options: ['a', 'b', 'c', 'd'].map((value) => ({ value, label: value.toUpperCase() })),
        },
      ],
    },
  ],
})
const [colour, p1, choice] = allQuestions(definition).filter(isClosedQuestion)

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

describe('weighted figures on the page and in downloads', () => {
  it("are left out for a group whose base is hidden, in the page's table and the spreadsheet alike", () => {
    if (!choice) throw new Error('no question')
    // Group 1 (3 people) is hidden whole, so group 2's base is hidden to protect it; group 2's
    // shown counts keep their plain percentages hidden and so must their weighted ones.
    const counts = [
      [3, 3, 18, 9],
      [29, 0, 12, 11],
      [28, 0, 8, 0],
      [39, 0, 12, 39],
    ]
    const columnBases = [99, 3, 50, 59]
    const weights = [1.2, 2, 0.7, 0.9]
    const table = buildCrosstab(
      {
        rows: ['a', 'b', 'c', 'd'].map((value) => ({ value, label: value.toUpperCase() })),
        columns: ['g0', 'g1', 'g2', 'g3'].map((value) => ({ value, label: value.toUpperCase() })),
        counts,
        columnBases,
        notAnswered: [0, 0, 0, 0],
        multiple: false,
        weighted: {
          counts: counts.map((row) => row.map((c, j) => c * (weights[j] ?? 1))),
          columnBases: columnBases.map((b, j) => b * (weights[j] ?? 1)),
          columnSquares: columnBases.map((b, j) => b * (weights[j] ?? 1) ** 2),
        },
      },
      5,
    )
    const view = presentQuestionTable(choice, table, { threshold: 5, footnote: '', byGroup: true })
    assert.deepEqual(
      view.columns.map((c) => c.base),
      ['99', view.columns[1]?.base, view.columns[2]?.base, '59'],
    )
    assert.notEqual(view.columns[2]?.base, '50')
    assert.equal(view.rows[1]?.cells[2]?.count, '12')
    assert.deepEqual(
      view.rows.map((r) => [r.cells[2]?.weightedPercent, r.cells[2]?.weightedInterval]),
      [
        ['', ''],
        ['', ''],
        ['', ''],
        ['', ''],
      ],
    )
    assert.equal(view.rows[2]?.cells[0]?.weightedPercent, '28.3%')
    const rows = exportRows(view)
    const heading = rows[1] ?? []
    const g2 = heading.indexOf('G2: weighted % (to the population)')
    assert.ok(g2 > 0, heading.join(' | '))
    for (const row of rows.slice(2, 6)) assert.deepEqual([row[g2], row[g2 + 1]], ['', ''])
    assert.equal(rows[4]?.[heading.indexOf('G0: weighted % (to the population)')], '28.3%')
  })
})
