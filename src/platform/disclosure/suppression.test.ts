import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { exposedEntries, hiddenBounds } from '../../testing/disclosure-audit.js'
import {
  type CountTable,
  flattenCountTable,
  hiddenIntervals,
  type SuppressedCountTable,
  suppressCounts,
  suppressTable,
} from './suppression.js'

/** No shown total can give away one hidden entry by subtraction: each line hides none or two or more. */
function assertNoLineRevealsOne(result: SuppressedCountTable, columnsAdd: boolean) {
  const hidden = (r: unknown) => r !== null
  result.cells.forEach((row, i) => {
    const n = row.filter(hidden).length + (hidden(result.rowTotals[i]) ? 1 : 0)
    assert.notEqual(n, 1, `row ${i} hides exactly one entry`)
  })
  if (columnsAdd) {
    result.columnTotals.forEach((total, j) => {
      const n = result.cells.filter((row) => hidden(row[j])).length + (hidden(total) ? 1 : 0)
      assert.notEqual(n, 1, `column ${j} hides exactly one entry`)
    })
  }
}

describe('suppressCounts', () => {
  it('hides counts from 1 to threshold − 1 and shows zero and the threshold itself', () => {
    assert.deepEqual(suppressCounts([0, 1, 4, 5, 90], [], { threshold: 5 }), [
      null,
      'primary',
      'primary',
      null,
      null,
    ])
  })

  it('hides the smallest other entry of a line that would otherwise reveal one', () => {
    // 3 + 40 + 12 = 55 is shown, so 3 could be worked out unless another entry is hidden: 12 is.
    const reasons = suppressCounts([3, 40, 12, 55], [{ parts: [0, 1, 2], sum: 3 }], {
      threshold: 5,
      totals: new Set([3]),
    })
    assert.deepEqual(reasons, ['primary', null, 'secondary', null])
  })

  it('prefers a non-zero cell to a zero, and a cell to a total', () => {
    const reasons = suppressCounts([2, 0, 30, 32], [{ parts: [0, 1, 2], sum: 3 }], {
      threshold: 5,
      totals: new Set([3]),
    })
    assert.deepEqual(reasons, ['primary', null, 'secondary', null])
    const onlyTotal = suppressCounts([2, 2], [{ parts: [0], sum: 1 }], { threshold: 5, totals: new Set([1]) })
    assert.deepEqual(onlyTotal, ['primary', 'primary'])
  })

  it('of two equally small candidates, hides the first, so the same table always hides the same cells', () => {
    assert.deepEqual(suppressCounts([2, 10, 10], [{ parts: [0, 1, 2], sum: null }], { threshold: 5 }), [
      'primary',
      'secondary',
      null,
    ])
    assert.deepEqual(suppressCounts([10, 10, 2], [{ parts: [0, 1, 2], sum: null }], { threshold: 5 }), [
      'secondary',
      null,
      'primary',
    ])
  })

  it('hides a cell rather than the total beside it', () => {
    const reasons = suppressCounts([2, 30, 32], [{ parts: [0, 1], sum: 2 }], {
      threshold: 5,
      totals: new Set([2]),
    })
    assert.deepEqual(reasons, ['primary', 'secondary', null])
  })

  it('needs nothing more for a line that holds only the hidden entry', () => {
    assert.deepEqual(
      suppressCounts(
        [2, 30],
        [
          { parts: [0], sum: null },
          { parts: [1], sum: null },
        ],
        { threshold: 5 },
      ),
      ['primary', null],
    )
  })
})

