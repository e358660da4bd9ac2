import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CountTable } from '../../../platform/disclosure/suppression.js'
import { seededRandom } from '../../../platform/random/seeded-random.js'
import {
  exposedEntries,
  publishedCountTable,
  type ShownCountTable,
  shownBeside,
} from '../../../testing/disclosure-audit.js'
import { buildCrosstab, type Category, type Crosstab, type CrosstabCounts } from './crosstab.js'
import { weightedProportionInterval, wilsonInterval } from './statistics.js'

const scale: Category[] = [
  { value: 'strongly_agree', label: 'Strongly agree' },
  { value: 'agree', label: 'Agree' },
  { value: 'neither', label: 'Neither' },
  { value: 'disagree', label: 'Disagree' },
  { value: 'strongly_disagree', label: 'Strongly disagree' },
]
const everyone: Category[] = [{ value: 'all', label: 'All respondents' }]
const close = (actual: number | null | undefined, expected: number, tolerance = 1e-9) =>
  assert.ok(
    actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `expected ${expected}, got ${actual}`,
  )

/** The counts a page, chart or download of the table shows: null where hidden. */
function shownOf(crosstab: Crosstab): ShownCountTable {
  const derived = crosstab.agreement ? [crosstab.agreement.agree, crosstab.agreement.disagree] : []
  const columns = crosstab.columns.length
  return {
    cells: [
      ...crosstab.rows.map((r) => r.cells.map((c) => c.count)),
      ...derived.map((figures) => figures.slice(0, columns).map((f) => f.count)),
    ],
    rowTotals: [
      ...crosstab.rows.map((r) => r.total.count),
      // With one column a summary row's total is its one cell, shown once.
      ...derived.map((figures) => figures[columns > 1 ? columns : 0]?.count ?? null),
    ],
    columnTotals: crosstab.columns.map((c) => c.base),
    grandTotal: crosstab.base,
  }
}

describe('buildCrosstab: one question on its own', () => {
  it('gives counts, percentages of those answering, the base, not answered and net agreement', () => {
    // 40 + 41 agree, 30 neither, 100 + 52 disagree: base 263, 81/263 = 30.80% agree, 152/263 = 57.79%
    // disagree, net −26.996 points (worked by hand).
    const table = buildCrosstab(
      {
        rows: scale,
        columns: everyone,
        counts: [[40], [41], [30], [100], [52]],
        columnBases: [263],
        notAnswered: [17],
        multiple: false,
      },
      5,
    )
    assert.equal(table.base, 263)
    assert.equal(table.notAnswered, 17)
    close(table.rows[0]?.cells[0]?.percent, (100 * 40) / 263)
    close(table.agreement?.agree[0]?.percent, (100 * 81) / 263)
    close(table.agreement?.disagree[0]?.percent, (100 * 152) / 263)
    close(table.agreement?.net[0], (100 * (81 - 152)) / 263)
    // The agree total's Wilson interval is SciPy's for 81 of 263 (see statistics.test.ts).
    close(table.agreement?.agree[0]?.interval?.lower, 25.52885198782742, 1e-7)
    close(table.agreement?.agree[0]?.interval?.upper, 36.62095769828, 1e-7)
    assert.equal(table.test, null)
    assert.equal(table.untestedBecause, 'too_few_groups')
  })

  it('handles a single-category question', () => {
    const table = buildCrosstab(
      {
        rows: [{ value: 'yes', label: 'Yes' }],
        columns: everyone,
        counts: [[12]],
        columnBases: [12],
        notAnswered: [3],
        multiple: false,
      },
      5,
    )
    close(table.rows[0]?.cells[0]?.percent, 100)
    assert.equal(table.notAnswered, null, 'three not answering is a small count, hidden')
    assert.equal(table.test, null)
  })
})

