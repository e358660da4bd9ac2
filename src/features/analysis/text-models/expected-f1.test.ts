import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bestCount, countDistribution, expectedF1, maxCoded } from './expected-f1.js'

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`)

describe('count distribution', () => {
  it('gives the chance of each number of yeses among independent chances', () => {
    assert.deepEqual([...countDistribution([0.5, 0.5], 2)], [0.25, 0.5, 0.25])
  })

  it('pools counts above the cap into the cap', () => {
    const pooled = countDistribution([0.5, 0.5, 0.5], 1)
    close(pooled[0] ?? 0, 0.125)
    close(pooled[1] ?? 0, 0.875)
  })
})

describe('expected F1 of one comment', () => {
  it('is worked by hand on small cases', () => {
    close(expectedF1([1], []), 1)
    close(expectedF1([0.5], []), 0.5)
    // Right with 0.8; the other theme is also right half the time, making F1 2/3 rather than 1.
    close(expectedF1([0.8], [0.5]), 0.8 * (0.5 + 0.5 * (2 / 3)))
  })
})

describe('how many themes to code', () => {
  it('codes one theme when one is near certain and the rest unlikely', () => {
    assert.equal(bestCount([0.99, 0.02, 0.01], 1), 1)
  })

  it('codes a second likely theme when it adds to the expected F1', () => {
    // Expected F1: 0.710 for one theme, 0.811 for two, 0.655 for three.
    assert.equal(bestCount([0.9, 0.6, 0.05], 1), 2)
  })

  it('codes at least the fewest asked for, and no more than there are or than the cap', () => {
    assert.equal(bestCount([0.99, 0.02, 0.01], 2), 2)
    assert.equal(bestCount([0.7], 3), 1)
    assert.equal(
      bestCount(
        Array.from({ length: 15 }, () => 0.9),
        1,
      ),
      maxCoded,
    )
  })
})