describe('suppressTable', () => {
  it('hides nothing when every count reaches the threshold', () => {
    const result = suppressTable(
      {
        cells: [
          [10, 20],
          [30, 40],
        ],
        columnTotals: [40, 60],
        columnsAdd: true,
      },
      5,
    )
    assert.ok(result.cells.flat().every((r) => r === null))
    assert.equal(result.allSuppressed, false)
  })

  it('adds secondary suppression in the row and the column of a small cell', () => {
    const cells = [
      [3, 20, 25],
      [30, 40, 50],
      [12, 9, 60],
    ]
    const result = suppressTable({ cells, columnTotals: [45, 69, 135], columnsAdd: true }, 5)
    assert.equal(result.cells[0]?.[0], 'primary')
    // The row's smallest other cell (20) and the column's (12) are hidden too.
    assert.equal(result.cells[0]?.[1], 'secondary')
    assert.equal(result.cells[2]?.[0], 'secondary')
    assertNoLineRevealsOne(result, true)
    assert.ok(result.columnTotals.every((r) => r === null))
  })

  it('hides a whole group (column) smaller than the threshold, and enough else to protect it', () => {
    const result = suppressTable(
      {
        cells: [
          [2, 50, 40],
          [1, 45, 60],
        ],
        columnTotals: [3, 95, 100],
        columnsAdd: true,
      },
      5,
    )
    assert.deepEqual(
      result.cells.map((row) => row[0]),
      ['primary', 'primary'],
    )
    assert.equal(result.columnTotals[0], 'primary')
    assertNoLineRevealsOne(result, true)
    assert.notEqual(result.columnTotals[1] ?? result.columnTotals[2] ?? result.grandTotal, null)
  })

  it('for several answers per person, protects only the rows, whose sums are shown', () => {
    const result = suppressTable(
      {
        cells: [
          [4, 30],
          [20, 25],
        ],
        columnTotals: [40, 45],
        columnsAdd: false,
      },
      5,
    )
    assert.deepEqual(result.cells, [
      ['primary', 'secondary'],
      [null, null],
    ])
  })

  it('says when every count in the table is hidden', () => {
    const result = suppressTable(
      {
        cells: [
          [1, 2],
          [3, 0],
        ],
        columnTotals: [4, 2],
        columnsAdd: true,
      },
      5,
    )
    assert.equal(result.allSuppressed, true)
    assert.equal(result.grandTotal, null)
  })

  it('hides the total of a row chosen by fewer than the threshold, and another row total beside it', () => {
    const result = suppressTable(
      {
        cells: [
          [2, 2],
          [30, 40],
          [20, 25],
        ],
        columnTotals: [52, 67],
        columnsAdd: true,
      },
      5,
    )
    assert.deepEqual(result.rowTotals, ['primary', null, 'secondary'])
    assert.equal(result.grandTotal, null)
    assertNoLineRevealsOne(result, true)
  })

  it('hides the grand total and the group totals when fewer people than the threshold answered', () => {
    const result = suppressTable({ cells: [[1], [3]], columnTotals: [4], columnsAdd: true }, 5)
    assert.equal(result.grandTotal, 'primary')
    assert.deepEqual(result.columnTotals, ['primary'])
    assert.deepEqual(result.rowTotals, ['primary', 'primary'])
  })

  it('hides a small group whole, its zeros too, and its total, wherever the group stands', () => {
    // A zero beside a group total of 4 would tell that all four chose the other answer.
    const result = suppressTable(
      {
        cells: [
          [20, 0, 30],
          [25, 4, 40],
        ],
        columnTotals: [45, 4, 70],
        columnsAdd: true,
      },
      5,
    )
    assert.deepEqual(
      result.cells.map((row) => row[1]),
      ['primary', 'primary'],
    )
    assert.equal(result.columnTotals[1], 'primary')
    assert.equal(result.columnTotals[0] ?? result.columnTotals[2] ?? result.grandTotal, 'secondary')
    assertNoLineRevealsOne(result, true)
  })

  it('shows a group of exactly the threshold, zeros included', () => {
    const result = suppressTable(
      {
        cells: [
          [20, 0],
          [25, 5],
        ],
        columnTotals: [45, 5],
        columnsAdd: true,
      },
      5,
    )
    assert.deepEqual(result.cells, [
      [null, null],
      [null, null],
    ])
    assert.deepEqual(result.columnTotals, [null, null])
  })

  it('says the table is not all hidden when some counts are hidden and others shown', () => {
    const result = suppressTable(
      {
        cells: [
          [3, 20, 25],
          [30, 40, 50],
          [12, 9, 60],
        ],
        columnTotals: [45, 69, 135],
        columnsAdd: true,
      },
      5,
    )
    assert.equal(result.allSuppressed, false)
  })

  it('calls a table all hidden when every non-zero count is hidden, though its zeros show', () => {
    const result = suppressTable(
      {
        cells: [
          [1, 0],
          [2, 0],
        ],
        columnTotals: [3, 0],
        columnsAdd: true,
      },
      5,
    )
    assert.equal(result.cells[0]?.[1], null)
    assert.equal(result.allSuppressed, true)
  })

  it('protects a derived row ("agree" = strongly agree + agree) so that it gives away no hidden member', () => {
    // Strongly agree 2 is hidden in group A; agree (30) shown beside "agree" (32) would give it away
    // by subtraction, so one of them is hidden too, and the derived row's own lines stay safe.
    const result = suppressTable(
      {
        cells: [
          [2, 20],
          [30, 25],
          [15, 18],
        ],
        columnTotals: [47, 63],
        columnsAdd: true,
        derivedRows: [[0, 1]],
      },
      5,
    )
    assert.equal(result.cells.length, 4)
    assert.equal(result.cells[0]?.[0], 'primary')
    const derivedLine = [result.cells[0]?.[0], result.cells[1]?.[0], result.cells[3]?.[0]]
    assert.notEqual(derivedLine.filter((r) => r !== null).length, 1)
    assertNoLineRevealsOne(result, true)
  })

  it('protects the second derived row ("disagree") by its own members, not by the row after them', () => {
    // Strongly agree, agree, disagree, strongly disagree, don't know; "agree" and "disagree" shown
    // as sums. Disagree 2 and don't know 3 are hidden in group A: "disagree" (27) less strongly
    // disagree would give the 2 away, so one of those is hidden too.
    const derivedRows = [
      [0, 1],
      [2, 3],
    ]
    const result = suppressTable(
      {
        cells: [
          [20, 20],
          [30, 25],
          [2, 22],
          [25, 30],
          [3, 41],
        ],
        columnTotals: [80, 138],
        columnsAdd: true,
        derivedRows,
      },
      5,
    )
    derivedRows.forEach((members, d) => {
      for (const j of [0, 1]) {
        const line = [...members.map((i) => result.cells[i]?.[j]), result.cells[5 + d]?.[j]]
        assert.notEqual(line.filter((r) => r !== null).length, 1, `derived row ${d}, column ${j}`)
      }
    })
  })

  it('adds up a derived row from its members, and hides a sum below the threshold', () => {
    const result = suppressTable(
      {
        cells: [
          [1, 20],
          [2, 25],
          [40, 18],
        ],
        columnTotals: [43, 63],
        columnsAdd: true,
        derivedRows: [[0, 1]],
      },
      5,
    )
    // Group A's "agree" is 1 + 2 = 3, below the threshold, so hidden for itself; group B's is 45,
    // hidden only to protect it, and the two add up to a total of 48 that can be shown.
    assert.equal(result.cells[3]?.[0], 'primary')
    assert.equal(result.cells[3]?.[1], 'secondary')
    assert.equal(result.rowTotals[3], null)
  })

  it('treats an empty group and a single-category question without error', () => {
    const empty = suppressTable({ cells: [[0], [0]], columnTotals: [0], columnsAdd: true }, 5)
    assert.deepEqual(empty.cells, [[null], [null]])
    assert.equal(empty.allSuppressed, false)
    const single = suppressTable({ cells: [[7, 2]], columnTotals: [7, 2], columnsAdd: true }, 5)
    assert.equal(single.cells[0]?.[1], 'primary')
    assertNoLineRevealsOne(single, true)
  })
})

