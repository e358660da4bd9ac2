import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { DatabaseKind } from '../src/platform/db/database.js'
import { installDir } from '../src/platform/install-dir.js'
import type { Benchmark, Measurement } from './benchmark.js'

export interface BenchResult {
  name: string
  database: DatabaseKind
  value: number
  unit: string
  baseline: number
  ratio: number
  target: number
  met: boolean
}

// Beside package.json whatever the working folder, so later runs and tools find it in one place.
export const resultsFile = path.join(installDir, 'bench-results/latest.json')

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places

export function buildResult(
  benchmark: Pick<Benchmark, 'name' | 'unit' | 'target' | 'targetIs'>,
  database: DatabaseKind,
  measurement: Measurement,
): BenchResult {
  const { value, baseline } = measurement
  // A zero or missing baseline means the measurement itself broke, so no ratio can be trusted.
  if (!(Number.isFinite(value) && value >= 0))
    throw new Error(`${benchmark.name}: the value ${value} is not valid`)
  if (!(Number.isFinite(baseline) && baseline > 0))
    throw new Error(`${benchmark.name}: the baseline ${baseline} is not valid`)
  const target = typeof benchmark.target === 'number' ? benchmark.target : benchmark.target[database]
  return {
    name: benchmark.name,
    database,
    value: round(value, 1),
    unit: benchmark.unit,
    baseline: round(baseline, 1),
    ratio: round(value / baseline, 3),
    target,
    met: benchmark.targetIs === 'at-least' ? value >= target : value <= target,
  }
}

function figure(n: number): string {
  return n >= 100 ? Math.round(n).toString() : n.toFixed(1)
}

export function formatResult(
  benchmark: Pick<Benchmark, 'targetIs' | 'baseline'>,
  result: BenchResult,
): string {
  const comparison = benchmark.targetIs === 'at-least' ? '≥' : '≤'
  return (
    `${result.name} [${result.database}] ${figure(result.value)} ${result.unit} ` +
    `(${benchmark.baseline.label} ${figure(result.baseline)} ${benchmark.baseline.unit}, ` +
    `ratio ${result.ratio.toFixed(2)}, target ${comparison} ${result.target} ${result.unit}: ` +
    `${result.met ? 'met' : 'NOT met'})`
  )
}

export async function writeResults(results: BenchResult[], file = resultsFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
}
