import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import jstat from 'jstat'
import { seededRandom } from '../../../platform/random/seeded-random.js'
import { shippedPopulation } from '../service.js'
import { binomialTwoSided, chiSquareGoodnessOfFit, holmAdjust } from './goodness-of-fit.js'

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
test('one degree of freedom: 60 against 40 is significant by chi-square but not by the exact test', () => {
  const fit = chiSquareGoodnessOfFit([
    { key: 'female', observed: 60, expectedShare: 0.5 },
    { key: 'male', observed: 40, expectedShare: 0.5 },
  ])
  close(fit.statistic, 4)
  close(fit.pValue, 0.0455003, 1e-6)
  close(fit.categories[1]?.residual ?? 0, -2)
  // binom.test(40, 100, 0.5)$p.value = 0.05688793, so 40 is not flagged; 39 is (0.03520020).
  close(fit.categories[1]?.adjustedP ?? 0, 0.05688793, 1e-8)
  assert.equal(fit.categories[1]?.underHeard, false)
  const fewer = chiSquareGoodnessOfFit([
    { key: 'female', observed: 61, expectedShare: 0.5 },
    { key: 'male', observed: 39, expectedShare: 0.5 },
  ])
  close(fewer.categories[1]?.adjustedP ?? 0, 0.0352002, 1e-7)
  assert.equal(fewer.categories[1]?.underHeard, true)
})

test('exact binomial tails far out keep their size instead of becoming 0', () => {
  // binom.test(0, 10000, 0.1)$p.value = 2 × 0.9^10000 ≈ 2.2e-458, below doubles: 0 is the truth
  // as a double there, but 5 of 1,000 at p = 0.1 must be positive: 2 × pbinom(5, 1000, 0.1).
  const p = binomialTwoSided(5, 1000, 0.1)
  assert.ok(p > 0 && p < 1e-30, String(p))
  close(binomialTwoSided(3, 10, 0.3), 1, 1e-12)
})

test("exact binomial tails at a million agree with the tail summed from each term's own log-gamma", () => {
  const { jStat } = jstat
  const termByTerm = (observed: number, n: number, p: number) => {
    const step = observed <= n * p ? -1 : 1
    let tail = 0
    for (let k = observed; k >= 0 && k <= n; k += step) {
      const term = Math.exp(jStat.combinationln(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p))
      tail += term
      if (term > 0 && term < tail * 1e-17) break
    }
    return Math.min(1, 2 * tail)
  }
  const random = seededRandom(27)
  for (let i = 0; i < 40; i++) {
    const n = 200_000 + Math.floor(random() * 800_000)
    const p = 0.01 + random() * 0.5
    const spread = Math.sqrt(n * p * (1 - p)) * (i % 2 === 0 ? 3 : 8)
    const observed = Math.round(n * p + (random() - 0.5) * 2 * spread)
    const expected = termByTerm(observed, n, p)
    const actual = binomialTwoSided(observed, n, p)
    assert.ok(
      Math.abs(actual - expected) <= 1e-8 * expected,
      `${observed} of ${n} at ${p}: ${actual}, not ${expected}`,
    )
  }
  // A tail far below what a double holds is 0, as each of its terms is.
  assert.equal(binomialTwoSided(10_000, 1_000_000, 0.2), 0)
  assert.equal(binomialTwoSided(990_000, 1_000_000, 0.2), 0)
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

test('a null simulation over the 19 Leicester ethnic groups at n = 1,000 flags falsely at most about 5% of the time', () => {
  // Respondents drawn from the population itself (seeded): any flag is a false one. Flagging each
  // residual below −1.96 on its own, as before, flagged a group under-heard in about a quarter of
  // the runs; now a run with any group flagged either way is counted.
  const csv = readFileSync(shippedPopulation, 'utf8')
  const shares = csv
    .split('\n')
    .filter((line) => line.startsWith('leicester,ethnicity,'))
    .map((line) => Number(line.split(',')[3]))
  assert.equal(shares.length, 19)
  const total = shares.reduce((a, b) => a + b, 0)
  const cumulative = shares.map((_, i) => shares.slice(0, i + 1).reduce((a, b) => a + b, 0) / total)
  const random = seededRandom(19)
  const runs = 1000
  let corrected = 0
  let uncorrected = 0
  for (let run = 0; run < runs; run++) {
    const observed = shares.map(() => 0)
    for (let person = 0; person < 1000; person++) {
      const u = random()
      const k = cumulative.findIndex((c) => u < c)
      observed[k === -1 ? 18 : k] = (observed[k === -1 ? 18 : k] ?? 0) + 1
    }
    const fit = chiSquareGoodnessOfFit(
      observed.map((o, i) => ({ key: String(i), observed: o, expectedShare: (shares[i] ?? 0) / total })),
    )
    if (fit.categories.some((c) => c.underHeard || c.overHeard)) corrected++
    if (fit.categories.some((c) => c.residual < -1.96)) uncorrected++
  }
  assert.ok(uncorrected / runs > 0.2, `uncorrected false flags ${uncorrected / runs}`)
  assert.ok(corrected / runs <= 0.06, `Holm-corrected false flags ${corrected / runs}`)
})

test("Holm's adjustment equals R's p.adjust(method = 'holm')", () => {
  // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
  const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005])
  for (const [a, e] of adjusted.map((a, i) => [a, [0.03, 0.06, 0.06, 0.02][i] ?? 0]))
    close(a ?? 0, e ?? 0, 1e-12)
})

test("the whole table's p-value far out keeps its size instead of becoming 0", () => {
  // 900 against 100 where 50/50 is expected: χ² = 2 × 400² / 500 = 640 on 1 degree of freedom,
  // p = 3.3414880386413873e-141 (SciPy chi2.sf(640, 1)); 1 − cdf gave 0.
  const fit = chiSquareGoodnessOfFit([
    { key: 'female', observed: 900, expectedShare: 0.5 },
    { key: 'male', observed: 100, expectedShare: 0.5 },
  ])
  close(fit.statistic, 640)
  assert.ok(Math.abs(fit.pValue / 3.3414880386413873e-141 - 1) < 1e-9, String(fit.pValue))
})
