import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  chiSquareIndependence,
  fisherExact2x2,
  holmAdjust,
  kishEffectiveSize,
  testCellsAgainstRest,
  testIndependence,
  weightedProportionInterval,
  wilsonInterval,
} from './statistics.js'

// Reference values were computed independently with SciPy 1.17.1 (R is not installed here):
//   scipy.stats.binomtest(x, n).proportion_ci(method='wilson')       ≡ R prop.test(x, n, correct=FALSE)
//   scipy.stats.chi2_contingency(table, correction=False)           ≡ R chisq.test(table, correct=FALSE)
//   scipy.stats.fisher_exact(table)                                 ≡ R fisher.test(table)
// Holm values are worked by hand below (R's p.adjust(p, "holm") gives the same).

const close = (actual: number | undefined, expected: number, tolerance = 1e-9) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `expected ${expected}, got ${actual}`,
  )

describe('wilsonInterval', () => {
  it('matches SciPy for a middling proportion (81 of 263)', () => {
    const ci = wilsonInterval(81, 263)
    close(ci?.lower, 0.2552885198782742)
    close(ci?.upper, 0.36620957698280004)
  })

  it('stays inside 0 to 1 at the extremes (0 of 10, 10 of 10) and for small groups (3 of 7)', () => {
    close(wilsonInterval(0, 10)?.lower, 0)
    close(wilsonInterval(0, 10)?.upper, 0.27753279986288926)
    close(wilsonInterval(10, 10)?.lower, 0.7224672001371109)
    close(wilsonInterval(10, 10)?.upper, 1)
    close(wilsonInterval(3, 7)?.lower, 0.1582198552514697)
    close(wilsonInterval(3, 7)?.upper, 0.7495416354723428)
  })

  it('has no interval for an empty group', () => {
    assert.equal(wilsonInterval(0, 0), undefined)
  })
})

describe('chiSquareIndependence', () => {
  it("matches R's documented example (chisq.test of the party-by-gender table: X² 30.07, df 2, p 2.954e-07)", () => {
    const result = chiSquareIndependence([
      [762, 327, 468],
      [484, 239, 477],
    ])
    close(result?.statistic, 30.070149095754672)
    assert.equal(result?.df, 2)
    close(result?.p, 2.9535891832117595e-7, 1e-6)
    assert.equal(result?.expectedCountsAdequate, true)
  })

  it('matches SciPy for a 2×3 table', () => {
    const result = chiSquareIndependence([
      [20, 30, 50],
      [40, 35, 25],
    ])
    close(result?.statistic, 15.384615384615387)
    close(result?.p, 0.0004563239005810305, 1e-7)
  })

  it('leaves out empty rows and columns (an empty group) before testing', () => {
    const withEmpty = chiSquareIndependence([
      [20, 0, 30, 50],
      [40, 0, 35, 25],
      [0, 0, 0, 0],
    ])
    close(withEmpty?.statistic, 15.384615384615387)
    assert.equal(withEmpty?.df, 2)
  })

  it('flags expected counts below 5 (SciPy expected 9.79, 7.21, 9.21, 6.79: adequate; 2×2 of 3,1,1,3: not)', () => {
    const result = chiSquareIndependence([
      [12, 5],
      [7, 9],
    ])
    close(result?.statistic, 2.4305755196815575)
    close(result?.p, 0.118989205532145, 1e-7)
    assert.equal(result?.expectedCountsAdequate, true)
    const small = chiSquareIndependence([
      [3, 1],
      [1, 3],
    ])
    assert.equal(small?.expectedBelowFive, 4)
    assert.equal(small?.expectedCountsAdequate, false)
  })

  it('gives the p-value from the survival function, not 0, for an overwhelming table', () => {
    // chi2_contingency([[900, 100], [100, 900]], correction=False): 1280 on 1 df, p = 2.509158096763556e-280,
    // where 1 - cdf gives exactly 0.
    const result = chiSquareIndependence([
      [900, 100],
      [100, 900],
    ])
    close(result?.statistic, 1280)
    assert.ok((result?.p ?? 0) > 0)
    assert.ok(Math.abs((result?.p ?? 0) / 2.509158096763556e-280 - 1) < 1e-9, String(result?.p))
  })

  it('cannot test a single-category question or a single group', () => {
    assert.equal(chiSquareIndependence([[5, 7, 9]]), undefined)
    assert.equal(chiSquareIndependence([[5], [7]]), undefined)
    assert.equal(chiSquareIndependence([]), undefined)
  })

  it("meets Cochran's rule when every expected count is exactly 5: below 5 means below", () => {
    // Margins of 10 and 10 over 20 people put exactly 5 in every cell.
    const result = chiSquareIndependence([
      [5, 5],
      [5, 5],
    ])
    assert.equal(result?.expectedBelowFive, 0)
    assert.equal(result?.expectedCountsAdequate, true)
  })

  it("meets Cochran's rule with exactly a fifth of the cells expected below 5, none below 1", () => {
    // Rows of 50 and 50, columns of 6, 24, 24, 23, 23: expected 3, 12, 12, 11.5, 11.5 in each row,
    // so 2 of the 10 cells are below 5: at most a fifth, so adequate.
    const result = chiSquareIndependence([
      [3, 12, 12, 12, 11],
      [3, 12, 12, 11, 12],
    ])
    assert.equal(result?.expectedBelowFive, 2)
    assert.equal(result?.expectedCountsAdequate, true)
    const oneMore = chiSquareIndependence([
      [3, 3, 12, 12, 20],
      [3, 3, 12, 11, 21],
    ])
    assert.equal(oneMore?.expectedBelowFive, 4)
    assert.equal(oneMore?.expectedCountsAdequate, false)
  })

  it("fails Cochran's rule when any expected count is below 1, however few are below 5", () => {
    // A row of one person among 401: expected 0.50 and 0.50, the only 2 of 10 cells below 5.
    const result = chiSquareIndependence([
      [1, 0],
      [50, 50],
      [50, 50],
      [50, 50],
      [50, 50],
    ])
    assert.equal(result?.expectedBelowFive, 2)
    assert.equal(result?.expectedCountsAdequate, false)
  })

  it("meets Cochran's rule when the smallest expected count is exactly 1: below 1 means below", () => {
    // A row of two among 402 split evenly: expected exactly 1 and 1, the only 2 of 10 cells below 5.
    const result = chiSquareIndependence([
      [1, 1],
      [50, 50],
      [50, 50],
      [50, 50],
      [50, 50],
    ])
    assert.equal(result?.expectedBelowFive, 2)
    assert.equal(result?.expectedCountsAdequate, true)
  })
})

