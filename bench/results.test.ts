import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Benchmark } from './benchmark.js'
import { buildResult, formatResult } from './results.js'

const pages: Pick<Benchmark, 'name' | 'unit' | 'target' | 'targetIs' | 'baseline'> = {
  name: 'consultation-page',
  unit: 'pages/s',
  target: 200,
  targetIs: 'at-least',
  baseline: { label: 'raw queries', unit: 'sets/s' },
}

test('a result carries the ratio to its baseline and whether the target was met', () => {
  assert.deepEqual(buildResult(pages, 'pglite', { value: 812.04, baseline: 2950 }), {
    name: 'consultation-page',
    database: 'pglite',
    value: 812,
    unit: 'pages/s',
    baseline: 2950,
    ratio: 0.275,
    target: 200,
    met: true,
  })
})

test('a floor is met exactly at the target and missed just below it', () => {
  assert.equal(buildResult(pages, 'postgres', { value: 200, baseline: 400 }).met, true)
  assert.equal(buildResult(pages, 'postgres', { value: 199.99, baseline: 400 }).met, false)
})

test('a ceiling is met at or below the target', () => {
  const latency = { ...pages, name: 'latency', unit: 'ms', target: 50, targetIs: 'at-most' as const }
  assert.equal(buildResult(latency, 'pglite', { value: 50, baseline: 10 }).met, true)
  assert.equal(buildResult(latency, 'pglite', { value: 51, baseline: 10 }).met, false)
  assert.equal(buildResult(latency, 'pglite', { value: 51, baseline: 10 }).ratio, 5.1)
})

test('a zero or broken baseline is refused rather than giving an infinite ratio', () => {
  assert.throws(() => buildResult(pages, 'pglite', { value: 812, baseline: 0 }), /baseline 0 is not valid/)
  assert.throws(() => buildResult(pages, 'pglite', { value: Number.NaN, baseline: 1 }), /value NaN/)
})

test('the printed line gives the value, baseline, ratio and target outcome', () => {
  const met = buildResult(pages, 'pglite', { value: 812.4, baseline: 2950 })
  assert.equal(
    formatResult(pages, met),
    'consultation-page [pglite] 812 pages/s (raw queries 2950 sets/s, ratio 0.28, target ≥ 200 pages/s: met)',
  )
  const missed = buildResult(pages, 'postgres', { value: 57.25, baseline: 80 })
  assert.equal(
    formatResult(pages, missed),
    'consultation-page [postgres] 57.3 pages/s (raw queries 80.0 sets/s, ratio 0.72, target ≥ 200 pages/s: NOT met)',
  )
})