describe('buildCrosstab: by a breakdown', () => {
  const rows: Category[] = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ]
  const columns: Category[] = [
    { value: 'a', label: 'Group A' },
    { value: 'b', label: 'Group B' },
    { value: 'c', label: 'Group C' },
  ]

  it("column percentages, the chi-square test and each cell's Holm-corrected difference", () => {
    // Counts and reference p-values as in statistics.test.ts (SciPy chi2_contingency).
    const table = buildCrosstab(
      {
        rows,
        columns,
        counts: [
          [20, 30, 50],
          [40, 35, 25],
        ],
        columnBases: [60, 65, 75],
        notAnswered: [0, 5, 0],
        multiple: false,
      },
      5,
    )
    close(table.rows[0]?.cells[2]?.percent, (100 * 50) / 75)
    close(table.rows[0]?.total.percent, 50)
    assert.equal(table.test?.method, 'chi_square')
    close(table.test?.p, 0.0004563239005810305, 1e-7)
    assert.equal(table.rows[0]?.cells[0]?.difference?.direction, 'lower')
    assert.equal(table.rows[0]?.cells[2]?.difference?.direction, 'higher')
    assert.equal(table.rows[0]?.cells[1]?.difference, null)
    assert.deepEqual(
      table.columns.map((c) => c.base),
      [60, 65, 75],
    )
  })

  it('hides small cells with their percentage, interval and difference, and protects them', () => {
    const table = buildCrosstab(
      {
        rows,
        columns,
        counts: [
          [3, 30, 50],
          [40, 35, 25],
        ],
        columnBases: [43, 65, 75],
        notAnswered: [0, 0, 0],
        multiple: false,
      },
      5,
    )
    const hidden = table.rows[0]?.cells[0]
    assert.deepEqual(
      [hidden?.count, hidden?.percent, hidden?.interval, hidden?.difference],
      [null, null, null, null],
    )
    assert.equal(hidden?.suppressed, 'primary')
    const secondary = table.rows.flatMap((r) => r.cells).filter((c) => c.suppressed === 'secondary')
    assert.ok(secondary.length >= 2, 'its row and its column each hide another cell')
  })

  it('shows an empty group without percentages, and still tests the others', () => {
    const table = buildCrosstab(
      {
        rows,
        columns,
        counts: [
          [20, 0, 50],
          [40, 0, 25],
        ],
        columnBases: [60, 0, 75],
        notAnswered: [0, 0, 0],
        multiple: false,
      },
      5,
    )
    assert.equal(table.rows[0]?.cells[1]?.percent, null)
    assert.equal(table.rows[0]?.cells[1]?.count, 0)
    assert.equal(table.test?.df, 1)
  })

  it('says when everything is hidden, and runs no test then', () => {
    const table = buildCrosstab(
      {
        rows,
        columns,
        counts: [
          [1, 2, 1],
          [3, 1, 2],
        ],
        columnBases: [4, 3, 3],
        notAnswered: [0, 0, 0],
        multiple: false,
      },
      5,
    )
    assert.equal(table.allSuppressed, true)
    assert.equal(table.test, null)
    assert.equal(table.untestedBecause, 'suppressed')
    assert.ok(table.rows.every((r) => r.cells.every((c) => c.count === null)))
  })

  it('has no overall test for a question with several answers, but tests each cell', () => {
    const table = buildCrosstab(
      {
        rows,
        columns: columns.slice(0, 2),
        counts: [
          [50, 10],
          [40, 45],
        ],
        columnBases: [60, 50],
        notAnswered: [0, 0],
        multiple: true,
      },
      5,
    )
    assert.equal(table.test, null)
    assert.equal(table.untestedBecause, 'several_answers')
    assert.equal(table.rows[0]?.cells[0]?.difference?.direction, 'higher')
  })

  it('protects an agree total that would reveal a hidden agreement cell', () => {
    const table = buildCrosstab(
      {
        rows: scale,
        columns: columns.slice(0, 2),
        counts: [
          [30, 20],
          [2, 25],
          [10, 10],
          [20, 30],
          [40, 20],
        ],
        columnBases: [102, 105],
        notAnswered: [0, 0],
        multiple: false,
      },
      5,
    )
    assert.equal(table.rows[1]?.cells[0]?.count, null)
    // Strongly agree or the agree total must be hidden too, or 32 − 30 gives the 2 away.
    const stronglyAgree = table.rows[0]?.cells[0]?.count
    const agreeTotal = table.agreement?.agree[0]?.count
    assert.ok(stronglyAgree === null || agreeTotal === null)
  })

  it('shows weighted percentages beside the unweighted ones when given', () => {
    const table = buildCrosstab(
      {
        rows,
        columns: columns.slice(0, 1),
        counts: [[20], [40]],
        columnBases: [60],
        notAnswered: [0],
        multiple: false,
        // 20 people of weight 1.5 and 40 of 0.75: Σw = 60, Σw² = 45 + 22.5 = 67.5.
        weighted: { counts: [[30], [30]], columnBases: [60], columnSquares: [67.5] },
      },
      5,
    )
    close(table.rows[0]?.cells[0]?.weightedPercent, 50)
    close(table.rows[0]?.cells[0]?.percent, (100 * 20) / 60)
    // Kish: n_eff = 60² / 67.5 = 53.33, so the weighted interval is wider than one on 60 people.
    close(table.columns[0]?.effectiveBase ?? undefined, 3600 / 67.5)
    const interval = table.rows[0]?.cells[0]?.weightedInterval
    const expected = weightedProportionInterval(30, 60, 67.5)
    close(interval?.lower, 100 * (expected?.lower ?? 0))
    close(interval?.upper, 100 * (expected?.upper ?? 0))
    const unweighted = wilsonInterval(30, 60)
    assert.ok(
      interval && unweighted && interval.upper - interval.lower > 100 * (unweighted.upper - unweighted.lower),
    )
  })
})

