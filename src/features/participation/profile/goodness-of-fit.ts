import jstat from 'jstat'
import { chiSquareSurvival } from '../../../platform/statistics/survival.js'

const { jStat } = jstat

// Pearson's chi-square goodness-of-fit test of who responded against who lives in the area, with
// each group's adjusted standardised residual, (O − E) / √(E × (1 − p)), to show how far it is off.
// A group is flagged on its exact binomial two-sided p-value, Holm-corrected across the groups of
// the table, so the chance that any group of a table is flagged when all are heard in proportion
// stays within 5%. Flagging each residual beyond ±1.96 on its own flagged one of 19 ethnic groups
// falsely a quarter of the time, and the normal approximation is too bold for small groups.

export interface FitCategory {
  key: string
  observed: number
  /** The group's share of the reference population, from 0 to 1. */
  expectedShare: number
}

export interface FitResult {
  total: number
  statistic: number
  degreesOfFreedom: number
  pValue: number
  categories: (FitCategory & {
    expected: number
    residual: number
    /** Two-sided, Holm-adjusted across the table's groups. */
    adjustedP: number
    underHeard: boolean
    overHeard: boolean
  })[]
  /** Fewer than 80% of expected counts are 5 or more, so the p-value is only a rough guide. */
  smallExpected: boolean
}

/** The chance of any false flag in a table. */
export const familyLevel = 0.05

/**
 * Holm's step-down adjustment (R's `p.adjust(method = "holm")`), in the order given. Written here
 * rather than taken from the results feature, which depends on this one.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p)
  const adjusted = new Array<number>(pValues.length).fill(1)
  let running = 0
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p))
    adjusted[i] = running
  })
  return adjusted
}

/** ln P(X = k) for X ~ Binomial(n, p), in logs so large n neither overflows nor underflows. */
const binomialLogPmf = (k: number, n: number, p: number) =>
  jStat.combinationln(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p)

/**
 * Exact two-sided binomial p-value: twice the tail on the observed side, each tail summed term by
 * term outward from the observation (never 1 − cdf, which loses small tails to rounding). Outward
 * from the observation the terms only shrink, so each is the one before times the ratio of
 * neighbouring terms: one log-gamma for the first rather than three for every term, which at a
 * million respondents (thousands of terms a group) took most of a second a page. A first term too
 * small for a double leaves every later one 0 too.
 */
export function binomialTwoSided(observed: number, n: number, p: number): number {
  if (n === 0 || p <= 0 || p >= 1) return 1
  const below = observed <= n * p
  const odds = p / (1 - p)
  let term = Math.exp(binomialLogPmf(observed, n, p))
  let tail = 0
  for (let k = observed; term > 0; ) {
    tail += term
    if (term < tail * 1e-17) break
    if (below) {
      if (k === 0) break
      term *= k / ((n - k + 1) * odds)
      k--
    } else {
      if (k === n) break
      term *= ((n - k) * odds) / (k + 1)
      k++
    }
  }
  return Math.min(1, 2 * tail)
}

/**
 * The fit of the observed counts to the population's shares. Only the groups `published` marks
 * (all, when not given) have their own test, and the correction is over those alone: a group's
 * count that is not shown is neither tested nor flagged, nor lets its p-value into the others'.
 */
export function chiSquareGoodnessOfFit(
  categories: readonly FitCategory[],
  published: readonly boolean[] = categories.map(() => true),
): FitResult {
  const total = categories.reduce((sum, c) => sum + c.observed, 0)
  const shareTotal = categories.reduce((sum, c) => sum + c.expectedShare, 0)
  let statistic = 0
  let usable = 0
  let bigEnough = 0
  const rows = categories.map((c) => {
    const p = shareTotal > 0 ? c.expectedShare / shareTotal : 0
    const expected = total * p
    let residual = 0
    if (expected > 0) {
      usable++
      if (expected >= 5) bigEnough++
      statistic += (c.observed - expected) ** 2 / expected
      residual = p < 1 ? (c.observed - expected) / Math.sqrt(expected * (1 - p)) : 0
    }
    return { ...c, expected, residual, share: p, testable: expected > 0 && p < 1 }
  })
  const testedIndexes = rows.flatMap((r, i) => (r.testable && published[i] === true ? [i] : []))
  const raw = testedIndexes.map((i) => binomialTwoSided(rows[i]?.observed ?? 0, total, rows[i]?.share ?? 0))
  // With two groups, one's share fixes the other's: the two tests are one, and need no correction.
  const testable = rows.filter((r) => r.testable).length
  const adjusted = testable === 2 ? raw : holmAdjust(raw)
  const adjustedAt = new Map(testedIndexes.map((i, k) => [i, adjusted[k] ?? 1]))
  const tested = rows.map(({ testable: _, share: __, ...r }, i) => {
    const adjustedP = adjustedAt.get(i) ?? 1
    const flagged = adjustedP < familyLevel
    return { ...r, adjustedP, underHeard: flagged && r.residual < 0, overHeard: flagged && r.residual > 0 }
  })
  const degreesOfFreedom = Math.max(0, usable - 1)
  const pValue = degreesOfFreedom > 0 && total > 0 ? chiSquareSurvival(statistic, degreesOfFreedom) : 1
  return {
    total,
    statistic,
    degreesOfFreedom,
    pValue,
    categories: tested,
    smallExpected: usable > 0 && bigEnough / usable < 0.8,
  }
}
