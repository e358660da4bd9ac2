import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Benchmark } from './benchmark.js'
import { benchmarks, selectBenchmarks, unknownBenchmarksMessage } from './registry.js'

const fake = (name: string): Benchmark => ({
  name,
  description: name,
  unit: 'ops/s',
  target: 1,
  targetIs: 'at-least',
  baseline: { label: 'raw', unit: 'ops/s' },
  run: async () => ({ value: 1, baseline: 1 }),
})
const list = [fake('alpha'), fake('beta'), fake('gamma')]
const names = (selection: ReturnType<typeof selectBenchmarks>) =>
  selection.ok ? selection.selected.map((b) => b.name) : selection.unknown

test('no names selects every benchmark in registry order', () => {
  assert.deepEqual(names(selectBenchmarks([], list)), ['alpha', 'beta', 'gamma'])
})

test('named benchmarks run once each, in the order named', () => {
  assert.deepEqual(names(selectBenchmarks(['gamma', 'alpha', 'gamma'], list)), ['gamma', 'alpha'])
})

test('an unknown name selects nothing and is reported with the known names', () => {
  const selection = selectBenchmarks(['alpha', 'delta', 'delta'], list)
  assert.equal(selection.ok, false)
  assert.deepEqual(names(selection), ['delta'])
  assert.equal(
    unknownBenchmarksMessage(['delta'], list),
    'Unknown benchmark delta; the known benchmarks are: alpha, beta, gamma.',
  )
})

test('the registry names are unique kebab-case and include consultation-page', () => {
  const registered = benchmarks.map((b) => b.name)
  assert.equal(new Set(registered).size, registered.length)
  for (const name of registered) assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/)
  assert.ok(registered.includes('consultation-page'))
})