describe('buildCrosstab: what a page, chart or download shows gives no hidden count away', () => {
  const random = seededRandom(21)
  const count = () => (random() < 0.4 ? Math.floor(random() * 6) : Math.floor(random() * 50))
  const groups = (n: number) => Array.from({ length: n }, (_, j) => ({ value: `g${j}`, label: `Group ${j}` }))

  function randomCrosstab(multiple: boolean): CrosstabCounts {
    const columns = groups(1 + Math.floor(random() * 4))
    const rows = multiple ? scale.map((r, i) => ({ value: `option_${i}`, label: r.label })) : scale
    const counts = rows.map(() => columns.map(count))
    const sums = columns.map((_, j) => counts.reduce((a, row) => a + (row[j] ?? 0), 0))
    const most = columns.map((_, j) => Math.max(...counts.map((row) => row[j] ?? 0)))
    const columnBases = multiple
      ? columns.map((_, j) => (most[j] ?? 0) + Math.floor(random() * ((sums[j] ?? 0) - (most[j] ?? 0) + 1)))
      : sums
    return { rows, columns, counts, columnBases, notAnswered: columns.map(() => 0), multiple }
  }

  for (const multiple of [false, true]) {
    it(`with ${multiple ? 'several answers' : 'one answer'} each, over random tables`, async () => {
      for (let k = 0; k < 12; k++) {
        const input = randomCrosstab(multiple)
        const crosstab = buildCrosstab(input, 5)
        for (const row of crosstab.rows)
          for (const cell of row.cells)
            if (cell.count === null) assert.deepEqual([cell.percent, cell.weightedPercent], [null, null])
        const derivedRows = multiple
          ? []
          : [
              [0, 1],
              [3, 4],
            ]
        const published = publishedCountTable(
          {
            cells: input.counts,
            columnTotals: input.columnBases,
            columnsAdd: !multiple,
            columnsCovered: multiple,
            derivedRows,
          },
          shownOf(crosstab),
        )
        assert.deepEqual(await exposedEntries(published, 5), [])
      }
    })
  }
})

/**
 * The counts a reader has once the weighted figures are read too, in the worst case: everyone in a
 * group has the same weight (raking on the breakdown alone), which the reader knows, so a weighted
 * percentage is the plain one. A shown count over its weighted percentage is its group's base; a
 * base by a weighted percentage is that cell's count; an effective base is the base.
 */
function shownWithWeights(crosstab: Crosstab): ShownCountTable {
  const shown = shownOf(crosstab)
  const whole = (x: number) => Math.round(x)
  const columnTotals = crosstab.columns.map((column, j) => {
    if (column.base !== null) return column.base
    if (column.effectiveBase !== null) return whole(column.effectiveBase)
    for (const row of crosstab.rows) {
      const { count, weightedPercent } = row.cells[j] ?? {}
      if (count && weightedPercent) return whole((100 * count) / weightedPercent)
    }
    return null
  })
  const cells = shown.cells.map((row, i) =>
    row.map((count, j) => {
      const weightedPercent = crosstab.rows[i]?.cells[j]?.weightedPercent ?? null
      const base = columnTotals[j] ?? null
      return (
        count ?? (weightedPercent !== null && base !== null ? whole((weightedPercent * base) / 100) : null)
      )
    }),
  )
  return { ...shown, cells, columnTotals }
}

/** Hidden counts a reader has from the weighted figures, and hidden counts they can narrow too far. */
async function weightedExposures(crosstab: Crosstab, table: CountTable) {
  const plain = shownOf(crosstab)
  const read = shownWithWeights(crosstab)
  const revealed = [
    ...plain.cells.flatMap((row, i) =>
      row.flatMap((count, j) => (count === null && read.cells[i]?.[j] != null ? [`cell ${i},${j}`] : [])),
    ),
    ...plain.columnTotals.flatMap((base, j) =>
      base === null && read.columnTotals[j] != null ? [`base ${j}`] : [],
    ),
  ]
  const narrowed = await exposedEntries(publishedCountTable(table, read), 5)
  return { revealed, narrowed: narrowed.map((e) => e.entry) }
}

