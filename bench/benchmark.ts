import type { Config } from '../src/app/config.js'
import type { DatabaseHandle, DatabaseKind } from '../src/platform/db/database.js'

/** The settings benchmarks run with, from the one config module. */
export type BenchConfig = Pick<Config, 'databaseUrl' | 'importLimitBytes' | 'pgliteBuffersMb'>

/** What a benchmark is given for one run: a fresh, migrated database of its own. */
export interface BenchContext {
  database: DatabaseHandle
  config: BenchConfig
  /** A line of progress, prefixed with the benchmark and database, so long runs are not silent. */
  progress(line: string): void
}

/** One run's figures: the measured value and a baseline measured in the same run on the same machine. */
export interface Measurement {
  value: number
  baseline: number
  /** Other figures from the same run, each reported as a result of its own, such as a latency beside a rate. */
  further?: FurtherFigure[]
}

export interface FurtherFigure extends Pick<Benchmark, 'name' | 'unit' | 'target' | 'targetIs'> {
  value: number
  baseline: number
  baselineLabel: Benchmark['baseline']
}

export interface Benchmark {
  name: string
  description: string
  /** The unit of the value, as printed and written to the results, such as `pages/s`. */
  unit: string
  /** One figure for both databases, or one each where the embedded database is expected to be slower. */
  target: number | Record<DatabaseKind, number>
  /** Throughput targets are floors and latency targets are ceilings. */
  targetIs: 'at-least' | 'at-most'
  /** How the baseline is described when printed, such as `raw queries` and `sets/s`. */
  baseline: { label: string; unit: string }
  run(ctx: BenchContext): Promise<Measurement>
}
