import assert from 'node:assert/strict'
import { test } from 'node:test'
import { daysBetween, isOverdue, londonDay, paperNotice } from './notice.js'

test('days between calendar days count whole days either way, across the clocks changing', () => {
  assert.equal(daysBetween('2021-11-22', '2021-12-14'), 22)
  assert.equal(daysBetween('2021-12-14', '2021-12-13'), -1)
  assert.equal(daysBetween('2022-03-20', '2022-04-03'), 14)
})

test('a paper is late with less than the standard notice, and after the meeting when published after its day', () => {
  const meeting = new Date('2021-12-14T14:00:00Z')
  assert.deepEqual(paperNotice('2021-11-22', meeting, 5), {
    daysBefore: 22,
    late: false,
    afterMeeting: false,
  })
  assert.deepEqual(paperNotice('2021-12-13', meeting, 5), { daysBefore: 1, late: true, afterMeeting: false })
  assert.deepEqual(paperNotice('2021-12-14', meeting, 0), { daysBefore: 0, late: false, afterMeeting: false })
  assert.deepEqual(paperNotice('2021-12-15', meeting, 5), { daysBefore: -1, late: true, afterMeeting: true })
})

test('the day of a meeting is the UK day, so a late-evening meeting in summer is not the next day', () => {
  assert.equal(londonDay(new Date('2022-06-30T23:30:00Z')), '2022-07-01')
  assert.equal(londonDay(new Date('2022-01-31T23:30:00Z')), '2022-01-31')
})

test('only an open action whose due day has passed is overdue', () => {
  assert.equal(isOverdue({ status: 'open', due_on: '2022-06-01' }, '2022-06-02'), true)
  assert.equal(isOverdue({ status: 'open', due_on: '2022-06-02' }, '2022-06-02'), false)
  assert.equal(isOverdue({ status: 'closed', due_on: '2022-06-01' }, '2022-06-02'), false)
})
