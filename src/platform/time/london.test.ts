import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatLondonDate, formatLondonDateTime, londonToUtc, londonWallClock } from './london.js'

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

test('a UK date and time entered in summer is an hour ahead of UTC, in winter it is UTC', () => {
  assert.equal(londonToUtc('2021-05-24', '09:00')?.toISOString(), '2021-05-24T08:00:00.000Z')
  assert.equal(londonToUtc('2021-12-14', '14:00')?.toISOString(), '2021-12-14T14:00:00.000Z')
  assert.deepEqual(londonWallClock('2021-08-15T22:59:00Z'), { date: '2021-08-15', time: '23:59' })
})

test('a time the clocks skip has no instant; a time they repeat means the summer one', () => {
  assert.equal(londonToUtc('2021-03-28', '01:30'), undefined)
  assert.equal(londonToUtc('2021-03-28', '02:00')?.toISOString(), '2021-03-28T01:00:00.000Z')
  assert.equal(londonToUtc('2021-10-31', '01:30')?.toISOString(), '2021-10-31T00:30:00.000Z')
  assert.equal(londonToUtc('2021-02-30', '09:00'), undefined)
})

test('times read in GOV.UK style: 12:05am, midnight and midday, never 0:05am', () => {
  assert.equal(formatLondonDateTime('2027-02-10T00:05:00Z'), '10 February 2027 at 12:05am')
  assert.equal(formatLondonDateTime('2027-02-10T00:00:00Z'), '10 February 2027 at midnight')
  assert.equal(formatLondonDateTime('2027-02-10T12:00:00Z'), '10 February 2027 at midday')
  assert.equal(formatLondonDateTime('2027-02-10T12:30:00Z'), '10 February 2027 at 12:30pm')
  assert.equal(formatLondonDateTime('2021-08-15T23:08:00Z'), '16 August 2021 at 12:08am')
})
