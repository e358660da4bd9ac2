import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openPeriods, weeksAndDays } from './open-periods.js'

const step = (to_status: 'draft' | 'scheduled' | 'open' | 'closed' | 'analysing', at: string) => ({
  to_status,
  changed_at: new Date(at),
})

test('the reference case was open for exactly twelve weeks, from the history the demo loads', () => {
  const periods = openPeriods([
    step('draft', '2021-04-19T08:30:00Z'),
    step('scheduled', '2021-05-17T09:00:00Z'),
    step('open', '2021-05-23T23:00:00Z'),
    step('closed', '2021-08-15T23:00:00Z'),
    step('analysing', '2021-08-26T08:00:00Z'),
  ])
  assert.equal(periods.length, 1)
  const [period] = periods
  assert.ok(period?.to)
  assert.deepEqual(weeksAndDays(period.from, period.to), { weeks: 12, days: 0 })
})

test('a reopened consultation has two periods, and one still open has no end', () => {
  const periods = openPeriods([
    step('open', '2021-01-01T00:00:00Z'),
    step('closed', '2021-01-11T00:00:00Z'),
    step('open', '2021-01-20T00:00:00Z'),
  ])
  assert.deepEqual(periods, [
    { from: new Date('2021-01-01T00:00:00Z'), to: new Date('2021-01-11T00:00:00Z') },
    { from: new Date('2021-01-20T00:00:00Z'), to: undefined },
  ])
  assert.deepEqual(weeksAndDays(new Date('2021-01-01T00:00:00Z'), new Date('2021-01-11T00:00:00Z')), {
    weeks: 1,
    days: 3,
  })
})

test('an opening recorded again while open does not cut the open period in two', () => {
  const periods = openPeriods([
    step('open', '2021-01-01T00:00:00Z'),
    step('open', '2021-01-05T00:00:00Z'),
    step('closed', '2021-01-11T00:00:00Z'),
  ])
  assert.deepEqual(periods, [
    { from: new Date('2021-01-01T00:00:00Z'), to: new Date('2021-01-11T00:00:00Z') },
  ])
})

test('a week from midnight to midnight across the clocks going forward is a week, not a day short', () => {
  // Midnight in London on 27 March 2021 (GMT) to midnight on 3 April (BST): 6 days and 23 hours.
  assert.deepEqual(weeksAndDays(new Date('2021-03-27T00:00:00Z'), new Date('2021-04-02T23:00:00Z')), {
    weeks: 1,
    days: 0,
  })
})
