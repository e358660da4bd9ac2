import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { rake } from './weighting.js'

const close = (actual: number | undefined, expected: number, tolerance = 1e-6) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `expected ${expected}, got ${actual}`,
  )

describe('rake', () => {
  it('gives the product of the margins when the sample is spread evenly (worked by hand)', () => {
    // One person in each of four cells; targets female 30%, area a 60%: the (female, a) cell should
    // weigh 4 × 0.3 × 0.6 = 0.72, and so on.
    const result = rake(
      [
        { levels: { sex: 'female', area: 'a' }, count: 1 },
        { levels: { sex: 'female', area: 'b' }, count: 1 },
        { levels: { sex: 'male', area: 'a' }, count: 1 },
        { levels: { sex: 'male', area: 'b' }, count: 1 },
      ],
      { sex: { female: 0.3, male: 0.7 }, area: { a: 0.6, b: 0.4 } },
    )
    assert.equal(result.converged, true)
    for (const [i, expected] of [0.72, 0.48, 1.68, 1.12].entries()) close(result.weights[i], expected)
  })

  it('meets both margins and keeps the odds ratio of the sample, as the closed form for 2×2 says', () => {
    // Sample 40, 10, 20, 30 (odds ratio 6); targets female 50, male 50, a 30, b 70. With x the
    // weighted (female, a) count, x(20 + x) / ((50 − x)(30 − x)) = 6 gives x² − 100x + 1800 = 0,
    // so x = 50 − √700 = 23.5425…, solved by hand.
    const counts = [40, 10, 20, 30]
    const result = rake(
      [
        { levels: { sex: 'female', area: 'a' }, count: 40 },
        { levels: { sex: 'female', area: 'b' }, count: 10 },
        { levels: { sex: 'male', area: 'a' }, count: 20 },
        { levels: { sex: 'male', area: 'b' }, count: 30 },
      ],
      { sex: { female: 50, male: 50 }, area: { a: 30, b: 70 } },
    )
    const weighted = result.weights.map((w, i) => w * (counts[i] ?? 0))
    const x = 50 - Math.sqrt(700)
    close(weighted[0], x)
    close(weighted[1], 50 - x)
    close(weighted[2], 30 - x)
    close(weighted[3], 20 + x)
    assert.ok(result.iterations > 1)
  })

  it('matches an independent iterative proportional fit on three variables (NumPy)', () => {
    // Reference computed with NumPy 2 (float64), written apart from rake(): counts n[sex][age][area]
    // = [[[12,7],[20,5],[9,14]],[[6,10],[15,3],[11,8]]]; targets sex 0.52/0.48, age 0.30/0.45/0.25,
    // area 0.6/0.4, each scaled to n.sum(); then 1000 rounds of
    //   w *= (ts / w.sum(axis=(1,2)))[:,None,None]; w *= (ta / w.sum(axis=(0,2)))[None,:,None];
    //   w *= (tr / w.sum(axis=(0,1)))[None,None,:]
    // starting from w = n, and printing w / n.
    const counts = [12, 7, 20, 5, 9, 14, 6, 10, 15, 3, 11, 8]
    const cells = counts.map((count, i) => ({
      levels: {
        sex: ['f', 'm'][Math.floor(i / 6)] ?? '',
        age: ['young', 'middle', 'old'][Math.floor(i / 2) % 3] ?? '',
        area: ['city', 'county'][i % 2] ?? '',
      },
      count,
    }))
    const result = rake(cells, {
      sex: { f: 0.52, m: 0.48 },
      age: { young: 0.3, middle: 0.45, old: 0.25 },
      area: { city: 0.6, county: 0.4 },
    })
    const numpy = [
      0.8629861608, 1.0402505257, 1.1257665013, 1.3570080819, 0.5975503572, 0.7202920527, 1.0170781989,
      1.2259943196, 1.3267797533, 1.599311088, 0.7042470305, 0.848905089,
    ]
    assert.equal(result.converged, true)
    for (const [i, expected] of numpy.entries()) close(result.weights[i], expected, 1e-8)
  })

  it('leaves people with no level or no target at weight 1 and names levels nobody is in', () => {
    const result = rake(
      [
        { levels: { sex: 'female' }, count: 10 },
        { levels: { sex: 'male' }, count: 30 },
        { levels: { sex: 'prefer_not_to_say' }, count: 5 },
        { levels: {}, count: 2 },
      ],
      { sex: { female: 50, male: 50, intersex: 1 } },
    )
    close(result.weights[0], 2)
    close(result.weights[1], 20 / 30)
    assert.equal(result.weights[2], 1)
    assert.equal(result.weights[3], 1)
    assert.equal(result.unweightedCells, 2)
    assert.deepEqual(result.emptyLevels, [{ variable: 'sex', level: 'intersex' }])
  })

  it('does nothing with nobody to weight', () => {
    const result = rake([], { sex: { female: 1 } })
    assert.deepEqual(result.weights, [])
    assert.equal(result.converged, true)
  })
})
