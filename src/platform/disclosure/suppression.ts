// Small-count suppression for every table, chart and export, so no small group can be picked out.
//
// Primary: a count from 1 to threshold − 1 is hidden (zero is shown: it discloses nobody).
// Secondary: wherever entries add up to a total that is shown (a row, a column, the margins), a
// line with exactly one hidden entry would give it away by subtraction, so the smallest other
// entry of that line is hidden too (a cell before a total, a non-zero count before a zero), and
// this repeats until every line hides none or at least two.

export type SuppressionReason = 'primary' | 'secondary'

/** Hidden entries of a flat list of counts, given the lines of entries that add up to a shown total. */
export function suppressCounts(
  values: readonly number[],
  lines: readonly (readonly number[])[],
  options: { threshold: number; totals?: ReadonlySet<number>; hideAlso?: ReadonlySet<number> },
): (SuppressionReason | null)[] {
  const { threshold } = options
  const reasons = values.map((v, i): SuppressionReason | null =>
    (v > 0 && v < threshold) || options.hideAlso?.has(i) ? 'primary' : null,
  )
  const isTotal = (i: number) => options.totals?.has(i) ?? false
  // Smaller is hidden first: cells before totals, then non-zero before zero, then the smaller count.
  const rank = (i: number) => [isTotal(i) ? 1 : 0, values[i] === 0 ? 1 : 0, values[i] ?? 0] as const
  const before = (a: number, b: number) => {
    const [x, y] = [rank(a), rank(b)]
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a - b
  }
  let changed = true
  while (changed) {
    changed = false
    for (const line of lines) {
      const hidden = line.filter((i) => reasons[i] !== null)
      if (hidden.length !== 1) continue
      const candidates = line.filter((i) => reasons[i] === null).sort(before)
      const next = candidates[0]
      if (next === undefined) continue
      reasons[next] = 'secondary'
      changed = true
    }
  }
  return reasons
}

export interface CountTable {
  /** cells[row][column] */
  cells: readonly (readonly number[])[]
  /** The people in each column (group); for questions with one answer each, the column's sum. */
  columnTotals: readonly number[]
  /** True when each column's cells add up to its total (one answer per person). */
  columnsAdd: boolean
  /**
   * Sums of some rows that are shown as rows of their own (such as "agree" = strongly agree +
   * agree), given as the indexes of the rows they add up. They come after `cells` in the result.
   */
  derivedRows?: readonly (readonly number[])[]
}

export interface SuppressedCountTable {
  cells: (SuppressionReason | null)[][]
  rowTotals: (SuppressionReason | null)[]
  columnTotals: (SuppressionReason | null)[]
  grandTotal: SuppressionReason | null
  /** True when nothing in the body of the table can be shown. */
  allSuppressed: boolean
}

/**
 * Suppression for a table of counts with its row totals, column totals and grand total. A column
 * whose total is below the threshold is hidden whole: its percentages would reveal it.
 */
export function suppressTable(table: CountTable, threshold: number): SuppressedCountTable {
  const derivedRows = table.derivedRows ?? []
  const bodyRows = table.cells.length
  const columns = table.columnTotals.length
  const derivedCells = derivedRows.map((members) =>
    Array.from({ length: columns }, (_, j) => members.reduce((a, i) => a + (table.cells[i]?.[j] ?? 0), 0)),
  )
  const allCells = [...table.cells, ...derivedCells]
  const rows = allCells.length
  const cellIndex = (i: number, j: number) => i * columns + j
  const rowTotalIndex = (i: number) => rows * columns + i
  const columnTotalIndex = (j: number) => rows * columns + rows + j
  const grandIndex = rows * columns + rows + columns
  const rowTotals = allCells.map((row) => row.reduce((a, b) => a + b, 0))
  const grand = table.columnTotals.reduce((a, b) => a + b, 0)
  const values = [
    ...allCells.flatMap((row) => Array.from({ length: columns }, (_, j) => row[j] ?? 0)),
    ...rowTotals,
    ...table.columnTotals,
    grand,
  ]
  const smallColumns = table.columnTotals.flatMap((total, j) => (total > 0 && total < threshold ? [j] : []))
  const hideAlso = new Set(smallColumns.flatMap((j) => allCells.map((_, i) => cellIndex(i, j))))
  const totals = new Set([
    ...rowTotals.map((_, i) => rowTotalIndex(i)),
    ...table.columnTotals.map((_, j) => columnTotalIndex(j)),
    grandIndex,
  ])
  const range = (n: number) => Array.from({ length: n }, (_, k) => k)
  const lines: number[][] = [
    // Each option's total across the groups adds up, whatever the question type.
    ...range(rows).map((i) => [...range(columns).map((j) => cellIndex(i, j)), rowTotalIndex(i)]),
    // The groups' totals add up to the grand total.
    [...range(columns).map(columnTotalIndex), grandIndex],
  ]
  // Each derived row is the sum of its members, column by column.
  derivedRows.forEach((members, d) => {
    for (const j of range(columns))
      lines.push([...members.map((i) => cellIndex(i, j)), cellIndex(bodyRows + d, j)])
  })
  if (table.columnsAdd) {
    lines.push(
      ...range(columns).map((j) => [...range(bodyRows).map((i) => cellIndex(i, j)), columnTotalIndex(j)]),
    )
    lines.push([...range(bodyRows).map(rowTotalIndex), grandIndex])
  }
  const reasons = suppressCounts(values, lines, { threshold, totals, hideAlso })
  const cells = range(rows).map((i) => range(columns).map((j) => reasons[cellIndex(i, j)] ?? null))
  const nonZero = allCells.flatMap((row, i) => row.flatMap((v, j) => (v > 0 ? [cellIndex(i, j)] : [])))
  return {
    cells,
    rowTotals: range(rows).map((i) => reasons[rowTotalIndex(i)] ?? null),
    columnTotals: range(columns).map((j) => reasons[columnTotalIndex(j)] ?? null),
    grandTotal: reasons[grandIndex] ?? null,
    allSuppressed: nonZero.length > 0 && nonZero.every((k) => reasons[k] !== null),
  }
}
