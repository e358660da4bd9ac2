import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { seededRandom } from '../../../platform/random/seeded-random.js'
import { defaultEpochs, scoreLinear, shuffled, trainLinearModels } from './linear-classifier.js'
import type { SparseVector } from './sparse-vector.js'

const vector = (entries: [number, number][]): SparseVector => ({
  indices: Int32Array.from(entries, ([i]) => i),
  values: Float64Array.from(entries, ([, v]) => v),
})

describe('trainLinearModels', () => {
  it('learns one separating classifier per theme', () => {
    // Feature 0 means theme 0, feature 1 means theme 1, feature 2 is noise.
    const vectors = [
      vector([[0, 1]]),
      vector([
        [0, 0.8],
        [2, 0.6],
      ]),
      vector([[1, 1]]),
      vector([
        [1, 0.8],
        [2, 0.6],
      ]),
      vector([
        [0, 0.7],
        [1, 0.7],
      ]),
      vector([[2, 1]]),
    ]
    const labels = [[0], [0], [1], [1], [0, 1], []]
    const models = trainLinearModels(vectors, labels, 2, 3, { epochs: 50 })
    const scores = scoreLinear(models, [vector([[0, 1]]), vector([[1, 1]]), vector([[2, 1]])])
    assert.ok((scores[0]?.[0] ?? 0) > 0 && (scores[0]?.[1] ?? 0) < 0)
    assert.ok((scores[1]?.[1] ?? 0) > 0 && (scores[1]?.[0] ?? 0) < 0)
    assert.ok((scores[2]?.[0] ?? 0) < 0 && (scores[2]?.[1] ?? 0) < 0)
  })

  it('is repeatable with the same seed', () => {
    const vectors = [vector([[0, 1]]), vector([[1, 1]])]
    const a = trainLinearModels(vectors, [[0], []], 1, 2, { seed: 3 })
    const b = trainLinearModels(vectors, [[0], []], 1, 2, { seed: 3 })
    assert.deepEqual(a.weights, b.weights)
  })
})

describe('helpers', () => {
  it('shuffles every index exactly once, repeatably', () => {
    const order = shuffled(10, seededRandom(5))
    assert.deepEqual(
      [...order].sort((x, y) => x - y),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    )
    assert.deepEqual(order, shuffled(10, seededRandom(5)))
  })

  it('takes fewer passes over more comments', () => {
    assert.ok(defaultEpochs(500) > defaultEpochs(20_000))
    assert.ok(defaultEpochs(20_000) > defaultEpochs(100_000))
  })
})
