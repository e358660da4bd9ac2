import jstat from 'jstat'

const { jStat } = jstat

// Pearson's chi-square goodness-of-fit test of who responded against who lives in the area, with
// each group's adjusted standardised residual: (O − E) / √(E × (1 − p)), which is roughly standard
// normal, so a residual below −1.96 marks a group heard less than its share with 95% confidence.

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
    underHeard: boolean
    overHeard: boolean
  })[]
  /** Fewer than 80% of expected counts are 5 or more, so the p-value is only a rough guide. */
  smallExpected: boolean
}

export const criticalResidual = 1.96

export function chiSquareGoodnessOfFit(categories: readonly FitCategory[]): FitResult {
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
    return {
      ...c,
      expected,
      residual,
      underHeard: residual < -criticalResidual,
      overHeard: residual > criticalResidual,
    }
  })
  const degreesOfFreedom = Math.max(0, usable - 1)
  const pValue = degreesOfFreedom > 0 && total > 0 ? 1 - jStat.chisquare.cdf(statistic, degreesOfFreedom) : 1
  return {
    total,
    statistic,
    degreesOfFreedom,
    pValue,
    categories: rows,
    smallExpected: usable > 0 && bigEnough / usable < 0.8,
  }
}
