import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Benchmark } from './benchmark.js'

// A million-row CSV through the import service, in a process of its own so its peak memory is
// the import's, against a raw COPY of the same rows into the same table in the same run.
export const importRows = 1_000_000

export interface ImportFigures {
  rows: number
  importRate: number
  rawRate: number
  peakRssMb: number
  idleRssMb: number
}

const child = fileURLToPath(new URL('./import-child.ts', import.meta.url))

/** Runs the import and the raw COPY in a child process against `where` (a PGlite folder or a database URL). */
export async function measureImport(
  kind: 'pglite' | 'postgres',
  where: string,
  rows: number,
  progress: (line: string) => void,
): Promise<ImportFigures> {
  const folder = await mkdtemp(path.join(tmpdir(), 'heard-bench-import-'))
  try {
    const target = kind === 'pglite' ? path.join(folder, 'db') : where
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', child, kind, target, String(rows), path.join(folder, 'rows.csv')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    )
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) progress(line.trim())
    })
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve))
    if (code !== 0) throw new Error(`the import benchmark process ended with ${code}`)
    return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ImportFigures
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
  baseline: { label: 'raw COPY of the same rows', unit: 'rows/s' },

  async run({ database, progress }) {
    // PGlite opens its own folder in the child; the fresh PostgreSQL database is used as given.
    const where = database.connectionString ?? ''
    const figures = await measureImport(database.kind, where, importRows, progress)
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
