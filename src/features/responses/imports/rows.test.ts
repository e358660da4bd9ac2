import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { convertRow, planColumns, suggestMapping } from './rows.js'

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

const full = parseQuestionnaireDefinition({
  sections: [
    {
      key: 'about',
      title: 'About you',
      questions: [
        {
          key: 'mode',
          type: 'single_choice',
          title: 'How do you travel?',
          required: true,
          options: [
            { value: 'walk', label: 'On foot' },
            { value: 'bus', label: 'By bus' },
          ],
        },
        {
          key: 'why_walk',
          type: 'free_text',
          title: 'Why do you walk?',
          required: true,
          showIf: { question: 'mode', anyOf: ['walk'] },
        },
        {
          key: 'services',
          type: 'multiple_choice',
          title: 'Which services have you used?',
          options: [
            { value: 'gp', label: 'GP' },
            { value: 'crisis', label: 'Crisis line' },
            { value: 'talking', label: 'Talking therapies' },
          ],
        },
        {
          key: 'order',
          type: 'ranking',
          title: 'Rank these',
          options: [
            { value: 'a', label: 'First thing' },
            { value: 'b', label: 'Second thing' },
          ],
        },
        { key: 'when', type: 'date', title: 'When did you last go?' },
        {
          key: 'often',
          type: 'single_choice',
          title: 'How often?',
          options: [
            { value: 'weekly', label: 'Every week' },
            { value: 'rarely', label: 'Rarely' },
          ],
        },
        { key: 'comments', type: 'free_text', title: 'Anything else?' },
      ],
    },
  ],
})

const fullHeadings = [
  'Ref',
  'How do you travel?',
  'Why walk',
  'Services',
  'Rank',
  'When',
  'Often',
  'Comments',
]
const fullMapping = {
  columns: {
    'How do you travel?': 'mode',
    'Why walk': 'why_walk',
    Services: 'services',
    Rank: 'order',
    When: 'when',
    Often: 'often',
    Comments: 'comments',
  },
  idColumn: null,
}
const fullPlanned = planColumns({ row: 1, cells: fullHeadings }, fullMapping, full)
assert.ok(fullPlanned.ok)
const fullPlan = fullPlanned.plan

/** A row of the full file, blank except for the cells given by heading. */
function fullRow(row: number, cells: Record<string, string>) {
  return { row, cells: fullHeadings.map((h) => cells[h] ?? '') }
}

test('headings are matched to questions by key or by title, whatever the case and spacing', () => {
  const mapping = suggestMapping(['  how do you TRAVEL? ', 'SERVICES', 'comments', 'Notes'], full)
  assert.deepEqual(mapping.columns, {
    '  how do you TRAVEL? ': 'mode',
    SERVICES: 'services',
    comments: 'comments',
  })
})

test('a question is suggested for one column only, the first that matches it', () => {
  const mapping = suggestMapping(['mode', 'How do you travel?'], full)
  assert.deepEqual(mapping.columns, { mode: 'mode' })
})

test('a column called ID, Ref, Reference, Form number or Row ID is suggested as the ID column', () => {
  for (const heading of ['ID', 'ref', ' Reference ', 'Form number', 'row id']) {
    assert.equal(suggestMapping(['mode', heading], full).idColumn, heading)
  }
  assert.equal(suggestMapping(['mode', 'Identity'], full).idColumn, null)
  assert.equal(suggestMapping(['mode', 'Ref no'], full).idColumn, null)
  assert.equal(suggestMapping(['mode', 'Patient ID'], full).idColumn, null)
})

test('every problem with the headings is listed against row 1, by heading', () => {
  const result = planColumns(
    { row: 1, cells: ['Mode', 'Mode', 'Services', 'Order'] },
    {
      columns: { Mode: 'mode', Services: 'nonsense', Order: 'order', Gone: 'when' },
      idColumn: 'Form',
    },
    full,
  )
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.problems, [
    {
      row: 1,
      column: 'Mode',
      problem: 'Two columns have this heading: give each column a different heading',
    },
    { row: 1, column: 'Services', problem: 'The questionnaire has no question "nonsense"' },
    { row: 1, column: 'Gone', problem: 'The file has no column with this heading' },
    { row: 1, column: 'Form', problem: 'The file has no column with this heading' },
  ])
})

