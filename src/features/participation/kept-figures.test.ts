import assert from 'node:assert/strict'
import { test } from 'node:test'
import { answerOfCodes, type KeptPlan, placedArea } from './kept-figures.js'

// A question with one answer, and one with several whose 33 choices take two slots.
const many = Array.from({ length: 33 }, (_, i) => `c${i + 1}`)
const plan: KeptPlan = {
  slotKeys: ['sex', 'uses', 'uses'],
  slotKinds: ['one', 'many', 'many'],
  slotBases: [0, 0, 31],
  codes: {
    sex: { female: 1, male: 2 },
    uses: Object.fromEntries(many.map((c, i) => [c, i + 1])),
  },
}

test('stored codes become the answers they code', () => {
  assert.equal(answerOfCodes(plan, 'sex', [2]), 'male')
  assert.equal(answerOfCodes(plan, 'sex', [0]), null)
  // Bits 1 and 3 of the first slot, and bit 2 of the second (choice 31 + 2).
  assert.deepEqual(answerOfCodes(plan, 'uses', [0b101, 0b10]), ['c1', 'c3', 'c33'])
  assert.equal(answerOfCodes(plan, 'uses', [0, 0]), null)
})

test('a respondent is placed by their area, or by their district when they gave none or would not say', () => {
  const districts = new Map([
    ['LE1', 'leicester'],
    ['LE15', 'rutland'],
  ])
  assert.equal(placedArea(true, 'rutland', 'LE1', districts), 'rutland')
  assert.equal(placedArea(false, '', 'LE1', districts), 'leicester')
  assert.equal(placedArea(true, 'prefer_not_to_say', 'LE15', districts), 'rutland')
  assert.equal(placedArea(true, 'elsewhere', 'LE1', districts), null)
  assert.equal(placedArea(true, '', 'LE1', districts), null)
  assert.equal(placedArea(false, '', 'XX9', districts), null)
})
