import assert from 'node:assert/strict'
import { test } from 'node:test'
import { changedFields } from './changes.js'

test('only the fields that changed are kept, with dates as the audit stores them', () => {
  const before = { title: 'Step up', opensAt: new Date('2021-05-24T08:00:00Z'), areas: ['Leicester'] }
  const after = {
    title: 'Step up',
    opensAt: new Date('2021-05-25T08:00:00Z'),
    areas: ['Leicester', 'Rutland'],
  }
  assert.deepEqual(changedFields(before, after), {
    opensAt: { before: '2021-05-24T08:00:00.000Z', after: '2021-05-25T08:00:00.000Z' },
    areas: { before: ['Leicester'], after: ['Leicester', 'Rutland'] },
  })
  assert.deepEqual(changedFields(before, { ...before }), {})
})

test('a field that appears or disappears is shown against null', () => {
  assert.deepEqual(changedFields<{ a?: number; b?: number }>({ a: 1 }, { b: 2 }), {
    a: { before: 1, after: null },
    b: { before: null, after: 2 },
  })
})

test('a field holding something the audit cannot store as JSON is shown as null', () => {
  assert.deepEqual(changedFields<{ format: unknown }>({ format: () => 'csv' }, { format: 'xlsx' }), {
    format: { before: null, after: 'xlsx' },
  })
})
