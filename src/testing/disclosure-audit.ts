import highsModule from 'highs'
import {
  type CountTable,
  flattenCountTable,
  type Interval,
  publishedTotal,
  type Relation,
} from '../platform/disclosure/suppression.js'

// The check that suppression holds, done apart from the code it checks and with another solver
// (HiGHS, compiled to WebAssembly): for every hidden entry of a published table, the smallest and
// largest values it can take given everything shown and the relations a reader knows.

export interface PublishedCounts {
  values: readonly number[]
  hidden: readonly boolean[]
  relations: readonly Relation[]
}

export interface Exposure {
  entry: number
  value: number
  interval: Interval
}

// The package's types describe CommonJS, but Node loads its ES module, whose default is the loader.
const highsLoader = highsModule as unknown as typeof highsModule.default
type Highs = Awaited<ReturnType<typeof highsLoader>>
let loaded: Promise<Highs> | undefined

/** HiGHS, loaded once per test process. */
export function loadHighs(): Promise<Highs> {
  loaded ??= highsLoader()
  return loaded
}

function programme(table: PublishedCounts, entry: number, sense: 'Maximize' | 'Minimize'): string | null {
  const lines: string[] = []
  table.relations.forEach((relation, r) => {
    let known = relation.sum === null ? publishedTotal(relation, table.values) : 0
    const terms: string[] = []
    for (const i of relation.parts) {
      if (table.hidden[i]) terms.push(`+ x${i}`)
      else known -= table.values[i] ?? 0
    }
    if (relation.sum !== null) {
      if (table.hidden[relation.sum]) terms.push(`- x${relation.sum}`)
      else known += table.values[relation.sum] ?? 0
    }
    const sense = relation.bound === 'atMost' ? '<=' : relation.bound === 'atLeast' ? '>=' : '='
    if (terms.length > 0) lines.push(` c${r}: ${terms.join(' ')} ${sense} ${known}`)
  })
  if (!lines.some((l) => new RegExp(`x${entry}\\b`).test(l))) return null
  return `${sense}\n obj: x${entry}\nSubject To\n${lines.join('\n')}\nEnd\n`
}

/** The interval of each hidden entry, solved as two linear programmes. */
export async function hiddenBounds(table: PublishedCounts): Promise<Exposure[]> {
  const highs = await loadHighs()
  const bound = (entry: number, sense: 'Maximize' | 'Minimize') => {
    const lp = programme(table, entry, sense)
    if (lp === null) return sense === 'Maximize' ? Number.POSITIVE_INFINITY : 0
    const solution = highs.solve(lp, { output_flag: false, presolve: 'off' })
    if (solution.Status === 'Unbounded') return Number.POSITIVE_INFINITY
    if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status} for entry ${entry}`)
    return solution.ObjectiveValue
  }
  return table.hidden.flatMap((isHidden, entry) =>
    isHidden
      ? [
          {
            entry,
            value: table.values[entry] ?? 0,
            interval: { lower: bound(entry, 'Minimize'), upper: bound(entry, 'Maximize') },
          },
        ]
      : [],
  )
}

/**
 * Hidden entries that can be narrowed to an interval narrower than the threshold. An entry is let
 * off only when it could not be wider with everything hidden (a published total below the threshold).
 */
export async function exposedEntries(table: PublishedCounts, threshold: number): Promise<Exposure[]> {
  const bounds = await hiddenBounds(table)
  const narrow = bounds.filter((b) => b.interval.upper - b.interval.lower < threshold - 1e-6)
  if (narrow.length === 0) return []
  const widest = await hiddenBounds({ ...table, hidden: table.values.map(() => true) })
  return narrow.filter((b) => {
    const most = widest.find((w) => w.entry === b.entry)?.interval
    return !most || b.interval.upper - b.interval.lower < Math.min(threshold, most.upper - most.lower) - 1e-6
  })
}

/** A count table as a page, chart or download shows it: null where a figure is hidden. */
export interface ShownCountTable {
  /** Body rows, then any summary rows (agree, disagree). */
  cells: readonly (readonly (number | null)[])[]
  rowTotals: readonly (number | null)[]
  columnTotals: readonly (number | null)[]
  grandTotal: number | null
}

/**
 * What a reader has of a published count table: the figures shown (each checked against the true
 * count, so an output cannot show a figure other than the one suppression judged) and the relations
 * between the counts that anyone knows.
 */
export function publishedCountTable(table: CountTable, shown: ShownCountTable): PublishedCounts {
  const flat = flattenCountTable(table)
  const hidden = flat.values.map(() => true)
  const show = (index: number, figure: number | null | undefined, where: string) => {
    if (figure === null || figure === undefined) return
    if (figure !== flat.values[index])
      throw new Error(`${where} shows ${figure}, the count is ${flat.values[index]}`)
    hidden[index] = false
  }
  for (let i = 0; i < flat.rows; i++) {
    for (let j = 0; j < flat.columns; j++) show(flat.cellIndex(i, j), shown.cells[i]?.[j], `cell ${i},${j}`)
    show(flat.rowTotalIndex(i), shown.rowTotals[i], `row total ${i}`)
  }
  for (let j = 0; j < flat.columns; j++)
    show(flat.columnTotalIndex(j), shown.columnTotals[j], `column total ${j}`)
  show(flat.grandIndex, shown.grandTotal, 'grand total')
  return { values: flat.values, hidden, relations: flat.relations }
}