test('two columns cannot answer one question', () => {
  const result = planColumns(
    { row: 1, cells: ['Mode', 'Travel'] },
    { columns: { Mode: 'mode', Travel: 'mode' }, idColumn: null },
    full,
  )
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.problems, [
    { row: 1, column: 'Travel', problem: 'Another column is already mapped to "How do you travel?"' },
  ])
})

test('a question everyone must answer needs a column, but one shown only to some does not', () => {
  const result = planColumns(
    { row: 1, cells: ['Services'] },
    { columns: { Services: 'services' }, idColumn: null },
    full,
  )
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.problems, [
    { row: 1, column: null, problem: '"How do you travel?" must be answered, but no column is mapped to it' },
  ])
})

test('a file with nothing mapped is refused; columns left unmapped or blank are ignored', () => {
  const optional = parseQuestionnaireDefinition({
    sections: [{ key: 's', title: 'S', questions: [{ key: 'why', type: 'free_text', title: 'Why?' }] }],
  })
  const nothing = planColumns({ row: 1, cells: ['A', ''] }, { columns: { A: '' }, idColumn: null }, optional)
  assert.equal(nothing.ok, false)
  if (nothing.ok) return
  assert.deepEqual(nothing.problems, [
    { row: 1, column: null, problem: 'Map at least one column to a question' },
  ])
  const blanks = planColumns(
    { row: 1, cells: ['', ' Do you agree? ', ''] },
    { columns: { 'Do you agree?': 'overall' }, idColumn: null },
    definition,
  )
  assert.equal(blanks.ok, true)
})

test('answers are read by their label or their value, in any case', () => {
  const result = convertRow(
    fullPlan,
    fullRow(2, { 'How do you travel?': 'BY BUS', Services: 'gp; Crisis line | talking therapies' }),
  )
  assert.equal(result.ok, true)
  if (!result.ok) return
  assert.equal(result.answers.mode, 'bus')
  assert.deepEqual(result.answers.services, ['gp', 'crisis', 'talking'])
})

test('several answers may be separated by semicolons, bars or new lines', () => {
  const result = convertRow(
    fullPlan,
    fullRow(2, { 'How do you travel?': 'bus', Services: 'GP\nCrisis line' }),
  )
  assert.deepEqual(result.ok && result.answers.services, ['gp', 'crisis'])
})

test('an answer that is not an option is refused, naming the value, the column and the options', () => {
  const single = convertRow(fullPlan, fullRow(4, { 'How do you travel?': 'car' }))
  assert.deepEqual(!single.ok && single.problems, [
    {
      row: 4,
      column: 'How do you travel?',
      problem: '"car" is not one of the answers to this question (walk, bus)',
    },
  ])
  const several = convertRow(fullPlan, fullRow(5, { 'How do you travel?': 'bus', Services: 'GP; dentist' }))
  assert.deepEqual(!several.ok && several.problems, [
    {
      row: 5,
      column: 'Services',
      problem: '"dentist" is not one of the answers to this question (gp, crisis, talking)',
    },
  ])
})

test('a ranking is read in the order written: the first is ranked 1', () => {
  const result = convertRow(fullPlan, fullRow(2, { 'How do you travel?': 'bus', Rank: 'Second thing; a' }))
  assert.deepEqual(result.ok && result.answers.order, ['b', 'a'])
})

test('dates are read as YYYY-MM-DD or DD/MM/YYYY; anything else is refused', () => {
  const iso = convertRow(fullPlan, fullRow(2, { 'How do you travel?': 'bus', When: '2021-05-24' }))
  assert.equal(iso.ok && iso.answers.when, '2021-05-24')
  const uk = convertRow(fullPlan, fullRow(3, { 'How do you travel?': 'bus', When: '24/5/2021' }))
  assert.equal(uk.ok && uk.answers.when, '2021-05-24')
  const us = convertRow(fullPlan, fullRow(4, { 'How do you travel?': 'bus', When: 'May 24 2021' }))
  assert.deepEqual(!us.ok && us.problems, [
    { row: 4, column: 'When', problem: 'Write the date as YYYY-MM-DD or DD/MM/YYYY, like 2021-05-24' },
  ])
})