describe('fisherExact2x2', () => {
  it('matches SciPy / R fisher.test two-sided p-values', () => {
    close(fisherExact2x2(3, 1, 1, 3), 0.48571428571428565)
    close(fisherExact2x2(1, 9, 11, 3), 0.0027594561852200836)
    close(fisherExact2x2(0, 5, 6, 1), 0.01515151515151515)
    close(fisherExact2x2(2, 0, 0, 2), 0.3333333333333333)
  })

  it('agrees with exact enumeration by hand: [[2,0],[0,2]] has tables 0..2 with probabilities 1/6, 4/6, 1/6', () => {
    close(fisherExact2x2(1, 1, 1, 1), 1)
  })
})

describe('testIndependence', () => {
  it("uses Fisher's exact test for a small 2×2 table", () => {
    const result = testIndependence([
      [3, 1],
      [1, 3],
    ])
    assert.equal(result?.method, 'fisher_exact')
    close(result?.p, 0.48571428571428565)
  })

  it("needs no expected counts for Fisher's exact test, so says they are adequate", () => {
    const result = testIndependence([
      [3, 1],
      [1, 3],
    ])
    assert.equal(result?.expectedCountsAdequate, true)
  })

  it("keeps Fisher's exact test to 2×2: a sparse table of three rows is chi-square, flagged as doubtful", () => {
    const result = testIndependence([
      [3, 1],
      [1, 3],
      [2, 0],
    ])
    assert.equal(result?.method, 'chi_square')
    assert.equal(result?.expectedCountsAdequate, false)
  })

  it('cannot test a single group', () => {
    assert.equal(testIndependence([[5], [7]]), undefined)
    assert.equal(testIndependence([[5, 7]]), undefined)
  })

  it('uses chi-square otherwise, and says when a larger table has too few expected', () => {
    const large = testIndependence([
      [12, 5],
      [7, 9],
    ])
    assert.equal(large?.method, 'chi_square')
    const sparse = testIndependence([
      [1, 0, 2],
      [0, 3, 1],
    ])
    assert.equal(sparse?.method, 'chi_square')
    assert.equal(sparse?.expectedCountsAdequate, false)
  })
})

