import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hiddenBounds } from '../../testing/disclosure-audit.js'
import { seededRandom } from '../random/seeded-random.js'
import {
  type CountTable,
  flattenCountTable,
  hiddenIntervals,
  type Interval,
  type Relation,
  suppressCounts,
  suppressTable,
} from './suppression.js'

// Thousands of seeded random tables of every shape the app publishes (one answer each, several
// answers each, agree/disagree summary rows, one-way lists with a shown total), each suppressed
// and then audited: every hidden entry's linear bounds must be at least the threshold apart, unless
// hiding everything could not make them wider. The audit solves the bounds afresh from the final
// pattern; HiGHS, another solver, checks the same bounds on a sample.

const tables = 2000
const highsSample = 8

interface Case {
  values: number[]
  relations: Relation[]
  hidden: boolean[]
  threshold: number
}

function randomCount(random: () => number): number {
  const u = random()
  if (u < 0.15) return 0
  if (u < 0.45) return 1 + Math.floor(random() * 6)
  return Math.floor(random() * 60)
}

function randomTable(random: () => number): CountTable {
  const rows = 1 + Math.floor(random() * 6)
  const columns = 1 + Math.floor(random() * 5)
  const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => randomCount(random)))
  const columnsAdd = random() < 0.6
  const columnTotals = Array.from({ length: columns }, (_, j) => {
    const sum = cells.reduce((a, row) => a + (row[j] ?? 0), 0)
    const most = Math.max(...cells.map((row) => row[j] ?? 0))
    // Several answers each: between the largest option's count and everyone's answers.
    return columnsAdd ? sum : most + Math.floor(random() * (sum - most + 1))
  })
  const derivedRows =
    columnsAdd && rows >= 5 && random() < 0.5
      ? [
          [0, 1],
          [rows - 2, rows - 1],
        ]
      : undefined
  return { cells, columnTotals, columnsAdd, columnsCovered: !columnsAdd && random() < 0.5, derivedRows }
}

function tableCase(table: CountTable, threshold: number): Case {
  const flat = flattenCountTable(table)
  const result = suppressTable(table, threshold)
  const hidden = flat.values.map(() => false)
  result.cells.forEach((row, i) => {
    row.forEach((r, j) => {
      hidden[flat.cellIndex(i, j)] = r !== null
    })
  })
  result.rowTotals.forEach((r, i) => {
    hidden[flat.rowTotalIndex(i)] = r !== null
  })
  result.columnTotals.forEach((r, j) => {
    hidden[flat.columnTotalIndex(j)] = r !== null
  })
  hidden[flat.grandIndex] = result.grandTotal !== null
  return { values: flat.values, relations: flat.relations, hidden, threshold }
}

function listCase(random: () => number, threshold: number): Case {
  const values = Array.from({ length: 2 + Math.floor(random() * 8) }, () => randomCount(random))
  const relations: Relation[] = [{ parts: values.map((_, i) => i), sum: null }]
  const hidden = suppressCounts(values, relations, { threshold }).map((r) => r !== null)
  return { values, relations, hidden, threshold }
}

function cases(): Case[] {
  const random = seededRandom(2021)
  return Array.from({ length: tables }, (_, k) => {
    const threshold = [3, 5, 5, 5, 10][k % 5] ?? 5
    return k % 8 === 7 ? listCase(random, threshold) : tableCase(randomTable(random), threshold)
  })
}

const width = (i: Interval) => i.upper - i.lower
const entriesOf = (c: Case) => c.hidden.flatMap((h, i) => (h ? [i] : []))

/** Hidden entries narrower than the threshold where hiding everything would have left them wider. */
function exposed(c: Case) {
  const entries = entriesOf(c)
  const bounds = hiddenIntervals(c.values, c.hidden, c.relations, entries)
  const narrow = entries.filter((i) => width(bounds.get(i) as Interval) < c.threshold - 1e-6)
  if (narrow.length === 0) return []
  const widest = hiddenIntervals(
    c.values,
    c.values.map(() => true),
    c.relations,
    narrow,
  )
  return narrow.filter(
    (i) => width(bounds.get(i) as Interval) < Math.min(c.threshold, width(widest.get(i) as Interval)) - 1e-6,
  )
}

describe(`suppression audited over ${tables} random tables`, () => {
  const all = cases()

  it('leaves no hidden entry narrower than the threshold', () => {
    const failures = all.flatMap((c, k) => exposed(c).map((entry) => ({ table: k, entry })))
    const hidden = all.reduce((n, c) => n + entriesOf(c).length, 0)
    assert.ok(hidden > 5 * tables, `only ${hidden} hidden entries: the tables are too easy`)
    assert.deepEqual(failures, [])
  })

  it('finds the same bounds with HiGHS as with the solver suppression uses', async () => {
    const sample = all.filter((c) => entriesOf(c).length >= 4).slice(0, highsSample)
    for (const c of sample) {
      const ours = hiddenIntervals(c.values, c.hidden, c.relations, entriesOf(c))
      for (const { entry, interval } of await hiddenBounds(c)) {
        const mine = ours.get(entry) as Interval
        assert.ok(Math.abs(mine.lower - interval.lower) < 1e-6, `lower bound of entry ${entry}`)
        assert.ok(
          mine.upper === interval.upper || Math.abs(mine.upper - interval.upper) < 1e-6,
          `upper bound of entry ${entry}`,
        )
      }
    }
  })
})
