import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { pairedBootstrap } from './paired-bootstrap.js'

describe('pairedBootstrap', () => {
  it('centres on the mean difference and excludes 0 when one side is always better', () => {
    const model = Array.from({ length: 400 }, (_, i) => (i % 10 < 8 ? 1 : 0))
    const baseline = Array.from({ length: 400 }, (_, i) => (i % 10 < 6 ? 1 : 0))
    const result = pairedBootstrap([{ model, baseline }], { seed: 2 })
    assert.ok(result)
    assert.ok(Math.abs(result.difference - 0.2) < 1e-12)
    assert.ok(
      result.low > 0.15 && result.low < 0.2 && result.high > 0.2 && result.high < 0.25,
      JSON.stringify(result),
    )
  })

  it('gives an interval of nothing but 0 for identical coders, and none without items', () => {
    const same = [1, 0, 0.5, 1]
    assert.deepEqual(pairedBootstrap([{ model: same, baseline: same }], { replicates: 50 }), {
      difference: 0,
      low: 0,
      high: 0,
      replicates: 50,
    })
    assert.equal(pairedBootstrap([]), undefined)
  })
})