describe('secondary suppression until nothing more is needed', () => {
  it('hides again when a secondary suppression leaves another line with one hidden entry', () => {
    // The line [2, 10] hides 10 beside the 2; that leaves [10, 20] hiding one, so 20 goes too.
    assert.deepEqual(
      suppressCounts(
        [2, 10, 20],
        [
          { parts: [1, 2], sum: null },
          { parts: [0, 1], sum: null },
        ],
        { threshold: 5 },
      ),
      ['primary', 'secondary', 'secondary'],
    )
  })

  it('leaves no row or column of a table where subtraction gives away a hidden count', () => {
    // The 2 hides a cell in its row and in its column; the cells those columns then hide fall in
    // different rows, each of which needs another round.
    const cells = [
      [2, 10, 10],
      [6, 20, 9],
      [9, 7, 20],
    ]
    const columnTotals = [0, 1, 2].map((j) => cells.reduce((a, row) => a + (row[j] ?? 0), 0))
    const result = suppressTable({ cells, columnTotals, columnsAdd: true }, 5)
    assertNoLineRevealsOne(result, true)
  })
})

/** What a reader of the table sees: each entry shown or hidden, with the relations they know. */
function published(table: CountTable, result: SuppressedCountTable) {
  const flat = flattenCountTable(table)
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
  return { flat, counts: { values: flat.values, hidden, relations: flat.relations } }
}