test('a blank optional answer is no answer', () => {
  const result = convertRow(fullPlan, fullRow(2, { 'How do you travel?': 'bus' }))
  assert.equal(result.ok, true)
  assert.deepEqual(result.ok && result.answers, { mode: 'bus' })
})

test('the form checks apply to each row, and their problems name the column', () => {
  const missing = convertRow(fullPlan, fullRow(6, { Comments: 'No travel answer' }))
  assert.equal(missing.ok, false)
  assert.deepEqual(!missing.ok && missing.problems.map((p) => [p.row, p.column]), [[6, 'How do you travel?']])
  const routed = convertRow(fullPlan, fullRow(7, { 'How do you travel?': 'walk' }))
  assert.deepEqual(!routed.ok && routed.problems.map((p) => [p.row, p.column]), [[7, 'Why walk']])
})

test('free text is kept, trimmed as the online form trims it, and text a spreadsheet would run as a formula is counted', () => {
  const result = convertRow(
    fullPlan,
    fullRow(2, { 'How do you travel?': 'walk', 'Why walk': '=1+1', Comments: ' plain words ' }),
  )
  assert.equal(result.ok, true)
  if (!result.ok) return
  assert.equal(result.answers.comments, 'plain words')
  assert.equal(result.formulaLike, 1)
  const plain = convertRow(fullPlan, fullRow(3, { 'How do you travel?': 'walk', 'Why walk': 'Health' }))
  assert.equal(plain.ok && plain.formulaLike, 0)
})

test('a row is known by its ID; a row without one, or with one over 200 characters, is refused', () => {
  const known = convertRow(plan, { row: 2, cells: [' P-001 ', 'Agree', ''] })
  assert.equal(known.ok && known.rowKey, 'id:P-001')
  const blank = convertRow(plan, { row: 3, cells: ['  ', 'Agree', ''] })
  assert.deepEqual(!blank.ok && blank.problems, [
    { row: 3, column: 'Form', problem: 'The ID column is empty: every row needs an ID' },
  ])
  assert.equal(convertRow(plan, { row: 4, cells: ['x'.repeat(200), 'Agree', ''] }).ok, true)
  const long = convertRow(plan, { row: 5, cells: ['x'.repeat(201), 'Agree', ''] })
  assert.deepEqual(!long.ok && long.problems, [
    { row: 5, column: 'Form', problem: 'An ID must be 200 characters or fewer' },
  ])
})

test('without an ID column a row is known by its answers: the same answers again are the same row', () => {
  const key = (row: number, cells: Record<string, string>) => {
    const result = convertRow(fullPlan, fullRow(row, cells))
    assert.ok(result.ok)
    return result.rowKey
  }
  const first = key(2, { 'How do you travel?': 'bus', Comments: 'Too far' })
  assert.match(first, /^sha256:[0-9a-f]{64}$/)
  assert.equal(key(9, { 'How do you travel?': ' bus ', Comments: 'Too far', Ref: 'ignored' }), first)
  assert.notEqual(key(3, { 'How do you travel?': 'bus', Comments: 'Too near' }), first)
})

test('a row that says too much names how many cells it has against the headings', () => {
  const result = convertRow(plan, { row: 3, cells: ['P-002', 'Agree', 'Buses', 'stray'] })
  assert.deepEqual(!result.ok && result.problems, [
    { row: 3, column: null, problem: 'This row has 4 cells, more than the 3 headings' },
  ])
})

test('a date with anything written before or after it is refused, not read in part', () => {
  for (const when of ['2021-05-24 or so', 'about 2021-05-24', '24/12/2021 or so', 'about 24/12/2021']) {
    const result = convertRow(fullPlan, fullRow(4, { 'How do you travel?': 'bus', When: when }))
    assert.equal(result.ok, false, when)
  }
  const december = convertRow(fullPlan, fullRow(5, { 'How do you travel?': 'bus', When: '24/12/2021' }))
  assert.equal(december.ok && december.answers.when, '2021-12-24')
})

test('only text that starts like a formula is counted as one, not an = or + inside it', () => {
  const result = convertRow(
    fullPlan,
    fullRow(2, { 'How do you travel?': 'walk', 'Why walk': 'Health = wealth', Comments: 'A + B' }),
  )
  assert.equal(result.ok && result.formulaLike, 0)
})