/** Weighted counts when everyone in group j has weight `weights[j]`. */
function evenlyWeighted(input: CrosstabCounts, weights: readonly number[]): CrosstabCounts {
  const w = (j: number) => weights[j] ?? 1
  return {
    ...input,
    weighted: {
      counts: input.counts.map((row) => row.map((c, j) => c * w(j))),
      columnBases: input.columnBases.map((b, j) => b * w(j)),
      columnSquares: input.columnBases.map((b, j) => b * w(j) ** 2),
    },
  }
}

describe('buildCrosstab: weighted figures give no hidden count away', () => {
  const groups = (n: number) => Array.from({ length: n }, (_, j) => ({ value: `g${j}`, label: `Group ${j}` }))
  const answers = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ value: `a${i}`, label: `Answer ${i}` }))

  it("withholds a group's weighted percentages when its base is hidden, which would give the base away", async () => {
    // Group 0 has 4 people, so it is hidden whole; the grand total would then give its base away,
    // so group 1's base (17) is hidden too, and with it the 2. A weighted 88.2% beside the shown 15,
    // with everyone in group 1 weighted alike, gave 15 / 0.882 = 17 people: then the 2 (17 - 15),
    // group 0's 4 (41 - 17 - 20) and its 3 (row total 20 - 15 - 2) all followed.
    const input = evenlyWeighted(
      {
        rows: answers(2),
        columns: groups(3),
        counts: [
          [3, 15, 2],
          [1, 2, 18],
        ],
        columnBases: [4, 17, 20],
        notAnswered: [0, 0, 0],
        multiple: false,
      },
      [2, 1.3, 0.8],
    )
    const crosstab = buildCrosstab(input, 5)
    assert.deepEqual(
      crosstab.columns.map((c) => c.base),
      [null, null, 20],
    )
    assert.equal(crosstab.rows[0]?.cells[1]?.count, 15)
    close(crosstab.columns[2]?.effectiveBase, 20)
    assert.deepEqual(
      await weightedExposures(crosstab, {
        cells: input.counts,
        columnTotals: input.columnBases,
        columnsAdd: true,
      }),
      { revealed: [], narrowed: [] },
    )
  })

  for (const multiple of [false, true]) {
    it(`over random tables with ${multiple ? 'several answers' : 'one answer'} each, no weighted figure narrows a hidden count`, async () => {
      const random = seededRandom(multiple ? 77 : 76)
      let hiddenBases = 0
      for (let k = 0; k < 60; k++) {
        const rowCount = 2 + Math.floor(random() * 3)
        const columnCount = 2 + Math.floor(random() * 3)
        const counts = Array.from({ length: rowCount }, () =>
          Array.from({ length: columnCount }, () =>
            random() < 0.4 ? Math.floor(random() * 6) : Math.floor(random() * 40),
          ),
        )
        const columnBases = Array.from({ length: columnCount }, (_, j) => {
          const column = counts.map((r) => r[j] ?? 0)
          const sum = column.reduce((a, b) => a + b, 0)
          const most = Math.max(...column)
          return multiple ? most + Math.floor(random() * (sum - most + 1)) : sum
        })
        const input = evenlyWeighted(
          {
            rows: answers(rowCount),
            columns: groups(columnCount),
            counts,
            columnBases,
            notAnswered: columnBases.map(() => 0),
            multiple,
          },
          columnBases.map(() => 0.5 + random()),
        )
        const crosstab = buildCrosstab(input, 5)
        hiddenBases += crosstab.columns.filter((c, j) => c.base === null && (columnBases[j] ?? 0) > 0).length
        for (const row of crosstab.rows)
          for (const cell of row.cells)
            if (cell.weightedPercent === null) assert.equal(cell.weightedInterval, null)
        assert.deepEqual(
          await weightedExposures(crosstab, {
            cells: counts,
            columnTotals: columnBases,
            columnsAdd: !multiple,
            columnsCovered: multiple,
          }),
          { revealed: [], narrowed: [] },
          `table ${k}: ${JSON.stringify(counts)}`,
        )
      }
      assert.ok(hiddenBases >= 10, `${hiddenBases} hidden bases`)
    })
  }
})