describe('suppression that holds against all the shown totals at once', () => {
  // Issue 21: every row and column hides two or more entries, yet row 0, columns 1 and 2 and row 1
  // give x(1,3) = 1 exactly: x(0,1) + x(0,2) = 6, the two columns' hidden cells add up to 21, so
  // x(1,1) + x(1,2) = 15 and row 1's hidden cells, which add up to 16, leave 1.
  const cells = [
    [32, 1, 5, 25, 26],
    [32, 7, 8, 1, 34],
    [0, 33, 14, 14, 25],
    [0, 21, 9, 1, 4],
    [21, 30, 14, 3, 13],
  ]
  const table: CountTable = {
    cells,
    columnTotals: [0, 1, 2, 3, 4].map((j) => cells.reduce((a, row) => a + (row[j] ?? 0), 0)),
    columnsAdd: true,
  }

  it('reproduces the count of 1 that one-line-at-a-time suppression gave away', async () => {
    const { flat, counts } = published(table, suppressTable(table, 5))
    // The cells the earlier rule hid: (0,1) (0,2) (1,1) (1,2) (1,3) (3,3) (3,4) (4,3) (4,4).
    const lineByLine = [1, 2, 6, 7, 8, 18, 19, 23, 24]
    const hidden = flat.values.map((_, k) => lineByLine.includes(k))
    const bounds = await hiddenBounds({ ...counts, hidden })
    assert.deepEqual(
      bounds.find((b) => b.entry === flat.cellIndex(1, 3)),
      { entry: 8, value: 1, interval: { lower: 1, upper: 1 } },
    )
    assert.deepEqual(hiddenIntervals(flat.values, hidden, flat.relations, [8]).get(8), { lower: 1, upper: 1 })
  })

  it('now leaves every hidden cell of that table an interval at least the threshold wide', async () => {
    const result = suppressTable(table, 5)
    const { counts } = published(table, result)
    assert.equal(result.cells[1]?.[3], 'primary')
    assert.deepEqual(await exposedEntries(counts, 5), [])
  })

  it('hides more than two corners when the other corners are small themselves', async () => {
    // A rectangle of 1, 2, 2, 1 moves by at most 2 each way: a 1 could be narrowed to 0..3.
    const small: CountTable = {
      cells: [
        [1, 2, 40],
        [2, 1, 50],
        [30, 45, 60],
      ],
      columnTotals: [33, 48, 150],
      columnsAdd: true,
    }
    const { counts } = published(small, suppressTable(small, 5))
    assert.deepEqual(await exposedEntries(counts, 5), [])
  })

  it('cannot widen what a published total below the threshold bounds, and stops', () => {
    const reasons = suppressCounts([1, 2], [{ parts: [0, 1], sum: null }], { threshold: 5 })
    assert.deepEqual(reasons, ['primary', 'primary'])
  })

  it('counts several answers from one group as no more than its people', async () => {
    // Row 0 hides 3 and 38 (41 together); without the bound the 3 could be 0..41, with it 3..6.
    const multiple: CountTable = {
      cells: [
        [3, 38],
        [6, 40],
      ],
      columnTotals: [6, 45],
      columnsAdd: false,
    }
    const { counts } = published(multiple, suppressTable(multiple, 5))
    assert.deepEqual(await exposedEntries(counts, 5), [])
  })
})

