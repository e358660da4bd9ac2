import jstat from 'jstat'
import { chiSquareSurvival } from '../../../platform/statistics/survival.js'

// Pure statistics over counts: no I/O. Distributions come from jstat, upper tails from the platform's
// survival functions; the formulas are the textbook ones that R's prop.test, chisq.test, fisher.test
// and p.adjust implement.

const { jStat } = jstat

export interface Interval {
  lower: number
  upper: number
}

/** The significance level used to flag differences, after Holm correction. */
export const significanceLevel = 0.05

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0)

/**
 * The Wilson score interval of a proportion, without continuity correction (R's
 * `prop.test(x, n, correct = FALSE)$conf.int`). Undefined when there is nobody to count.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval | undefined {
  if (n <= 0) return undefined
  const z = jStat.normal.inv(1 - (1 - confidence) / 2, 0, 1)
  const p = successes / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) }
}

/**
 * Kish's effective sample size of a weighted group, (Σw)² / Σw²: the number of unweighted people
 * who would give as precise an estimate. Undefined when there is no weight.
 */
export function kishEffectiveSize(sumOfWeights: number, sumOfSquaredWeights: number): number | undefined {
  if (!(sumOfWeights > 0) || !(sumOfSquaredWeights > 0)) return undefined
  return (sumOfWeights * sumOfWeights) / sumOfSquaredWeights
}

/**
 * The 95% interval of a weighted proportion: the Wilson interval with Kish's effective sample size
 * in place of the count of people, which widens it by the design effect of the weights.
 */
export function weightedProportionInterval(
  weightedCount: number,
  sumOfWeights: number,
  sumOfSquaredWeights: number,
  confidence = 0.95,
): Interval | undefined {
  const effective = kishEffectiveSize(sumOfWeights, sumOfSquaredWeights)
  if (effective === undefined) return undefined
  return wilsonInterval((weightedCount * effective) / sumOfWeights, effective, confidence)
}

export interface ChiSquareResult {
  statistic: number
  df: number
  p: number
  /** Cells (of the rows and columns that have anyone in them) whose expected count is below 5. */
  expectedBelowFive: number
  /** Cochran's rule: no expected count below 1 and at most a fifth below 5. */
  expectedCountsAdequate: boolean
}

/**
 * Pearson's chi-square test of independence (R's `chisq.test(table, correct = FALSE)`). Rows and
 * columns with nobody in them are left out; undefined when fewer than two of either remain.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareResult | undefined {
  const columnCount = Math.max(0, ...table.map((row) => row.length))
  const columnTotalsAll = Array.from({ length: columnCount }, (_, j) => sum(table.map((row) => row[j] ?? 0)))
  const keptColumns = columnTotalsAll.flatMap((total, j) => (total > 0 ? [j] : []))
  const rows = table.map((row) => keptColumns.map((j) => row[j] ?? 0)).filter((row) => sum(row) > 0)
  if (rows.length < 2 || keptColumns.length < 2) return undefined
  const rowTotals = rows.map(sum)
  const columnTotals = keptColumns.map((_, j) => sum(rows.map((row) => row[j] ?? 0)))
  const n = sum(rowTotals)
  let statistic = 0
  let expectedBelowFive = 0
  let expectedBelowOne = 0
  rows.forEach((row, i) => {
    row.forEach((observed, j) => {
      const expected = ((rowTotals[i] ?? 0) * (columnTotals[j] ?? 0)) / n
      statistic += (observed - expected) ** 2 / expected
      if (expected < 5) expectedBelowFive++
      if (expected < 1) expectedBelowOne++
    })
  })
  const df = (rows.length - 1) * (keptColumns.length - 1)
  const cells = rows.length * keptColumns.length
  return {
    statistic,
    df,
    p: chiSquareSurvival(statistic, df),
    expectedBelowFive,
    expectedCountsAdequate: expectedBelowOne === 0 && expectedBelowFive <= cells / 5,
  }
}

/**
 * Fisher's exact test of a 2×2 table [[a, b], [c, d]], two-sided as R's `fisher.test`: the sum of
 * the probabilities of every table with the same margins that is no more likely than the one seen.
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d
  const firstRow = a + b
  const firstColumn = a + c
  const lowest = Math.max(0, firstRow + firstColumn - n)
  const highest = Math.min(firstRow, firstColumn)
  // Hypergeometric probabilities through log-binomials: constant time each, even for a million people.
  const whole = jStat.combinationln(n, firstRow)
  const probability = (k: number) =>
    Math.exp(jStat.combinationln(firstColumn, k) + jStat.combinationln(n - firstColumn, firstRow - k) - whole)
  // R's relative tolerance, so tables exactly as likely as the observed one count despite rounding.
  const observed = probability(a) * (1 + 1e-7)
  let p = 0
  for (let k = lowest; k <= highest; k++) {
    const pk = probability(k)
    if (pk <= observed) p += pk
  }
  return Math.min(1, p)
}

export type TestMethod = 'chi_square' | 'fisher_exact'

export interface IndependenceTest {
  method: TestMethod
  p: number
  statistic?: number
  df?: number
  /** False when the chi-square approximation is doubtful and no exact test was possible. */
  expectedCountsAdequate: boolean
}

