import { type Constraint, solve } from 'yalps'

// Small-count suppression for every table, chart and export, so no small group can be picked out.
//
// Primary: a count from 1 to threshold − 1 is hidden (zero is shown: it discloses nobody).
// Complementary: whatever is shown (cells, totals, the sums a table states) together with what
// anyone knows (counts are never negative, a group's answers never outnumber its people) bounds
// each hidden entry. The bounds are the minimum and maximum of a linear programme; while a hidden
// entry can be narrowed to an interval narrower than the threshold, another entry of one of its
// relations is hidden too. Hiding more only loosens the programme, so an entry once protected stays
// protected and the loop ends. Looking at one row or column at a time is not enough: a cell can be
// pinned down by its row and column together (a 1 in a 5×5 table from four equations).

export type SuppressionReason = 'primary' | 'secondary'

/**
 * Entries of a flat list of counts that are tied together: the parts add up to the entry `sum`, or
 * (when `sum` is null) to a total published elsewhere, `total` or else the parts' own sum. With
 * `bound`, the parts add up to no more (or no less) than it, as a group's answers to one option of
 * a question with several answers are no more than the group's people.
 */
export interface Relation {
  parts: readonly number[]
  sum: number | null
  total?: number
  bound?: 'atMost' | 'atLeast'
}

/** The published total a relation's parts add up to when it is not one of the entries. */
export const publishedTotal = (relation: Relation, values: readonly number[]) =>
  relation.total ?? relation.parts.reduce((a, i) => a + (values[i] ?? 0), 0)

export interface ProtectionOptions {
  threshold: number
  /** Entries that are totals: hidden last. */
  totals?: ReadonlySet<number>
  /** Entries hidden whatever their value (a whole group below the threshold). */
  hideAlso?: ReadonlySet<number>
}

export interface Interval {
  lower: number
  upper: number
}

/** A relation's entries, each with its sign: the parts add up to the sum. */
const signedMembers = (relation: Relation): [number, number][] =>
  relation.sum === null
    ? relation.parts.map((i) => [i, 1])
    : [...relation.parts.map((i): [number, number] => [i, 1]), [relation.sum, -1]]

/** A relation as a constraint on the hidden entries alone, what is shown moved to the right. */
interface HiddenConstraint {
  terms: [number, number][]
  bound: Constraint
}

/** The narrowest interval anyone can put each hidden entry in, from what is shown; solved by `yalps`. */
export function hiddenIntervals(
  values: readonly number[],
  hidden: readonly boolean[],
  relations: readonly Relation[],
  entries: readonly number[],
): Map<number, Interval> {
  const constraintsOf = new Map<number, HiddenConstraint[]>()
  for (const relation of relations) {
    const members = signedMembers(relation)
    const terms = members.filter(([i]) => hidden[i])
    const shown = members.reduce((a, [i, sign]) => (hidden[i] ? a : a + sign * (values[i] ?? 0)), 0)
    const known = (relation.sum === null ? publishedTotal(relation, values) : 0) - shown
    const constraint = {
      terms,
      bound:
        relation.bound === 'atMost'
          ? { max: known }
          : relation.bound === 'atLeast'
            ? { min: known }
            : { equal: known },
    }
    for (const [i] of terms) constraintsOf.set(i, [...(constraintsOf.get(i) ?? []), constraint])
  }
  const result = new Map<number, Interval>()
  for (const entry of entries) {
    // Only the constraints reached from the entry through hidden entries can bound it.
    const reached = new Set([entry])
    const used = new Set<HiddenConstraint>()
    for (const i of reached)
      for (const constraint of constraintsOf.get(i) ?? []) {
        used.add(constraint)
        for (const [j] of constraint.terms) reached.add(j)
      }
    const coefficients = new Map<number, [HiddenConstraint | 'objective', number][]>([
      [entry, [['objective', 1]]],
    ])
    for (const constraint of used)
      for (const [i, sign] of constraint.terms)
        coefficients.set(i, [...(coefficients.get(i) ?? []), [constraint, sign]])
    const bound = (direction: 'minimize' | 'maximize') => {
      const solution = solve({
        direction,
        objective: 'objective',
        constraints: [...used].map((c): [HiddenConstraint, Constraint] => [c, c.bound]),
        variables: coefficients,
      })
      // Counts are never negative, so only the maximum can be unbounded.
      if (solution.status === 'unbounded') return Number.POSITIVE_INFINITY
      // A programme the solver could not finish is taken as the worst case: the entry is given away.
      if (solution.status !== 'optimal') return values[entry] ?? 0
      return solution.result
    }
    result.set(entry, { lower: bound('minimize'), upper: bound('maximize') })
  }
  return result
}