describe('the interval a reader can put a hidden count in', () => {
  const hiddenOf = (n: number, hidden: readonly number[]) =>
    Array.from({ length: n }, (_, i) => hidden.includes(i))

  it('puts two hidden counts of a list with a shown total anywhere from 0 to what the shown counts leave', () => {
    const intervals = hiddenIntervals(
      [2, 10, 30],
      hiddenOf(3, [0, 1]),
      [{ parts: [0, 1, 2], sum: null }],
      [0, 1],
    )
    assert.deepEqual(intervals.get(0), { lower: 0, upper: 12 })
    assert.deepEqual(intervals.get(1), { lower: 0, upper: 12 })
  })

  it('takes a published total that counts more than the list (those not stating) as the total', () => {
    const relations = [{ parts: [0, 1, 2], sum: null, total: 50 }]
    assert.deepEqual(hiddenIntervals([2, 10, 30], hiddenOf(3, [0, 1]), relations, [0]).get(0), {
      lower: 0,
      upper: 20,
    })
  })

  it('lets a hidden count whose row total is hidden too be any count, the total at least the rest of the row', () => {
    const intervals = hiddenIntervals([2, 10, 12], hiddenOf(3, [0, 2]), [{ parts: [0, 1], sum: 2 }], [0, 2])
    assert.deepEqual(intervals.get(0), { lower: 0, upper: Number.POSITIVE_INFINITY })
    assert.deepEqual(intervals.get(2), { lower: 10, upper: Number.POSITIVE_INFINITY })
  })

  it('puts a count tied to nothing anywhere from 0 up', () => {
    assert.deepEqual(hiddenIntervals([7], [true], [], [0]).get(0), {
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
    })
  })

  it('treats a count as given away when the figures it is tied to do not add up', () => {
    // A published total of 5 beside a shown 10: no count fits, and the safe answer is the worst.
    const relations = [{ parts: [0, 1], sum: null, total: 5 }]
    assert.deepEqual(hiddenIntervals([2, 10], hiddenOf(2, [0]), relations, [0]).get(0), {
      lower: 2,
      upper: 2,
    })
  })

  it('bounds the hidden cells of a 2×2 table with its margins shown by the Fréchet bounds', () => {
    const table: CountTable = {
      cells: [
        [2, 1],
        [30, 40],
      ],
      columnTotals: [32, 41],
      columnsAdd: true,
    }
    const flat = flattenCountTable(table)
    const cells = [0, 1].flatMap((i) => [0, 1].map((j) => [i, j] as const))
    const hidden = flat.values.map((_, k) => cells.some(([i, j]) => flat.cellIndex(i, j) === k))
    const intervals = hiddenIntervals(
      flat.values,
      hidden,
      flat.relations,
      cells.map(([i, j]) => flat.cellIndex(i, j)),
    )
    const rows = table.cells.map((row) => row.reduce((a, b) => a + b, 0))
    const n = table.columnTotals.reduce((a, b) => a + b, 0)
    for (const [i, j] of cells) {
      const [r, c] = [rows[i] ?? 0, table.columnTotals[j] ?? 0]
      assert.deepEqual(intervals.get(flat.cellIndex(i, j)), {
        lower: Math.max(0, r + c - n),
        upper: Math.min(r, c),
      })
    }
  })

  it('with several answers each, keeps a hidden count within its group, and above what the others leave when everyone answered', () => {
    // Group of 6 people; options chosen 3 and 4 times. With option 1 and its row total hidden, it is
    // at most 6; if everyone chose something, at least 6 − 4 = 2.
    const intervalOf = (columnsCovered: boolean) => {
      const flat = flattenCountTable({
        cells: [[3], [4]],
        columnTotals: [6],
        columnsAdd: false,
        columnsCovered,
      })
      const hidden = flat.values.map((_, k) => k === flat.cellIndex(0, 0) || k === flat.rowTotalIndex(0))
      return hiddenIntervals(flat.values, hidden, flat.relations, [flat.cellIndex(0, 0)]).get(
        flat.cellIndex(0, 0),
      )
    }
    assert.deepEqual(intervalOf(false), { lower: 0, upper: 6 })
    assert.deepEqual(intervalOf(true), { lower: 2, upper: 6 })
  })
})