/**
 * The test of independence for a table of counts: chi-square, or Fisher's exact test when the
 * table is 2×2 and its expected counts are too small for the chi-square approximation.
 */
export function testIndependence(table: readonly (readonly number[])[]): IndependenceTest | undefined {
  const chi = chiSquareIndependence(table)
  if (!chi) return undefined
  const [first, second] = table
  if (!chi.expectedCountsAdequate && table.length === 2 && first?.length === 2 && second?.length === 2) {
    const p = fisherExact2x2(first[0] ?? 0, first[1] ?? 0, second[0] ?? 0, second[1] ?? 0)
    return { method: 'fisher_exact', p, expectedCountsAdequate: true }
  }
  return {
    method: 'chi_square',
    p: chi.p,
    statistic: chi.statistic,
    df: chi.df,
    expectedCountsAdequate: chi.expectedCountsAdequate,
  }
}

/** Holm's step-down adjustment of p-values (R's `p.adjust(p, method = "holm")`), in the order given. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p)
  const adjusted = new Array<number>(m).fill(1)
  let running = 0
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p))
    adjusted[i] = running
  })
  return adjusted
}

export interface CellTest {
  row: number
  column: number
  p: number
  /** Holm-adjusted across every cell tested in the table. */
  adjustedP: number
  method: TestMethod
  significant: boolean
  /** Whether the column's proportion is above or below that of the other columns together. */
  direction: 'higher' | 'lower'
}

/**
 * Tests each cell against the rest: is the share choosing row `i` in column `j` different from
 * the share in all the other columns together? Each is a 2×2 test ([cell, rest of the column] against
 * [rest of the row, everything else]); the p-values are Holm-corrected across the cells tested.
 * `columnBases` are the people answering in each column, which for questions with several answers
 * is not the sum of the column. Only the cells `tested` says are tested, and only they make up the
 * family the correction is over.
 */
export function testCellsAgainstRest(
  table: readonly (readonly number[])[],
  columnBases: readonly number[],
  tested: (row: number, column: number) => boolean = () => true,
): CellTest[] {
  const total = sum(columnBases)
  const raw: Omit<CellTest, 'adjustedP' | 'significant'>[] = []
  table.forEach((row, i) => {
    const rowTotal = sum(row)
    row.forEach((count, j) => {
      if (!tested(i, j)) return
      const base = columnBases[j] ?? 0
      const restBase = total - base
      // An empty group, an empty rest, or a row nobody or everybody chose leaves the 2×2 without
      // two rows and two columns, which testIndependence declines to test.
      const pair = [
        [count, base - count],
        [rowTotal - count, restBase - (rowTotal - count)],
      ]
      const test = testIndependence(pair)
      if (!test) return
      raw.push({
        row: i,
        column: j,
        p: test.p,
        method: test.method,
        direction: count / base > (rowTotal - count) / restBase ? 'higher' : 'lower',
      })
    })
  })
  const adjusted = holmAdjust(raw.map((t) => t.p))
  return raw.map((t, k) => {
    const adjustedP = adjusted[k] ?? 1
    return { ...t, adjustedP, significant: adjustedP < significanceLevel }
  })
}
