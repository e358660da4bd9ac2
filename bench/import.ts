import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { installDir } from '../src/platform/install-dir.js'
import type { BenchConfig, Benchmark } from './benchmark.js'

// A million-row CSV through the import service against a raw COPY of the same rows into the same
// table, in the same run. Each phase is a process of its own, so the import's peak memory is that
// of a worker running it. The raw COPY runs before and after the import and the import is compared
// with their mean: on a shared machine the load drifts within minutes, and one raw run on one side
// of the import would measure the drift rather than the import. A first raw COPY into a fresh
// database is not counted: at 200,000 rows on PGlite it took 2.9 times as long as the same COPY
// after the import, under the same load, and would have flattered the import.
export const importRows = 1_000_000

export interface ImportFigures {
  rows: number
  importRate: number
  /** Rows over the mean time of the raw COPY before and after the import. */
  rawRate: number
  rawRates: [number, number]
  peakRssMb: number
  idleRssMb: number
}

// The compiled child, also when this runs under tsx in a test: a worker runs compiled code, and tsx
// would add its own memory to the figures. The test runner builds dist before any test starts.
const child = path.join(installDir, 'dist/bench/import-child.js')

type Phase = 'prepare' | 'raw' | 'import'

/** Runs the phases in turn against `where` (a PGlite folder or a database URL), each in a child process. */
export async function measureImport(
  kind: 'pglite' | 'postgres',
  where: string,
  rows: number,
  config: Pick<BenchConfig, 'importLimitBytes' | 'pgliteBuffersMb'>,
  progress: (line: string) => void,
): Promise<ImportFigures> {
  const folder = await mkdtemp(path.join(tmpdir(), 'heard-bench-import-'))
  const target = kind === 'pglite' ? path.join(folder, 'db') : where
  const csv = path.join(folder, 'rows.csv')
  // The child reads no environment: what it needs comes as arguments. TMPDIR keeps any temporary
  // file where this process keeps its own.
  const env = { TMPDIR: tmpdir() }
  const runPhase = async <T>(phase: Phase): Promise<T> => {
    const limits = [String(config.importLimitBytes), String(config.pgliteBuffersMb)]
    const args = [phase, kind, target, String(rows), csv, ...limits]
    const proc = spawn(process.execPath, [child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    })
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) progress(line.trim())
    })
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve))
    if (code !== 0) throw new Error(`the import benchmark's ${phase} process ended with ${code}`)
    const figures = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as T
    progress(`${phase}: ${JSON.stringify(figures)}`)
    return figures
  }
  try {
    await runPhase('prepare')
    await runPhase('raw')
    const before = await runPhase<{ seconds: number }>('raw')
    const imported = await runPhase<{ seconds: number; peakRssMb: number; idleRssMb: number }>('import')
    const after = await runPhase<{ seconds: number }>('raw')
    return {
      rows,
      importRate: rows / imported.seconds,
      rawRate: rows / ((before.seconds + after.seconds) / 2),
      rawRates: [rows / before.seconds, rows / after.seconds],
      peakRssMb: imported.peakRssMb,
      idleRssMb: imported.idleRssMb,
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

export const importBench: Benchmark = {
  name: 'import',
  description:
    'a 1,000,000-row CSV uploaded, checked and stored through the import service, against a raw COPY of the same rows into responses',
  unit: 'rows/s',
  // The target is relative (half the raw rate): see import-vs-raw. This floor is 1M in 10 minutes.
  target: 1667,
  targetIs: 'at-least',
  baseline: { label: 'raw COPY of the same rows (mean of before and after)', unit: 'rows/s' },

  async run({ database, config, progress }) {
    // PGlite opens its own folder in the child; the fresh PostgreSQL database is used as given.
    const where = database.connectionString ?? ''
    const figures = await measureImport(database.kind, where, importRows, config, progress)
    return {
      value: figures.importRate,
      baseline: figures.rawRate,
      further: [
        {
          name: 'import-vs-raw',
          unit: 'ratio',
          target: 0.5,
          targetIs: 'at-least',
          value: figures.importRate / figures.rawRate,
          baseline: 1,
          baselineLabel: { label: 'raw COPY', unit: '' },
        },
        {
          name: 'import-peak-rss',
          unit: 'MB',
          target: 300,
          targetIs: 'at-most',
          value: figures.peakRssMb,
          baseline: figures.idleRssMb,
          baselineLabel: { label: 'the same process idle with its database open', unit: 'MB' },
        },
      ],
    }
  },
}
