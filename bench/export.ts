import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { DatabaseKind } from '../src/platform/db/database.js'
import { installDir } from '../src/platform/install-dir.js'
import type { BenchConfig, Benchmark } from './benchmark.js'

// A consultation's every response written to a CSV and to an XLSX file by the export service,
// against a raw COPY … TO of the same rows and columns, in the same run. Each phase is a process
// of its own, so an export's peak memory is that of a process running only it. The raw COPY runs
// before and after the exports and they are compared with its mean, as the import benchmark does:
// on a shared machine the load drifts within minutes. The first raw COPY only warms the cache.
export const exportRows: Record<DatabaseKind, number> = { postgres: 1_000_000, pglite: 100_000 }

export interface ExportFigures {
  rows: number
  csvSeconds: number
  xlsxSeconds: number
  /** The mean of the raw COPY before and after the exports. */
  rawSeconds: number
  rawRuns: [number, number]
  peakRssMb: number
  idleRssMb: number
}

// The compiled child, also under tsx in a test, so tsx adds nothing to the memory measured.
const child = path.join(installDir, 'dist/bench/export-child.js')

type Phase = 'prepare' | 'raw' | 'csv' | 'xlsx'

/** Runs the phases in turn against `where` (a PGlite folder or a database URL), each in a child process. */
export async function measureExport(
  kind: DatabaseKind,
  where: string,
  rows: number,
  config: Pick<BenchConfig, 'pgliteBuffersMb'>,
  progress: (line: string) => void,
): Promise<ExportFigures> {
  const folder = await mkdtemp(path.join(tmpdir(), 'heard-bench-export-'))
  const target = kind === 'pglite' ? path.join(folder, 'db') : where
  const runPhase = async <T>(phase: Phase): Promise<T> => {
    const out = path.join(folder, `out.${phase === 'xlsx' ? 'xlsx' : 'csv'}`)
    const args = [phase, kind, target, String(rows), out, String(config.pgliteBuffersMb)]
    const proc = spawn(process.execPath, [child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { TMPDIR: tmpdir() },
    })
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) progress(line.trim())
    })
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve))
    if (code !== 0) throw new Error(`the export benchmark's ${phase} process ended with ${code}`)
    const figures = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as T
    progress(`${phase}: ${JSON.stringify(figures)}`)
    await rm(out, { force: true })
    return figures
  }
  type Exported = { seconds: number; peakRssMb: number; idleRssMb: number }
  try {
    await runPhase('prepare')
    await runPhase('raw')
    const before = await runPhase<{ seconds: number }>('raw')
    const csv = await runPhase<Exported>('csv')
    const xlsx = await runPhase<Exported>('xlsx')
    const after = await runPhase<{ seconds: number }>('raw')
    return {
      rows,
      csvSeconds: csv.seconds,
      xlsxSeconds: xlsx.seconds,
      rawSeconds: (before.seconds + after.seconds) / 2,
      rawRuns: [before.seconds, after.seconds],
      peakRssMb: Math.max(csv.peakRssMb, xlsx.peakRssMb),
      idleRssMb: Math.min(csv.idleRssMb, xlsx.idleRssMb),
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

const rawCopy = { label: 'raw COPY … TO of the same rows (mean of before and after)', unit: 's' }

export const exportBench: Benchmark = {
  name: 'export',
  description:
    'every response of a consultation (1,000,000 on PostgreSQL, 100,000 on PGlite) streamed to CSV and to XLSX by the export service, against a raw COPY … TO of the same rows',
  unit: 's',
  target: 60,
  targetIs: 'at-most',
  baseline: rawCopy,

  async run({ database, config, progress }) {
    const where = database.connectionString ?? ''
    const figures = await measureExport(database.kind, where, exportRows[database.kind], config, progress)
    const seconds = (name: string, value: number) => ({
      name,
      unit: 's',
      target: 60,
      targetIs: 'at-most' as const,
      value,
      baseline: figures.rawSeconds,
      baselineLabel: rawCopy,
    })
    // The issue asks for the ratio, not a bound on it: 10 is our own guard against a slow regression.
    const ratio = (name: string, value: number) => ({
      name,
      unit: 'ratio',
      target: 10,
      targetIs: 'at-most' as const,
      value: value / figures.rawSeconds,
      baseline: 1,
      baselineLabel: { label: 'raw COPY … TO', unit: '' },
    })
    return {
      value: figures.csvSeconds,
      baseline: figures.rawSeconds,
      further: [
        seconds('export-xlsx', figures.xlsxSeconds),
        ratio('export-csv-vs-raw', figures.csvSeconds),
        ratio('export-xlsx-vs-raw', figures.xlsxSeconds),
        {
          name: 'export-peak-rss',
          unit: 'MB',
          target: 256,
          targetIs: 'at-most',
          value: figures.peakRssMb,
          baseline: figures.idleRssMb,
          baselineLabel: { label: 'the same process idle with its database open', unit: 'MB' },
        },
      ],
    }
  },
}
