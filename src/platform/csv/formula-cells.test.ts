import assert from 'node:assert/strict'
import { test } from 'node:test'
import { neutraliseFormula, neutraliseFormulas } from './formula-cells.js'

test('a cell that a spreadsheet would read as a formula gets a leading single quote', () => {
  for (const cell of [
    '=HYPERLINK("http://evil.example","Click")',
    '+1+cmd',
    '-2+3',
    '@SUM(A1)',
    '\tx',
    '\rx',
  ]) {
    assert.equal(neutraliseFormula(cell), `'${cell}`, JSON.stringify(cell))
  }
})

test('plain text and numbers, negative ones included, are left as they are', () => {
  for (const cell of ['Walk', '', '12', '-12', '-12.5%', '+3', 'a=b']) {
    assert.equal(neutraliseFormula(cell), cell)
  }
  assert.deepEqual(neutraliseFormulas([['=1', 'b'], ['c']]), [["'=1", 'b'], ['c']])
})
