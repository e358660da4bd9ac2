import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  answersOf,
  batchField,
  compareKeyings,
  keyerAccuracy,
  paperFields,
  receivedField,
  sameValue,
} from './double-entry.js'

test('values are the same only when stored the same: lists in order, numbers by value, blank as blank', () => {
  assert.ok(sameValue(['bus', 'car'], ['bus', 'car']))
  assert.ok(!sameValue(['bus', 'car'], ['car', 'bus']))
  assert.ok(!sameValue(['bus'], 'bus'))
  assert.ok(sameValue(3, 3))
  assert.ok(!sameValue(3, '3'))
  assert.ok(sameValue(undefined, undefined))
  assert.ok(!sameValue(undefined, ''))
})

test('two keyings are compared field by field, the paper details included', () => {
  const first = paperFields({
    receivedOn: '2026-11-20',
    batch: 'Freepost 3',
    answers: { single: 'bus', multiple: ['bus', 'car'], rate: 4, comments: 'Too far' },
  })
  const second = paperFields({
    receivedOn: '2026-11-21',
    batch: 'Freepost 3',
    answers: { single: 'bus', multiple: ['bus'], rate: 4, count: 2 },
  })
  const { agreed, differences } = compareKeyings(first, second)
  assert.deepEqual(agreed, { [batchField]: 'Freepost 3', single: 'bus', rate: 4 })
  assert.deepEqual(differences, [
    { field: receivedField, first: '2026-11-20', second: '2026-11-21' },
    { field: 'multiple', first: ['bus', 'car'], second: ['bus'] },
    { field: 'comments', first: 'Too far', second: undefined },
    { field: 'count', first: undefined, second: 2 },
  ])
  assert.deepEqual(compareKeyings(first, { ...first }).differences, [])
  assert.deepEqual(answersOf(first), {
    single: 'bus',
    multiple: ['bus', 'car'],
    rate: 4,
    comments: 'Too far',
  })
})

test('accuracy counts, per keyer, the fields anyone keyed that match the resolved value', () => {
  const resolved = { [receivedField]: '2026-11-20', [batchField]: 'B1', single: 'bus', comments: 'Too far' }
  const accuracy = keyerAccuracy([
    {
      resolved,
      keyings: [
        { keyedBy: 'ann', fields: { ...resolved } },
        // Bea typed the wrong choice and missed the comment: 2 of the 4 fields wrong.
        { keyedBy: 'bea', fields: { [receivedField]: '2026-11-20', [batchField]: 'B1', single: 'car' } },
      ],
    },
    {
      resolved: { [receivedField]: '2026-11-21', [batchField]: 'B1' },
      keyings: [
        // Ann typed an answer the paper does not have: the field counts, and is wrong.
        { keyedBy: 'ann', fields: { [receivedField]: '2026-11-21', [batchField]: 'B1', count: 4 } },
        { keyedBy: 'cal', fields: { [receivedField]: '2026-11-21', [batchField]: 'B1' } },
      ],
    },
  ])
  const by = Object.fromEntries(accuracy.map((a) => [a.keyedBy, a]))
  assert.deepEqual(by.ann, { keyedBy: 'ann', papers: 2, fieldsKeyed: 7, fieldsMatched: 6 })
  assert.deepEqual(by.bea, { keyedBy: 'bea', papers: 1, fieldsKeyed: 4, fieldsMatched: 2 })
  assert.deepEqual(by.cal, { keyedBy: 'cal', papers: 1, fieldsKeyed: 3, fieldsMatched: 3 })
  assert.deepEqual(keyerAccuracy([]), [])
})
