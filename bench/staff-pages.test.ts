import assert from 'node:assert/strict'
import { test } from 'node:test'
import { percentile, staffPagesMeasurement } from './staff-pages.js'

test('the p95 is the nearest rank: the 19th of 20, and the slowest of fewer than 20', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1)
  assert.equal(percentile(twenty, 95), 19)
  assert.equal(percentile([5, 1, 3], 95), 5)
  assert.equal(percentile([7], 95), 7)
})

test('the value is the slowest page against its own main query, with the p95 and each timed page beside it', () => {
  const measured = staffPagesMeasurement('staff-pages', 1000, [
    { name: 'overview', path: '/o', ms: 120, mainQueryMs: 3 },
    { name: 'results', path: '/r', ms: 900, mainQueryMs: 300 },
    { name: 'events', path: '/e', ms: 80 },
  ])
  assert.equal(measured.value, 900)
  assert.equal(measured.baseline, 300)
  assert.deepEqual(
    measured.further?.map((f) => [f.name, f.value, f.baseline]),
    [
      ['staff-pages: p95 of all pages', 900, 300],
      ['staff-pages: overview', 120, 3],
      ['staff-pages: results', 900, 300],
    ],
  )
})
