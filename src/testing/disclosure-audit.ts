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

/**
 * Every list of counts a reader cannot tell from the true one by its relations and shown figures:
 * each hidden entry a whole number within its bounds, every relation holding. Brute force with
 * each equation fixing its last unknown, for the small tables of tests; it refuses more than
 * `limit` lists rather than run for ever. An entry with no upper bound (a hidden group's people,
 * when only "at least its largest answer" ties them) is tried up to `span` past the larger of its
 * lower bound and its true value, so the lists are some of the look-alikes, never one too many.
 */
export async function indistinguishableCounts(
  table: PublishedCounts,
  options: { limit?: number; span?: number } = {},
): Promise<number[][]> {
  const limit = options.limit ?? 10_000
  const span = options.span ?? 20
  const bounds = await hiddenBounds(table)
  const unknowns = bounds.map((b) => b.entry)
  const range = new Map(
    bounds.map((b) => {
      const lower = Math.ceil(b.interval.lower - 1e-6)
      const upper = Number.isFinite(b.interval.upper) ? b.interval.upper : Math.max(lower, b.value) + span
      return [b.entry, { lower, upper }]
    }),
  )
  const members = (r: Relation) => (r.sum === null ? [...r.parts] : [...r.parts, r.sum])
  const holds = (r: Relation, values: readonly number[]) => {
    const parts = r.parts.reduce((a, i) => a + (values[i] ?? 0), 0)
    const whole = r.sum === null ? publishedTotal(r, table.values) : (values[r.sum] ?? 0)
    return r.bound === 'atMost' ? parts <= whole : r.bound === 'atLeast' ? parts >= whole : parts === whole
  }
  const found: number[][] = []
  const values = table.values.map((v, i) => (table.hidden[i] ? Number.NaN : v))
  const assigned = (i: number) => !Number.isNaN(values[i] ?? Number.NaN)
  const consistent = () => table.relations.every((r) => !members(r).every(assigned) || holds(r, values))
  const search = (k: number) => {
    if (found.length > limit) throw new Error(`more than ${limit} indistinguishable tables`)
    const entry = unknowns[k]
    if (entry === undefined) {
      found.push([...values])
      return
    }
    if (assigned(entry)) {
      search(k + 1)
      return
    }
    const { lower, upper } = range.get(entry) ?? { lower: 0, upper: 0 }
    for (let v = lower; v <= upper + 1e-6; v++) {
      values[entry] = v
      // An equation left with one unknown fixes it.
      const fixed: number[] = []
      let ok = true
      for (let changed = true; changed && ok; ) {
        changed = false
        for (const r of table.relations) {
          if (r.bound !== undefined) continue
          const open = members(r).filter((i) => !assigned(i))
          if (open.length !== 1) continue
          const last = open[0] as number
          const parts = r.parts.reduce((a, i) => a + (i === last ? 0 : (values[i] ?? 0)), 0)
          const whole = r.sum === null ? publishedTotal(r, table.values) : (values[r.sum] ?? 0)
          const value = r.sum === last ? parts : whole - parts
          const allowed = range.get(last)
          if (!allowed || value < allowed.lower || value > allowed.upper + 1e-6) ok = false
          values[last] = value
          fixed.push(last)
          changed = true
        }
      }
      if (ok && consistent()) search(k + 1)
      for (const i of fixed) values[i] = Number.NaN
    }
    values[entry] = Number.NaN
  }
  search(0)
  return found
}

/**
 * What an output shows beside a table (its statistics and flags), for every list of counts a
 * reader cannot tell from the true one. `present` gives what would be shown from a list of counts,
 * or undefined when that list would be published differently (so a reader could tell it apart).
 * Anything computed from published figures alone is the same for all of them; a statistic that
 * differs between them singles some out, narrowing the hidden counts.
 */
export async function shownBeside<T>(
  table: PublishedCounts,
  present: (values: readonly number[]) => T | undefined,
): Promise<{ candidates: number; shown: T[] }> {
  const shown: T[] = []
  for (const values of await indistinguishableCounts(table)) {
    const figures = present(values)
    if (figures !== undefined) shown.push(figures)
  }
  return { candidates: shown.length, shown }
}
