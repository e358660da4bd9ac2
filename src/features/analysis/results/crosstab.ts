import { type SuppressionReason, suppressTable } from '../../../platform/disclosure/suppression.js'
import {
  type IndependenceTest,
  type Interval,
  kishEffectiveSize,
  type TestMethod,
  testCellsAgainstRest,
  testIndependence,
  weightedProportionInterval,
  wilsonInterval,
} from './statistics.js'

// A question's answers by a breakdown (or by nobody: one column of everyone), with column
// percentages, Wilson intervals, tests and suppression. Pure: counts in, a table out.

export interface Category {
  value: string
  label: string
}

export interface CrosstabCounts {
  /** The answers (rows) and the groups of the breakdown (columns). */
  rows: readonly Category[]
  columns: readonly Category[]
  /** counts[row][column]: people in the group giving that answer. */
  counts: readonly (readonly number[])[]
  /** People in each group who answered the question (the base). */
  columnBases: readonly number[]
  /** People in each group who did not answer it. */
  notAnswered: readonly number[]
  /** True when a person may give several answers, so columns do not add up to their base. */
  multiple: boolean
  /**
   * The same counts with each person weighted, when weighting is asked for; `columnSquares` is each
   * group's sum of squared weights, for the effective sample size.
   */
  weighted?: {
    counts: readonly (readonly number[])[]
    columnBases: readonly number[]
    columnSquares: readonly number[]
  }
}

/** Rows of the agreement scale whose sums are shown as agree and disagree totals. */
export const agreeValues = ['strongly_agree', 'agree'] as const
export const disagreeValues = ['disagree', 'strongly_disagree'] as const

export interface Figure {
  /** Null when hidden to protect a small group. */
  count: number | null
  /** Of the column's base, from 0 to 100. */
  percent: number | null
  interval: Interval | null
  suppressed: SuppressionReason | null
}

export interface CrosstabCell extends Figure {
  weightedPercent: number | null
  /** 95% interval of the weighted percentage, from Kish's effective sample size. */
  weightedInterval: Interval | null
  /** Set when the cell differs from the rest of its row after Holm correction. */
  difference: { direction: 'higher' | 'lower'; adjustedP: number; method: TestMethod } | null
}

export interface Crosstab {
  rows: { category: Category; cells: CrosstabCell[]; total: Figure }[]
  columns: {
    category: Category
    base: number | null
    notAnswered: number | null
    /** Kish's effective sample size of the weighted column, when weighted and its base is shown. */
    effectiveBase: number | null
  }[]
  base: number | null
  notAnswered: number | null
  /** Agreement scales only: the agree and disagree totals and net agreement, per column and overall. */
  agreement: { agree: Figure[]; disagree: Figure[]; net: (number | null)[] } | null
  test: IndependenceTest | null
  /** Why there is no overall test, when there is none. */
  untestedBecause: 'several_answers' | 'too_few_groups' | 'suppressed' | null
  allSuppressed: boolean
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0)

function figure(
  count: number,
  base: number,
  suppressed: SuppressionReason | null,
  baseShown: boolean,
): Figure {
  if (suppressed) return { count: null, percent: null, interval: null, suppressed }
  const interval = baseShown ? (wilsonInterval(count, base) ?? null) : null
  return {
    count,
    percent: baseShown && base > 0 ? (100 * count) / base : null,
    interval: interval && { lower: 100 * interval.lower, upper: 100 * interval.upper },
    suppressed: null,
  }
}

