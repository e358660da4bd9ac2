import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatLondonDate, formatLondonDateTime } from './london.js'

test('times are shown in British Summer Time in summer', () => {
  // 23:59 on Sunday 15 August 2021 in London is 22:59 UTC.
  assert.equal(formatLondonDateTime('2021-08-15T22:59:00Z'), '15 August 2021 at 11:59pm')
  assert.equal(formatLondonDate('2021-08-15T22:59:00Z'), 'Sunday 15 August 2021')
})

test('times are shown in Greenwich Mean Time in winter', () => {
  assert.equal(formatLondonDateTime('2021-12-14T14:00:00Z'), '14 December 2021 at 2pm')
})

test('the day changes at London midnight, not UTC midnight', () => {
  assert.equal(formatLondonDate('2021-05-23T23:30:00Z'), 'Monday 24 May 2021')
})
