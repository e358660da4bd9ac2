import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isLateReturn, postalDeadline } from './late-returns.js'

test('the postal deadline decides, and the online close when there is none', () => {
  const closes = new Date('2026-06-30T22:59:00Z')
  const postal = new Date('2026-07-10T22:59:00Z')
  assert.equal(postalDeadline({ closes_at: closes, postal_deadline_at: postal }), postal)
  assert.equal(postalDeadline({ closes_at: closes, postal_deadline_at: null }), closes)
})

test('a paper is late only if received on a UK day after the deadline’s day', () => {
  // 23:59 on 10 July in summer time is 22:59 UTC.
  const deadline = new Date('2026-07-10T22:59:00Z')
  assert.equal(isLateReturn('2026-07-09', deadline), false)
  assert.equal(isLateReturn('2026-07-10', deadline), false)
  assert.equal(isLateReturn('2026-07-11', deadline), true)
  // Midnight UTC on 1 July is already 1 July in London (01:00 BST); the day is London's.
  assert.equal(isLateReturn('2026-07-01', new Date('2026-06-30T23:30:00Z')), false)
})