export function buildCrosstab(input: CrosstabCounts, threshold: number): Crosstab {
  const { rows, columns, counts, columnBases, multiple } = input
  const isAgreement = rows.some((r) => r.value === 'strongly_agree')
  const rowIndexes = (values: readonly string[]) =>
    rows.flatMap((r, i) => (values.includes(r.value) ? [i] : []))
  const agreeRows = rowIndexes(agreeValues)
  const disagreeRows = rowIndexes(disagreeValues)
  const grand = sum(columnBases)
  const notAnsweredTotal = sum(input.notAnswered)
  // The agree and disagree totals are shown, so they are protected as rows of their own: hiding
  // "agree" but showing "strongly agree" and the agree total would give it away.
  const derivedRows = isAgreement ? [agreeRows, disagreeRows] : []
  const suppression = suppressTable(
    // The base is those who answered, each giving at least one answer.
    {
      cells: counts,
      columnTotals: columnBases,
      columnsAdd: !multiple,
      columnsCovered: multiple,
      derivedRows,
    },
    threshold,
  )
  const baseShown = columns.map((_, j) => suppression.columnTotals[j] === null)
  // A statistic is computed from published figures only: shown beside the table, one computed
  // from a hidden count is another equation for it (a chi-square and the shown cells can be solved
  // for the hidden ones). A cell's test needs its count, its column's base, its row's total and the
  // grand total; the whole table's test needs every cell, so any hidden count withholds it.
  const anyHidden = [
    ...suppression.cells.flat(),
    ...suppression.rowTotals,
    ...suppression.columnTotals,
    suppression.grandTotal,
  ].some((reason) => reason !== null)
  const published = (i: number, j: number) =>
    suppression.cells[i]?.[j] === null &&
    suppression.rowTotals[i] === null &&
    baseShown[j] === true &&
    suppression.grandTotal === null
  const cellTests = columns.length >= 2 ? testCellsAgainstRest(counts, columnBases, published) : []
  const weighted = input.weighted
  const tableRows = rows.map((category, i) => {
    const cells = columns.map((_, j): CrosstabCell => {
      const count = counts[i]?.[j] ?? 0
      const suppressed = suppression.cells[i]?.[j] ?? null
      const f = figure(count, columnBases[j] ?? 0, suppressed, baseShown[j] ?? false)
      const tested = cellTests.find((c) => c.row === i && c.column === j)
      const weightedBase = weighted?.columnBases[j] ?? 0
      // A weighted percentage is shown only where the plain one is (its count and its group's base
      // shown): where everyone in a group is weighted alike (raked on the breakdown alone), the two
      // are equal, so a shown count over its weighted percentage gives a hidden base away.
      const shownWeighted = weighted !== undefined && f.percent !== null && weightedBase > 0
      const weightedCount = weighted?.counts[i]?.[j] ?? 0
      const weightedInterval = shownWeighted
        ? weightedProportionInterval(weightedCount, weightedBase, weighted.columnSquares[j] ?? 0)
        : undefined
      return {
        ...f,
        weightedPercent: shownWeighted ? (100 * weightedCount) / weightedBase : null,
        weightedInterval: weightedInterval
          ? { lower: 100 * weightedInterval.lower, upper: 100 * weightedInterval.upper }
          : null,
        difference:
          tested?.significant === true
            ? { direction: tested.direction, adjustedP: tested.adjustedP, method: tested.method }
            : null,
      }
    })
    const rowTotal = sum(counts[i] ?? [])
    return {
      category,
      cells,
      total: figure(rowTotal, grand, suppression.rowTotals[i] ?? null, suppression.grandTotal === null),
    }
  })
  const hideSmall = (n: number) => (n > 0 && n < threshold ? null : n)
  let agreement: Crosstab['agreement'] = null
  if (isAgreement) {
    const summarise = (g: number) => {
      const members = derivedRows[g] ?? []
      const derivedCounts = columns.map((_, j) => sum(members.map((i) => counts[i]?.[j] ?? 0)))
      const perColumn = columns.map((_, j) =>
        figure(
          derivedCounts[j] ?? 0,
          columnBases[j] ?? 0,
          suppression.cells[rows.length + g]?.[j] ?? null,
          baseShown[j] ?? false,
        ),
      )
      const overall = figure(
        sum(derivedCounts),
        grand,
        suppression.rowTotals[rows.length + g] ?? null,
        suppression.grandTotal === null,
      )
      return columns.length > 1 ? [...perColumn, overall] : perColumn
    }
    const agree = summarise(0)
    const disagree = summarise(1)
    const net = agree.map((a, k) => {
      const d = disagree[k]
      return a.percent !== null && d?.percent !== undefined && d.percent !== null
        ? a.percent - d.percent
        : null
    })
    agreement = { agree, disagree, net }
  }
  const test = multiple || anyHidden ? undefined : testIndependence(counts)
  return {
    rows: tableRows,
    columns: columns.map((category, j) => ({
      category,
      base: suppression.columnTotals[j] ? null : (columnBases[j] ?? 0),
      notAnswered: hideSmall(input.notAnswered[j] ?? 0),
      effectiveBase:
        weighted && !suppression.columnTotals[j]
          ? (kishEffectiveSize(weighted.columnBases[j] ?? 0, weighted.columnSquares[j] ?? 0) ?? null)
          : null,
    })),
    base: suppression.grandTotal ? null : grand,
    notAnswered: hideSmall(notAnsweredTotal),
    agreement,
    test: test ?? null,
    untestedBecause: test ? null : multiple ? 'several_answers' : anyHidden ? 'suppressed' : 'too_few_groups',
    allSuppressed: suppression.allSuppressed,
  }
}