/** Hidden entries of a flat list of counts, given how they are tied together. */
export function suppressCounts(
  values: readonly number[],
  relations: readonly Relation[],
  options: ProtectionOptions,
): (SuppressionReason | null)[] {
  const { threshold } = options
  const reasons = values.map((v, i): SuppressionReason | null =>
    (v > 0 && v < threshold) || options.hideAlso?.has(i) ? 'primary' : null,
  )
  const totals = options.totals ?? new Set<number>()
  // Smaller is hidden first: cells before totals, then non-zero before zero, then the smaller count.
  const rank = (i: number) => [totals.has(i) ? 1 : 0, values[i] === 0 ? 1 : 0, values[i] ?? 0] as const
  const before = (a: number, b: number) => {
    const [x, y] = [rank(a), rank(b)]
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a - b
  }
  const members = (relation: Relation) =>
    relation.sum === null ? relation.parts : [...relation.parts, relation.sum]
  const relationsOf = new Map<number, Relation[]>()
  for (const relation of relations)
    for (const i of members(relation)) relationsOf.set(i, [...(relationsOf.get(i) ?? []), relation])
  const hiddenIn = (r: Relation) => members(r).filter((i) => reasons[i] !== null).length
  // An equation with one hidden entry gives it away by subtraction.
  const givesAway = (r: Relation) => r.bound === undefined && hiddenIn(r) === 1
  // Each hidden entry is checked in turn until its interval is wide enough: those hidden before
  // the first check in the order of the entries, then the others in the order they were hidden.
  const queue: number[] = []
  const hide = (i: number) => {
    reasons[i] = 'secondary'
    queue.push(i)
  }
  // Among the entries that could be hidden next, one that also closes another giving-away
  // equation is preferred (the fourth corner of a rectangle), then the smallest.
  const pick = (candidates: readonly number[]) => {
    const closes = (i: number) => (relationsOf.get(i) ?? []).filter(givesAway).length
    return [...new Set(candidates)]
      .filter((i) => reasons[i] === null)
      .sort((a, b) => closes(b) - closes(a) || before(a, b))[0]
  }
  const closeEquations = () => {
    for (;;) {
      const open = relations.find(givesAway)
      if (!open) return
      const next = pick(members(open))
      if (next === undefined) return
      hide(next)
    }
  }
  closeEquations()
  queue.splice(0, queue.length, ...reasons.flatMap((r, i) => (r !== null ? [i] : [])))
  const widthOf = (entry: number, also?: number) => {
    const hidden = reasons.map((r, i) => r !== null || i === also)
    const interval = hiddenIntervals(values, hidden, relations, [entry]).get(entry)
    return interval ? interval.upper - interval.lower : Number.POSITIVE_INFINITY
  }
  // For an entry still too narrow: of the entries tied to it, the one whose hiding widens it most
  // (enough, if several do, then the smallest); failing that, any entry of a relation that holds
  // something hidden.
  const widen = (entry: number, width: number) => {
    const near = (relationsOf.get(entry) ?? []).flatMap(members)
    const wider = relations.filter((r) => hiddenIn(r) > 0).flatMap(members)
    for (const pool of [near, wider]) {
      const candidates = [...new Set(pool)].filter((i) => reasons[i] === null).sort(before)
      let best: { i: number; width: number } | undefined
      for (const i of candidates) {
        const w = widthOf(entry, i)
        if (w >= threshold) return i
        if (w > (best?.width ?? width)) best = { i, width: w }
      }
      if (best) return best.i
    }
    return pick(wider)
  }
  while (queue.length > 0) {
    const entry = queue[0] as number
    const width = widthOf(entry)
    if (width >= threshold) {
      queue.shift()
      continue
    }
    const next = widen(entry, width)
    if (next === undefined) {
      // Everything tied to it is hidden already: only a published total below the threshold bounds it.
      queue.shift()
      continue
    }
    hide(next)
    closeEquations()
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
  /** With several answers each: true when everyone in a column's total gave at least one. */
  columnsCovered?: boolean
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

/** A count table as a flat list of entries and the relations a reader knows between them. */
export interface FlatCountTable {
  values: number[]
  relations: Relation[]
  totals: Set<number>
  cellIndex: (row: number, column: number) => number
  rowTotalIndex: (row: number) => number
  columnTotalIndex: (column: number) => number
  grandIndex: number
  /** Body and derived rows, with their cells. */
  rows: number
  columns: number
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k)

/** Lays a count table out as entries and relations: what suppression protects and an audit checks. */
export function flattenCountTable(table: CountTable): FlatCountTable {
  const derivedRows = table.derivedRows ?? []
  const bodyRows = table.cells.length
  const columns = table.columnTotals.length
  const derivedCells = derivedRows.map((members) =>
    range(columns).map((j) => members.reduce((a, i) => a + (table.cells[i]?.[j] ?? 0), 0)),
  )
  const allCells = [...table.cells, ...derivedCells]
  const rows = allCells.length
  const cellIndex = (i: number, j: number) => i * columns + j
  const rowTotalIndex = (i: number) => rows * columns + i
  const columnTotalIndex = (j: number) => rows * columns + rows + j
  const grandIndex = rows * columns + rows + columns
  const rowTotals = allCells.map((row) => row.reduce((a, b) => a + b, 0))
  const values = [
    ...allCells.flatMap((row) => range(columns).map((j) => row[j] ?? 0)),
    ...rowTotals,
    ...table.columnTotals,
    table.columnTotals.reduce((a, b) => a + b, 0),
  ]
  const totals = new Set([
    ...range(rows).map(rowTotalIndex),
    ...range(columns).map(columnTotalIndex),
    grandIndex,
  ])
  const relations: Relation[] = [
    // Each option's total across the groups adds up, whatever the question type.
    ...range(rows).map((i) => ({ parts: range(columns).map((j) => cellIndex(i, j)), sum: rowTotalIndex(i) })),
    // The groups' totals add up to the grand total.
    { parts: range(columns).map(columnTotalIndex), sum: grandIndex },
  ]
  // Each derived row is the sum of its members, column by column.
  derivedRows.forEach((members, d) => {
    for (const j of range(columns))
      relations.push({ parts: members.map((i) => cellIndex(i, j)), sum: cellIndex(bodyRows + d, j) })
  })
  if (table.columnsAdd) {
    for (const j of range(columns))
      relations.push({ parts: range(bodyRows).map((i) => cellIndex(i, j)), sum: columnTotalIndex(j) })
    relations.push({ parts: range(bodyRows).map(rowTotalIndex), sum: grandIndex })
  } else {
    // Several answers each: a group's count for one option is at most the group's people, and
    // where everyone counted gave at least one, the group's answers are at least its people.
    for (const j of range(columns)) {
      for (const i of range(rows))
        relations.push({ parts: [cellIndex(i, j)], sum: columnTotalIndex(j), bound: 'atMost' })
      if (table.columnsCovered)
        relations.push({
          parts: range(bodyRows).map((i) => cellIndex(i, j)),
          sum: columnTotalIndex(j),
          bound: 'atLeast',
        })
    }
  }
  return { values, relations, totals, cellIndex, rowTotalIndex, columnTotalIndex, grandIndex, rows, columns }
}

/**
 * Suppression for a table of counts with its row totals, column totals and grand total. A column
 * whose total is below the threshold is hidden whole: its percentages would reveal it.
 */
export function suppressTable(table: CountTable, threshold: number): SuppressedCountTable {
  const flat = flattenCountTable(table)
  const { rows, columns, cellIndex, rowTotalIndex, columnTotalIndex, grandIndex, values } = flat
  const smallColumns = range(columns).filter((j) => {
    const total = values[columnTotalIndex(j)] ?? 0
    return total > 0 && total < threshold
  })
  const hideAlso = new Set(smallColumns.flatMap((j) => range(rows).map((i) => cellIndex(i, j))))
  const reasons = suppressCounts(values, flat.relations, { threshold, totals: flat.totals, hideAlso })
  const nonZero = range(rows).flatMap((i) =>
    range(columns).flatMap((j) => ((values[cellIndex(i, j)] ?? 0) > 0 ? [cellIndex(i, j)] : [])),
  )
  return {
    cells: range(rows).map((i) => range(columns).map((j) => reasons[cellIndex(i, j)] ?? null)),
    rowTotals: range(rows).map((i) => reasons[rowTotalIndex(i)] ?? null),
    columnTotals: range(columns).map((j) => reasons[columnTotalIndex(j)] ?? null),
    grandTotal: reasons[grandIndex] ?? null,
    allSuppressed: nonZero.length > 0 && nonZero.every((k) => reasons[k] !== null),
  }
}
