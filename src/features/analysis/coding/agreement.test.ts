import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cohensKappa, krippendorffAlphaNominal, measureAgreement, type Rating } from './agreement.js'

const round = (x: number | undefined, places = 3) =>
  x === undefined ? undefined : Math.round(x * 10 ** places) / 10 ** places

/** Builds rating pairs from counts of a 2x2 table: [yes/yes, yes/no, no/yes, no/no]. */
function table(yy: number, yn: number, ny: number, nn: number): [Rating, Rating][] {
  return [
    ...Array.from({ length: yy }, () => ['yes', 'yes'] as [Rating, Rating]),
    ...Array.from({ length: yn }, () => ['yes', 'no'] as [Rating, Rating]),
    ...Array.from({ length: ny }, () => ['no', 'yes'] as [Rating, Rating]),
    ...Array.from({ length: nn }, () => ['no', 'no'] as [Rating, Rating]),
  ]
}

describe("Cohen's kappa", () => {
  it('matches the textbook 50-proposal example (20, 5, 10, 15 gives 0.4)', () => {
    // po = 35/50 = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5 = 0.4 (Cohen's kappa, worked example).
    assert.equal(round(cohensKappa(table(20, 5, 10, 15))), 0.4)
  })

  it('matches a hand-computed three-category example', () => {
    // 10 units; coder A: a a a a b b b c c c, coder B: a a a b b b c c c a.
    // Agreement 7/10; marginals A (4,3,3), B (4,3,3); pe = (16+9+9)/100 = 0.34;
    // kappa = (0.7 - 0.34) / 0.66 = 0.5454...
    const a = [...'aaaabbbccc']
    const b = [...'aaabbbccca']
    assert.equal(round(cohensKappa(a.map((v, i) => [v, b[i]] as [Rating, Rating])), 4), 0.5455)
  })

  it('is 1 for perfect agreement and undefined when nothing varies', () => {
    assert.equal(cohensKappa(table(3, 0, 0, 2)), 1)
    assert.equal(cohensKappa(table(0, 0, 0, 5)), undefined)
    assert.equal(cohensKappa([]), undefined)
  })

  it('drops pairs with a missing value', () => {
    assert.equal(
      cohensKappa([...table(20, 5, 10, 15), ['yes', undefined]]),
      cohensKappa(table(20, 5, 10, 15)),
    )
  })

  it('drops a comment the first coder left uncoded, as one the second left', () => {
    assert.equal(cohensKappa([[undefined, 'no'], ...table(20, 5, 10, 15)]), cohensKappa(table(20, 5, 10, 15)))
  })

  it("takes chance agreement from both coders' margins (45, 15, 25, 15 gives 0.1304)", () => {
    // Coder one says yes 60 times in 100, coder two 70: pe = 0.6*0.7 + 0.4*0.3 = 0.54, po = 0.6,
    // kappa = 0.06/0.46. Either coder's margins used twice would give 0.0833 or 0.0476.
    assert.equal(round(cohensKappa(table(45, 15, 25, 15)), 4), 0.1304)
    assert.equal(round(cohensKappa(table(45, 25, 15, 15)), 4), 0.1304)
  })
})

describe("Krippendorff's alpha (nominal)", () => {
  it('matches the 4-coder, 12-unit example with missing data in Krippendorff (2011): 0.743', () => {
    // "Computing Krippendorff's Alpha-Reliability", Klaus Krippendorff, 2011, section C.
    const _ = undefined
    const coders: Rating[][] = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ]
    const units = (coders[0] ?? []).map((_v, u) => coders.map((c) => c[u]))
    assert.equal(round(krippendorffAlphaNominal(units)), 0.743)
  })

  it('matches the 2-coder binary example of Krippendorff (2011): 0.095', () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert.equal(round(krippendorffAlphaNominal(a.map((v, i) => [v, b[i]]))), 0.095)
  })

  it('is 1 for perfect agreement and undefined without variation or pairable units', () => {
    assert.equal(
      krippendorffAlphaNominal([
        ['x', 'x'],
        ['y', 'y'],
      ]),
      1,
    )
    assert.equal(
      krippendorffAlphaNominal([
        ['x', 'x'],
        ['x', 'x'],
      ]),
      undefined,
    )
    assert.equal(krippendorffAlphaNominal([['x', undefined]]), undefined)
  })
})

describe('measureAgreement', () => {
  it('gives kappa per theme, alpha over presence pairs and the comments to adjudicate', () => {
    const report = measureAgreement(
      [
        { key: 'c1', first: ['t1'], second: ['t1'] },
        { key: 'c2', first: ['t1', 't2'], second: ['t2', 't1'] },
        { key: 'c3', first: ['t2'], second: ['t1'] },
        { key: 'c4', first: [], second: [] },
      ],
      ['t1', 't2'],
    )
    assert.equal(report.units, 4)
    assert.deepEqual(report.disagreements, ['c3'])
    assert.equal(report.exactMatch, 0.75)
    const t1 = report.perTheme.find((t) => t.themeId === 't1')
    // t1: pairs (1,1) (1,1) (0,1) (0,0): po = 0.75, pe = 0.5*0.75 + 0.5*0.25 = 0.5, kappa = 0.5.
    assert.equal(t1?.kappa, 0.5)
    assert.equal(t1?.disagreements, 1)
    assert.equal(t1?.used, 3)
    // The 8 (comment, theme) pairs through alpha: 2 disagreeing units, n = 16 values, 8 true and
    // 8 false; alpha = 1 - (n - 1) * 4 / (2 * 8 * 8) = 1 - 60 / 128.
    assert.equal(report.alpha, 1 - 60 / 128)
  })
})

describe('no comments double-coded yet', () => {
  it('gives no share of exact matches, rather than a share of nothing', () => {
    const report = measureAgreement([], ['cost'])
    assert.equal(report.units, 0)
    assert.equal(report.exactMatch, undefined)
    assert.deepEqual(report.disagreements, [])
  })
})

describe('comments to adjudicate', () => {
  it('a comment where one coder chose the themes of the other and one more is a disagreement', () => {
    const report = measureAgreement(
      [
        { key: 'c1', first: ['cost'], second: ['cost', 'access'] },
        { key: 'c2', first: ['cost', 'access'], second: ['cost'] },
        { key: 'c3', first: ['access', 'cost'], second: ['cost', 'access'] },
      ],
      ['cost', 'access'],
    )
    assert.deepEqual(report.disagreements, ['c1', 'c2'])
    assert.equal(round(report.exactMatch), 0.333)
  })
})
