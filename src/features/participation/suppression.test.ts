import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSuppressed, suppressCount } from './suppression.js'

test('counts from 1 to below the threshold are suppressed; none and the threshold itself are shown', () => {
  assert.deepEqual(
    [0, 1, 4, 5, 6].map((n) => isSuppressed(n, 5)),
    [false, true, true, false, false],
  )
  assert.deepEqual(suppressCount(3, 5), { suppressed: true, count: undefined })
  assert.deepEqual(suppressCount(12, 5), { suppressed: false, count: 12 })
  assert.equal(isSuppressed(9, 10), true)
})
