import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tinyCodedComments } from '../../../testing/tiny-coded-comments.js'
import { assignFolds, crossValidateCoding } from './cross-validation.js'

describe('assignFolds', () => {
  it('splits items into folds differing in size by at most one, repeatably', () => {
    const folds = assignFolds(11, 3, 4)
    const sizes = [0, 1, 2].map((f) => [...folds].filter((x) => x === f).length)
    assert.deepEqual(
      sizes.sort((a, b) => a - b),
      [3, 4, 4],
    )
    assert.deepEqual(folds, assignFolds(11, 3, 4))
  })
})

describe('crossValidateCoding', () => {
  it('scores held-out predictions per theme and overall', () => {
    const result = crossValidateCoding(tinyCodedComments(60), { folds: 3 })
    assert.ok(result.ok)
    assert.equal(result.scores.items, 60)
    assert.deepEqual(
      result.scores.perTheme.map((s) => s.theme),
      ['staff', 'transport', 'waiting'],
    )
    // Every phrasing is seen in training in other comments, so held-out coding is near perfect.
    assert.ok(result.scores.samplesF1 > 0.9)
    assert.ok(result.scores.macroF1 > 0.9)
  })

  it('says how many more coded comments it needs', () => {
    const result = crossValidateCoding(tinyCodedComments(20), { folds: 5 })
    assert.deepEqual(result, { ok: false, reason: 'too-few-examples', have: 20, needed: 5 })
  })
})