describe('complementary suppression hides no more than it needs', () => {
  it('needs nothing more once the small counts can be anything across exactly the threshold', () => {
    // 1 and 4 hidden beside a shown total: each could be 0 to 5, which is the threshold.
    assert.deepEqual(suppressCounts([1, 4, 30], [{ parts: [0, 1, 2], sum: null }], { threshold: 5 }), [
      'primary',
      'primary',
      null,
    ])
  })

  it('hides the smallest count that makes the small ones wide enough, not a larger one', () => {
    // 1 and 3 alone could be 0 to 4; with 19 hidden as well, 0 to 23.
    assert.deepEqual(
      suppressCounts([19, 33, 1, 3], [{ parts: [0, 1, 2, 3], sum: null }], { threshold: 10 }),
      ['secondary', null, 'primary', 'primary'],
    )
    assert.deepEqual(
      suppressCounts([5, 24, 3, 14], [{ parts: [0, 1, 2, 3], sum: null }], { threshold: 10 }),
      ['primary', null, 'primary', 'secondary'],
    )
  })

  it('counts a candidate that widens the small ones to exactly the threshold as enough', () => {
    // Several answers each; the 2 and the 1 in the first row are hidden, and hiding the 3 beside them
    // makes them wide enough (exactly 3), so the 4 stays shown.
    const result = suppressTable(
      {
        cells: [
          [3, 2, 4, 1],
          [39, 23, 16, 3],
        ],
        columnTotals: [41, 23, 18, 4],
        columnsAdd: false,
        columnsCovered: true,
      },
      3,
    )
    assert.deepEqual(result.cells[0], ['secondary', 'primary', null, 'primary'])
    assert.ok(result.cells[1]?.every((r) => r === null))
  })

  it('stops once the small counts are wide enough: the largest count and the row total stay shown', () => {
    const several = suppressTable(
      { cells: [[5, 4, 14, 28]], columnTotals: [5, 4, 14, 28], columnsAdd: false },
      10,
    )
    assert.deepEqual(several.cells[0], ['primary', 'primary', 'secondary', null])
    assert.equal(several.rowTotals[0], null)
    const one = suppressTable({ cells: [[24, 1, 2]], columnTotals: [24, 1, 2], columnsAdd: false }, 10)
    assert.deepEqual(one.cells[0], ['secondary', 'primary', 'primary'])
    assert.equal(one.rowTotals[0], null)
    assert.equal(one.grandTotal, null)
  })

  it('hides a cell beside a small count rather than the row and grand totals', () => {
    for (const [cells, columnsAdd] of [
      [[2, 17], false],
      [[1, 1, 6], true],
    ] as const) {
      const result = suppressTable({ cells: [cells], columnTotals: cells, columnsAdd }, 5)
      assert.ok(
        result.cells[0]?.every((r) => r !== null),
        `${cells}: every cell hidden`,
      )
      assert.equal(result.rowTotals[0], null, `${cells}: the row total shown`)
      assert.equal(result.grandTotal, null, `${cells}: the grand total shown`)
    }
  })

  it('hides a zero cell rather than a total', () => {
    // Several answers each: ranked by count alone, the second row's total (22) would go before the zero.
    const result = suppressTable(
      {
        cells: [
          [2, 29],
          [22, 0],
        ],
        columnTotals: [22, 29],
        columnsAdd: false,
        columnsCovered: true,
      },
      10,
    )
    assert.equal(result.cells[1]?.[1], 'secondary')
    assert.equal(result.rowTotals[1], null)
  })

  it('prefers the one entry that protects two lines at once (the grand total) to one total for each', () => {
    // Row 2 and group 2 are hidden whole; the first row's and first group's totals stay shown.
    const result = suppressTable(
      {
        cells: [
          [24, 4],
          [6, 2],
        ],
        columnTotals: [30, 6],
        columnsAdd: true,
      },
      10,
    )
    assert.equal(result.grandTotal, 'secondary')
    assert.equal(result.rowTotals[0], null)
    assert.equal(result.columnTotals[0], null)
  })

  it('shows a count when the group’s people already keep the small one beside it wide enough', () => {
    // Everyone of 19 answered; the 2 and its row total hidden could be anything from 2 to 19.
    const result = suppressTable(
      { cells: [[17], [2]], columnTotals: [19], columnsAdd: false, columnsCovered: true },
      3,
    )
    assert.deepEqual(result.cells, [[null], ['primary']])
    assert.deepEqual(result.rowTotals, [null, 'primary'])
  })

  it('widens a narrow count with the counts of its own lines first', () => {
    const result = suppressTable(
      {
        cells: [
          [13, 2, 0],
          [1, 18, 6],
        ],
        columnTotals: [13, 18, 6],
        columnsAdd: false,
        columnsCovered: true,
      },
      3,
    )
    assert.equal(result.cells[1]?.[1], null)
    assert.equal(result.allSuppressed, false)
  })

  it('when no single count is enough, first hides the one that widens the narrow count most', () => {
    const result = suppressTable(
      {
        cells: [
          [5, 0],
          [17, 3],
          [0, 16],
          [0, 39],
        ],
        columnTotals: [22, 58],
        columnsAdd: true,
        derivedRows: [[0, 1]],
      },
      10,
    )
    assert.equal(result.cells[0]?.[1], 'secondary')
  })

  it('of two equal counts that would each do, hides the one first in reading order', () => {
    const result = suppressTable(
      {
        cells: [
          [3, 1],
          [20, 5],
          [23, 10],
          [10, 21],
        ],
        columnTotals: [56, 37],
        columnsAdd: true,
      },
      10,
    )
    assert.equal(result.cells[2]?.[1], 'secondary')
    assert.equal(result.cells[3]?.[0], null)
  })
})