test('titles and answer labels written with spaces around them still match', () => {
  const spaced = parseQuestionnaireDefinition({
    sections: [
      {
        key: 's',
        title: 'S',
        questions: [
          {
            key: 'q1',
            type: 'single_choice',
            title: ' Spaced out? ',
            options: [{ value: 'yes', label: ' Yes please ' }],
          },
        ],
      },
    ],
  })
  assert.deepEqual(suggestMapping(['spaced out?'], spaced).columns, { 'spaced out?': 'q1' })
  const planned = planColumns({ row: 1, cells: ['Q'] }, { columns: { Q: 'q1' }, idColumn: null }, spaced)
  assert.ok(planned.ok)
  const result = convertRow(planned.plan, { row: 2, cells: ['yes please'] })
  assert.deepEqual(result.ok && result.answers, { q1: 'yes' })
})

test('a file whose only mapped heading is missing is told that, and nothing more', () => {
  const result = planColumns(
    { row: 1, cells: ['Other'] },
    { columns: { Gone: 'why' }, idColumn: null },
    definition,
  )
  assert.deepEqual(!result.ok && result.problems.map((p) => p.problem), [
    'The file has no column with this heading',
    '"Do you agree?" must be answered, but no column is mapped to it',
  ])
})

test('a row shorter than the headings reads its missing cells as blank', () => {
  const short = convertRow(fullPlan, { row: 2, cells: ['', 'bus'] })
  assert.deepEqual(short.ok && short.answers, { mode: 'bus' })
  const padded = convertRow(fullPlan, fullRow(3, { 'How do you travel?': 'bus' }))
  assert.equal(short.ok && short.rowKey, padded.ok && padded.rowKey)
  const empty = convertRow(plan, { row: 4, cells: [] })
  assert.deepEqual(!empty.ok && empty.problems.map((p) => p.problem), [
    'The ID column is empty: every row needs an ID',
  ])
})

test('contact box columns are suggested by their headings and read apart from the answers', () => {
  const headings = ['Do you agree?', 'Why?', 'Name', 'E-mail', 'Telephone', 'Post code']
  const mapping = suggestMapping(headings, definition)
  assert.deepEqual(mapping.columns, {
    'Do you agree?': 'overall',
    'Why?': 'why',
    Name: 'identity:name',
    'E-mail': 'identity:email',
    Telephone: 'identity:phone',
    'Post code': 'identity:postcode',
  })
  const planned = planColumns({ row: 1, cells: headings }, mapping, definition)
  assert.ok(planned.ok)
  const read = convertRow(planned.plan, {
    row: 2,
    cells: ['Agree', '', 'Pickering, Anne', '', '0044 116 496 0123', 'LE1 5AB'],
  })
  assert.ok(read.ok)
  assert.deepEqual(read.answers, { overall: 'agree' })
  assert.deepEqual(read.identity, {
    name: 'Pickering, Anne',
    email: null,
    phone: '0044 116 496 0123',
    postcode: 'LE1 5AB',
  })
  const blank = convertRow(planned.plan, { row: 3, cells: ['Agree', '', '', '', '', ''] })
  assert.ok(blank.ok)
  assert.equal(blank.identity, null)
  assert.notEqual(blank.rowKey, read.rowKey, 'two rows with the same answers and other names are two rows')
  const unreadable = convertRow(planned.plan, { row: 4, cells: ['Agree', '', '', 'anne', '123', ''] })
  assert.ok(!unreadable.ok)
  assert.deepEqual(
    unreadable.problems.map((p) => [p.row, p.column]),
    [
      [4, 'E-mail'],
      [4, 'Telephone'],
    ],
  )
})

test('one column for each contact detail', () => {
  const planned = planColumns(
    { row: 1, cells: ['Do you agree?', 'Phone', 'Mobile'] },
    {
      columns: { 'Do you agree?': 'overall', Phone: 'identity:phone', Mobile: 'identity:phone' },
      idColumn: null,
    },
    definition,
  )
  assert.ok(!planned.ok)
  assert.match(planned.problems[0]?.problem ?? '', /Only one column/)
})
