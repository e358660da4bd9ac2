import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chiSquareSurvival, normalSurvival, normalTwoSided } from './survival.js'

const close = (actual: number, expected: number, relative = 1e-10) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} against ${expected}`)

describe('survival functions', () => {
  it('match SciPy in the body of the distribution', () => {
    // scipy.stats.chi2.sf(3.84, 1), chi2.sf(10, 4), norm.sf(1.96)
    close(chiSquareSurvival(3.84, 1), 0.05004352124870519)
    close(chiSquareSurvival(10, 4), 0.04042768199451279)
    close(normalSurvival(1.96), 0.024997895148220435)
  })

  it('do not underflow where 1 − cdf gives 0', () => {
    // chi2.sf(200, 2) = exp(-100); chi2.sf(80, 1); norm.sf(10)
    close(chiSquareSurvival(200, 2), Math.exp(-100))
    close(chiSquareSurvival(80, 1), 3.744097384202887e-19)
    close(normalSurvival(10), 7.61985302416047e-24, 1e-9)
    close(normalTwoSided(-10), 2 * 7.61985302416047e-24, 1e-9)
  })

  it('answer 1 at or below zero and NaN for no degrees of freedom', () => {
    assert.equal(chiSquareSurvival(0, 3), 1)
    assert.ok(Number.isNaN(chiSquareSurvival(1, 0)))
  })
})
