import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { krippendorffAlphaNominal, type Rating } from './agreement.js'
import { type FrozenPair, measureReliability, questionCodeframe } from './reliability.js'

const themes = ['a', 'b', 'c', 'd']

/** Ten comments on one question; the second pass differs on five of them. */
function tenWithFiveDisagreements(): FrozenPair[] {
  const first = [['a'], ['b'], ['c'], ['d'], ['a', 'b'], ['a'], ['b'], ['c'], ['d'], ['a']]
  const second = [['a'], ['b'], ['c'], ['d'], ['a', 'b'], ['b'], ['c'], ['d'], ['a'], ['c']]
  return first.map((f, i) => ({ key: `r${i}|q1`, questionKey: 'q1', first: f, second: second[i] ?? [] }))
}

describe('reliability of a frozen double-coding sample', () => {
  it('pooled alpha equals the coincidence-matrix alpha over the same (comment, theme) units', () => {
    const pairs = tenWithFiveDisagreements()
    const report = measureReliability(pairs, () => themes, { replicates: 200 })
    const units: Rating[][] = pairs.flatMap((p) =>
      themes.map((t) => [p.first.includes(t), p.second.includes(t)]),
    )
    assert.ok(report.alpha !== undefined)
    assert.ok(Math.abs(report.alpha - (krippendorffAlphaNominal(units) ?? Number.NaN)) < 1e-12)
    assert.equal(report.disagreements.length, 5)
    assert.equal(report.perQuestion[0]?.alpha, report.alpha)
  })

  it('gives a 95% bootstrap interval around the estimate, the same for the same seed', () => {
    const pairs = tenWithFiveDisagreements()
    const one = measureReliability(pairs, () => themes, { seed: 3 })
    const two = measureReliability(pairs, () => themes, { seed: 3 })
    assert.deepEqual(one.alphaInterval, two.alphaInterval)
    const { alpha, alphaInterval } = one
    assert.ok(alpha !== undefined && alphaInterval)
    assert.ok(alphaInterval.low < alpha && alpha < alphaInterval.high, JSON.stringify(one.alphaInterval))
    const kappa = one.perQuestion[0]?.perTheme.find((t) => t.themeId === 'a')
    assert.ok(kappa?.kappaInterval && kappa.kappa !== undefined)
    assert.ok(kappa.kappaInterval.low <= kappa.kappa && kappa.kappa <= kappa.kappaInterval.high)
  })

  it('is not moved by unused themes kept for other questions (5, 15 or 45 of them)', () => {
    const pairs = [
      ...tenWithFiveDisagreements(),
      { key: 'r20|q2', questionKey: 'q2', first: ['x'], second: ['x'] },
      { key: 'r21|q2', questionKey: 'q2', first: ['x'], second: [] },
      { key: 'r22|q2', questionKey: 'q2', first: [], second: [] },
    ]
    const frame = (others: number) => [
      ...themes.map((id) => ({ id, questionKey: 'q1', status: 'active' })),
      { id: 'x', questionKey: null, status: 'active' },
      ...Array.from({ length: others }, (_, i) => ({ id: `other${i}`, questionKey: 'q9', status: 'active' })),
    ]
    const alphas = [0, 5, 15, 45].map((others) => {
      const report = measureReliability(pairs, (q) => questionCodeframe(frame(others), q, pairs), {
        replicates: 50,
      })
      return [report.alpha, ...report.perQuestion.map((q) => q.alpha)]
    })
    for (const a of alphas) assert.deepEqual(a, alphas[0])
  })

  it('keeps retired themes a pass used, and leaves out retired themes nobody used', () => {
    const pairs: FrozenPair[] = [{ key: 'k', questionKey: 'q1', first: ['old'], second: [] }]
    const frame = [
      { id: 'old', questionKey: null, status: 'retired' },
      { id: 'gone', questionKey: null, status: 'retired' },
      { id: 'a', questionKey: 'q1', status: 'active' },
    ]
    assert.deepEqual(questionCodeframe(frame, 'q1', pairs).sort(), ['a', 'old'])
  })

  it('reports nothing rather than a figure when there is no pair', () => {
    const report = measureReliability([], () => themes)
    assert.equal(report.alpha, undefined)
    assert.equal(report.alphaInterval, undefined)
    assert.equal(report.exactMatch, undefined)
  })
})