describe('buildCrosstab: no statistic shown beside a table singles out its hidden counts', () => {
  const groups = (n: number) => Array.from({ length: n }, (_, j) => ({ value: `g${j}`, label: `Group ${j}` }))
  const answers = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ value: `a${i}`, label: `Answer ${i}` }))

  /** Every table a reader of this one cannot tell apart, and the statistics each would show. */
  async function statisticsOfLookAlikes(input: CrosstabCounts) {
    const crosstab = buildCrosstab(input, 5)
    const shape = {
      cells: input.counts,
      columnTotals: input.columnBases,
      columnsAdd: !input.multiple,
      columnsCovered: input.multiple,
    }
    const published = publishedCountTable(shape, shownOf(crosstab))
    const rows = input.rows.length
    const columns = input.columns.length
    return shownBeside(published, (values) => {
      const counts = input.rows.map((_, i) => input.columns.map((_, j) => values[i * columns + j] ?? 0))
      const columnBases = input.columns.map((_, j) => values[rows * columns + rows + j] ?? 0)
      const lookAlike = buildCrosstab({ ...input, counts, columnBases }, 5)
      if (JSON.stringify(shownOf(lookAlike)) !== JSON.stringify(shownOf(crosstab))) return undefined
      return JSON.stringify({
        test: lookAlike.test,
        untestedBecause: lookAlike.untestedBecause,
        differences: lookAlike.rows.map((r) => r.cells.map((c) => c.difference)),
      })
    })
  }

  it('withholds the chi-square of a table with a hidden cell, which would otherwise give it away', async () => {
    // With the chi-square of the true counts shown, the 3 (and the cells hidden to protect it)
    // could be found by trying each value the margins allow: only the true one gives the
    // published χ². None is shown now, and the page says why.
    const input: CrosstabCounts = {
      rows: answers(2),
      columns: groups(3),
      counts: [
        [3, 30, 50],
        [40, 35, 25],
      ],
      columnBases: [43, 65, 75],
      notAnswered: [0, 0, 0],
      multiple: false,
    }
    const crosstab = buildCrosstab(input, 5)
    assert.equal(crosstab.rows[0]?.cells[0]?.count, null)
    assert.equal(crosstab.test, null)
    assert.equal(crosstab.untestedBecause, 'suppressed')
    const { candidates, shown } = await statisticsOfLookAlikes(input)
    assert.ok(candidates > 1, `${candidates} tables look alike`)
    assert.equal(new Set(shown).size, 1)
  })

  it('tests shown cells on shown figures and corrects over them alone, so look-alikes flag alike', async () => {
    // Holm's correction over every cell, hidden ones included, made a shown cell's adjusted p
    // depend on the hidden counts: of the tables a reader cannot tell from this one, some flagged
    // the 0 and some did not. Now only the shown cells are the family.
    const input: CrosstabCounts = {
      rows: answers(3),
      columns: groups(3),
      counts: [
        [3, 9, 9],
        [6, 0, 7],
        [16, 12, 3],
      ],
      columnBases: [25, 21, 19],
      notAnswered: [0, 0, 0],
      multiple: false,
    }
    const crosstab = buildCrosstab(input, 5)
    assert.equal(crosstab.rows[0]?.cells[0]?.count, null)
    assert.equal(crosstab.rows[1]?.cells[1]?.difference?.direction, 'lower')
    const { candidates, shown } = await statisticsOfLookAlikes(input)
    assert.ok(candidates > 1, `${candidates} tables look alike`)
    assert.equal(new Set(shown).size, 1)
  })

  it('over random small tables, with one answer or several each, every look-alike shows the same statistics', async () => {
    const random = seededRandom(2021)
    let withHidden = 0
    for (let k = 0; k < 40; k++) {
      const multiple = k % 4 === 3
      const rowCount = 2 + Math.floor(random() * 2)
      const columnCount = 2 + Math.floor(random() * 2)
      const counts = Array.from({ length: rowCount }, () =>
        Array.from({ length: columnCount }, () =>
          random() < 0.3 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 12),
        ),
      )
      // With several answers each, a group's people are at least its largest count and at most its sum.
      const columnBases = Array.from({ length: columnCount }, (_, j) => {
        const column = counts.map((r) => r[j] ?? 0)
        const sum = column.reduce((a, b) => a + b, 0)
        const most = Math.max(...column)
        return multiple ? most + Math.floor(random() * (sum - most + 1)) : sum
      })
      const input: CrosstabCounts = {
        rows: answers(rowCount),
        columns: groups(columnCount),
        counts,
        columnBases,
        notAnswered: columnBases.map(() => 0),
        multiple,
      }
      const { candidates, shown } = await statisticsOfLookAlikes(input)
      if (candidates > 1) withHidden++
      assert.equal(new Set(shown).size, 1, `table ${k}: ${JSON.stringify(counts)}`)
    }
    assert.ok(withHidden >= 10, `${withHidden} tables had hidden counts`)
  })
})
