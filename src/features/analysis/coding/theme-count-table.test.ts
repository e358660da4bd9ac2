import assert from 'node:assert/strict'
import { test } from 'node:test'
import { themeCountRows, themeCountTable } from './theme-count-table.js'

const counts = {
  groups: [
    { group: 'north', codedComments: 40 },
    { group: 'south', codedComments: 30 },
    { group: '', codedComments: 12 },
  ],
  themes: [
    { code: 'access', label: 'Access', depth: 0, counts: { north: 20, south: 3, '': 10 } },
    { code: 'cost', label: 'Cost', depth: 0, counts: { north: 15, south: 12, '': 0 } },
  ],
}
const areas = [
  { value: 'north', label: 'North' },
  { value: 'south', label: 'South' },
  { value: 'east', label: 'East' },
]

test('columns follow the breakdown, then answers it does not offer, with an empty one as not stated', () => {
  const table = themeCountTable(counts, areas, 5)
  assert.deepEqual(table.columns, ['North', 'South', 'East', 'Not stated'])
  assert.deepEqual(table.rows[1]?.cells, ['15', '12', '0', '0'])
  assert.deepEqual(table.codedComments.cells, ['40', '30', '0', '12'])
  assert.equal(table.codedComments.total, '82')
})

test('a small count is hidden, and so is another in its row so the total cannot give it away', () => {
  const table = themeCountTable(counts, areas, 5)
  assert.deepEqual(table.rows[0]?.cells, ['20', '[c]', '0', '[c]'])
  assert.equal(table.rows[0]?.total, '33')
  assert.equal(table.anyHidden, true)
  assert.equal(themeCountTable(counts, areas, 2).anyHidden, false)
})

test('without a breakdown there is one column of everyone', () => {
  const overall = themeCountTable(
    {
      groups: [{ group: '', codedComments: 9 }],
      themes: [{ code: 'access', label: 'Access', depth: 0, counts: { '': 9 } }],
    },
    undefined,
    5,
  )
  assert.deepEqual(overall.columns, ['All'])
  assert.deepEqual(overall.rows[0]?.cells, ['9'])
  assert.deepEqual(themeCountTable({ groups: [], themes: [] }, undefined, 5).columns, ['All'])
})

test('the CSV rows say what the page says, hidden cells included', () => {
  const table = themeCountTable(counts, areas, 5)
  assert.deepEqual(themeCountRows(table), [
    ['Theme', 'North', 'South', 'East', 'Not stated', 'Total'],
    ['access: Access', '20', '[c]', '0', '[c]', '33'],
    ['cost: Cost', '15', '12', '0', '0', '27'],
    ['Coded comments', '40', '30', '0', '12', '82'],
  ])
})
