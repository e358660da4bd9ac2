import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chiSquareGoodnessOfFit } from './goodness-of-fit.js'

const close = (actual: number, expected: number, within = 1e-6) =>
  assert.ok(Math.abs(actual - expected) < within, `${actual} is not ${expected}`)

// Reference values worked by hand: 50, 30, 20 against equal thirds of 100 gives
// χ² = (16.67² + 3.33² + 13.33²) / 33.33 = 14.0 on 2 degrees of freedom, and with two degrees of
// freedom the upper tail is exactly e^(−χ²/2) = e^(−7) = 0.000912. The adjusted residual of the
// third group is (20 − 33.33) / √(33.33 × 2/3) = −2.828.
test('a worked example: statistic, p-value and adjusted residuals', () => {
  const fit = chiSquareGoodnessOfFit([
    { key: 'a', observed: 50, expectedShare: 1 / 3 },
    { key: 'b', observed: 30, expectedShare: 1 / 3 },
    { key: 'c', observed: 20, expectedShare: 1 / 3 },
  ])
  close(fit.statistic, 14)
  assert.equal(fit.degreesOfFreedom, 2)
  close(fit.pValue, Math.exp(-7), 1e-9)
  close(fit.categories[2]?.residual ?? 0, -2.8284271, 1e-6)
  assert.deepEqual(
    fit.categories.map((c) => [c.underHeard, c.overHeard]),
    [
      [false, true],
      [false, false],
      [true, false],
    ],
  )
})

// The 5% critical value of χ² on 1 degree of freedom is 3.841: 60 against 40 where 50/50 is
// expected gives χ² = 4.0, just past it (p = 0.0455).
test('one degree of freedom: 60 against 40 is just significant at 5%', () => {
  const fit = chiSquareGoodnessOfFit([
    { key: 'female', observed: 60, expectedShare: 0.5 },
    { key: 'male', observed: 40, expectedShare: 0.5 },
  ])
  close(fit.statistic, 4)
  close(fit.pValue, 0.0455003, 1e-6)
  assert.equal(fit.categories[1]?.underHeard, true)
  close(fit.categories[1]?.residual ?? 0, -2)
})

test('shares need not add up to one, and a group with no population share is left out of the test', () => {
  const fit = chiSquareGoodnessOfFit([
    { key: 'a', observed: 25, expectedShare: 2 },
    { key: 'b', observed: 25, expectedShare: 2 },
    { key: 'c', observed: 0, expectedShare: 0 },
  ])
  close(fit.statistic, 0)
  assert.equal(fit.degreesOfFreedom, 1)
  close(fit.pValue, 1)
  assert.equal(fit.smallExpected, false)
})

test('no respondents gives no evidence either way', () => {
  const fit = chiSquareGoodnessOfFit([
    { key: 'a', observed: 0, expectedShare: 0.5 },
    { key: 'b', observed: 0, expectedShare: 0.5 },
  ])
  assert.equal(fit.pValue, 1)
  assert.ok(fit.categories.every((c) => !c.underHeard && !c.overHeard))
})