describe('holmAdjust', () => {
  it('steps down by hand: p 0.01, 0.04, 0.03, 0.005 → 0.03, 0.06, 0.06, 0.02', () => {
    // Sorted: 0.005×4 = 0.02; 0.01×3 = 0.03; 0.03×2 = 0.06; 0.04×1 = 0.04 → kept at 0.06 (monotone).
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005])
    for (const [i, expected] of [0.03, 0.06, 0.06, 0.02].entries()) close(adjusted[i], expected)
  })

  it('caps at 1 and handles no tests', () => {
    assert.deepEqual(holmAdjust([0.6, 0.7]), [1, 1])
    assert.deepEqual(holmAdjust([]), [])
  })
})

describe('testCellsAgainstRest', () => {
  it('tests each cell against the rest of its row, then Holm-corrects across the table', () => {
    // Raw p from SciPy chi2_contingency(correction=False) on each cell's 2×2, for example cell
    // (0,0) is [[20,40],[80,60]] → 0.0020282311484520824; (0,1) → 0.45033817550821076;
    // (0,2) → 0.0002607296328553165; row 1 mirrors row 0. Holm by hand over the six:
    // 6×0.00026073 = 0.0015644; 4×0.0020282 = 0.0081129; 2×0.45034 = 0.90068.
    const cells = testCellsAgainstRest(
      [
        [20, 30, 50],
        [40, 35, 25],
      ],
      [60, 65, 75],
    )
    assert.equal(cells.length, 6)
    const at = (row: number, column: number) => cells.find((c) => c.row === row && c.column === column)
    close(at(0, 0)?.p, 0.0020282311484520824, 1e-7)
    close(at(0, 0)?.adjustedP, 4 * 0.0020282311484520824, 1e-6)
    close(at(0, 2)?.adjustedP, 6 * 0.0002607296328553165, 1e-6)
    close(at(1, 1)?.adjustedP, 2 * 0.45033817550821076, 1e-6)
    assert.equal(at(0, 0)?.significant, true)
    assert.equal(at(0, 0)?.direction, 'lower')
    assert.equal(at(0, 2)?.direction, 'higher')
    assert.equal(at(0, 1)?.significant, false)
  })

  it('skips empty groups and rows that nobody or everybody chose', () => {
    const cells = testCellsAgainstRest(
      [
        [10, 0, 12],
        [0, 0, 0],
      ],
      [10, 0, 30],
    )
    assert.ok(cells.every((c) => c.column !== 1 && c.row === 0))
    assert.deepEqual(testCellsAgainstRest([[5, 7]], [5, 7]), [])
  })

  it('tests only the cells it is told to, and corrects over those alone', () => {
    // The first table of this block with only its first column tested: two tests, so Holm doubles
    // the smaller p, 2 × 0.0020282 (cell (1,0) mirrors (0,0)).
    const cells = testCellsAgainstRest(
      [
        [20, 30, 50],
        [40, 35, 25],
      ],
      [60, 65, 75],
      (_row, column) => column === 0,
    )
    assert.deepEqual(
      cells.map((c) => [c.row, c.column]),
      [
        [0, 0],
        [1, 0],
      ],
    )
    close(cells[0]?.adjustedP, 2 * 0.0020282311484520824, 1e-6)
  })

  it('does not flag a difference that is significant only before correcting for the tests made', () => {
    // Each cell of this 2×2 is the same test: X² = 4, raw p = 0.0455, under 0.05 alone; Holm over
    // the four cells gives 4 × 0.0455 = 0.18, which is not significant.
    const cells = testCellsAgainstRest(
      [
        [30, 20],
        [20, 30],
      ],
      [50, 50],
    )
    assert.equal(cells.length, 4)
    for (const cell of cells) {
      close(cell.p, 0.04550026389635842, 1e-7)
      assert.equal(cell.significant, false)
    }
  })
})

describe('weighted proportions', () => {
  it("use Kish's effective sample size in the Wilson interval", () => {
    // 30 people of weight 1 (20 yes), 10 of weight 2 (5 yes), 20 of weight 0.5 (4 yes):
    // Σw = 60, Σw² = 75, n_eff = 48, p = 32/60; Wilson on (p, 48) worked with SciPy's norm.ppf.
    close(kishEffectiveSize(60, 75), 48)
    const interval = weightedProportionInterval(32, 60, 75)
    close(interval?.lower, 0.39503696978555686)
    close(interval?.upper, 0.6666896882367019)
  })

  it('equal weights give the unweighted interval, and no weight gives none', () => {
    assert.deepEqual(weightedProportionInterval(30, 100, 100), wilsonInterval(30, 100))
    assert.equal(weightedProportionInterval(0, 0, 0), undefined)
  })
})
