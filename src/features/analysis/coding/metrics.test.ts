import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { f1FromCounts, itemF1, scoreCoding } from './metrics.js'

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`)

// scikit-learn's documented multi-label example for f1_score:
// y_true = [[0,0,0],[1,1,1],[0,1,1]], y_pred = [[0,0,0],[1,1,1],[1,1,0]] gives per class [2/3, 1, 2/3].
const truth = [[], ['a', 'b', 'c'], ['b', 'c']]
const predicted = [[], ['a', 'b', 'c'], ['a', 'b']]

describe('scoreCoding', () => {
  it("matches scikit-learn's multi-label example per theme", () => {
    const scores = scoreCoding(truth, predicted)
    assert.deepEqual(
      scores.perTheme.map((s) => s.theme),
      ['a', 'b', 'c'],
    )
    close(scores.perTheme[0]?.f1 ?? -1, 2 / 3)
    close(scores.perTheme[1]?.f1 ?? -1, 1)
    close(scores.perTheme[2]?.f1 ?? -1, 2 / 3)
    close(scores.perTheme[0]?.precision ?? -1, 0.5)
    close(scores.perTheme[2]?.recall ?? -1, 0.5)
    assert.equal(scores.perTheme[1]?.support, 2)
  })

  it('gives micro F1 from pooled counts and macro F1 as the mean over themes', () => {
    const scores = scoreCoding(truth, predicted)
    // Pooled: tp 4, fp 1, fn 1, so 8 / 10.
    close(scores.microF1, 0.8)
    close(scores.macroF1, (2 / 3 + 1 + 2 / 3) / 3)
  })

  it('averages F1 over items for samples F1, an item with nothing true or predicted scoring zeroDivision', () => {
    close(scoreCoding(truth, predicted).samplesF1, (0 + 1 + 0.5) / 3)
    close(scoreCoding(truth, predicted, { zeroDivision: 1 }).samplesF1, (1 + 1 + 0.5) / 3)
    const perItem = itemF1(truth, predicted)
    close(perItem.reduce((a, b) => a + b, 0) / perItem.length, scoreCoding(truth, predicted).samplesF1)
  })

  it("matches scikit-learn's multi-class example (single labels) for micro and macro", () => {
    // y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]: macro 0.26666, micro 0.33333.
    const t = [0, 1, 2, 0, 1, 2].map((x) => [String(x)])
    const p = [0, 2, 1, 0, 0, 1].map((x) => [String(x)])
    const scores = scoreCoding(t, p)
    close(scores.macroF1, 0.8 / 3)
    close(scores.microF1, 1 / 3)
  })

  it('leaves themes with too few true items out of micro and macro F1', () => {
    const t = [['a'], ['a'], ['b']]
    const p = [['a'], ['b'], ['b']]
    const scores = scoreCoding(t, p, { minSupport: 2 })
    // Only a counts: tp 1, fp 0, fn 1.
    close(scores.macroF1, 2 / 3)
    close(scores.microF1, 2 / 3)
    assert.equal(scores.perTheme.length, 2)
  })

  it('scores nothing to score as zero, and refuses lists of different lengths', () => {
    assert.equal(scoreCoding([], []).samplesF1, 0)
    assert.equal(f1FromCounts(0, 0, 0), 0)
    assert.throws(() => scoreCoding([['a']], []), RangeError)
  })
})