describe('secondary suppression checked until every hidden count holds', () => {
  it('checks a count again after each widening until it is wide enough, not after the first', async () => {
    // Widening each hidden count once and moving on left the hidden zeros of the second row
    // narrower than the threshold.
    const table: CountTable = {
      cells: [
        [3, 59, 45],
        [0, 0, 0],
      ],
      columnTotals: [3, 59, 45],
      columnsAdd: true,
    }
    const { counts } = published(table, suppressTable(table, 5))
    assert.deepEqual(await exposedEntries(counts, 5), [])
  })

  it('checks every count hidden along the way, not only those hidden at the start', async () => {
    // Found among random tables: checking only the counts hidden at the start left the 5 hidden to
    // protect them narrower than the threshold.
    const cells = [
      [0, 34, 3, 19, 22],
      [1, 31, 51, 56, 0],
      [0, 55, 0, 31, 1],
      [2, 1, 0, 5, 13],
      [21, 53, 2, 0, 16],
    ]
    const table: CountTable = {
      cells,
      columnTotals: [0, 1, 2, 3, 4].map((j) => cells.reduce((a, row) => a + (row[j] ?? 0), 0)),
      columnsAdd: true,
    }
    const { counts } = published(table, suppressTable(table, 3))
    assert.deepEqual(await exposedEntries(counts, 3), [])
  })
})

describe('summary rows a reader can add up', () => {
  it('pins a hidden count of the second summary row ("disagree") to its shown members', () => {
    // Strongly agree, agree, disagree, strongly disagree; "agree" and "disagree" shown as sums. With
    // group A's "disagree" and its row total hidden, its members (2 + 25) still give it away.
    const flat = flattenCountTable({
      cells: [
        [20, 20],
        [30, 25],
        [2, 22],
        [25, 30],
      ],
      columnTotals: [77, 97],
      columnsAdd: true,
      derivedRows: [
        [0, 1],
        [2, 3],
      ],
    })
    const disagree = flat.cellIndex(5, 0)
    const hidden = flat.values.map((_, k) => k === disagree || k === flat.rowTotalIndex(5))
    assert.deepEqual(hiddenIntervals(flat.values, hidden, flat.relations, [disagree]).get(disagree), {
      lower: 27,
      upper: 27,
    })
  })
})
