import assert from 'node:assert/strict'
import { test } from 'node:test'
import { notStated, profileTable, reachTable, tallyAnswers } from './profile.js'

const question = {
  key: 'relationship',
  title: 'Which of these best describes you?',
  options: [
    { value: 'uses_services', label: 'I use services' },
    { value: 'family_carer', label: 'I am a carer' },
    { value: 'organisation', label: 'An organisation' },
  ],
}

test('a profile table counts each answer, says how many did not say, and suppresses small counts and the next smallest', () => {
  const counts = tallyAnswers(
    [
      { key: 'relationship', value: 'uses_services', n: 60 },
      { key: 'relationship', value: 'family_carer', n: 30 },
      { key: 'relationship', value: 'organisation', n: 3 },
      { key: 'religion', value: 'none', n: 99 },
    ],
    'relationship',
  )
  const table = profileTable(question, counts, 93, 100, 5, 'Not stated')
  assert.deepEqual(
    table.rows.map((r) => [r.value, r.count, r.percent, r.suppressed]),
    [
      ['uses_services', 60, 60, false],
      ['family_carer', 30, 30, false],
      ['organisation', undefined, undefined, true],
      // Shown beside the total of 100, 7 would give the hidden 3 away: it is hidden too.
      [notStated, undefined, undefined, true],
    ],
  )
})

test('several choices count once each', () => {
  const counts = tallyAnswers(
    [
      { key: 'needs', value: ['a', 'b'], n: 4 },
      { key: 'needs', value: 'a', n: 1 },
    ],
    'needs',
  )
  assert.deepEqual(
    [...counts],
    [
      ['a', 5],
      ['b', 4],
    ],
  )
})

test('reach compares shares with the population: difference in points, ratio and the under-heard flag', () => {
  const table = reachTable(
    'sex',
    'Sex',
    [
      { value: 'female', label: 'Female' },
      { value: 'male', label: 'Male' },
    ],
    new Map([
      ['female', 60],
      ['male', 40],
    ]),
    new Map([
      ['female', 5000],
      ['male', 5000],
    ]),
    5,
  )
  const male = table.rows[1]
  assert.equal(male?.share, 40)
  assert.equal(male?.populationShare, 50)
  assert.equal(male?.difference, -10)
  assert.equal(male?.ratio, 0.8)
  assert.ok(Math.abs((male?.residual ?? 0) + 2) < 1e-9)
  assert.equal(male?.underHeard, true)
  assert.ok(Math.abs(table.statistic - 4) < 1e-9)
})
