import type { Benchmark } from './benchmark.js'
import { codingWorkspace } from './coding-workspace.js'
import { consultationPage } from './consultation-page.js'
import { crosstab, crosstabAll } from './crosstab.js'
import { demoLoad } from './demo-load.js'
import { exportBench } from './export.js'
import { importBench } from './import.js'
import { pageWeight } from './page-weight.js'
import { detectionQuality, duplicatesBench, profileBench } from './participation.js'
import { reportBuild } from './report-build.js'
import { staffPages } from './staff-pages.js'
import { subjectAccess } from './subject-access.js'
import { submit } from './submit.js'

// Every benchmark, in the order `npm run bench` runs them. A new one is a file and a line here.
export const benchmarks: readonly Benchmark[] = [
  consultationPage,
  submit,
  demoLoad,
  crosstab,
  crosstabAll,
  profileBench,
  duplicatesBench,
  detectionQuality,
  importBench,
  exportBench,
  codingWorkspace,
  reportBuild,
  pageWeight,
  staffPages,
  subjectAccess,
]

export type Selection = { ok: true; selected: Benchmark[] } | { ok: false; unknown: string[] }

/** All benchmarks when none is named; otherwise the named ones, once each, in the order named. */
export function selectBenchmarks(
  names: readonly string[],
  from: readonly Benchmark[] = benchmarks,
): Selection {
  if (names.length === 0) return { ok: true, selected: [...from] }
  const byName = new Map(from.map((b) => [b.name, b]))
  const unknown = names.filter((name) => !byName.has(name))
  if (unknown.length > 0) return { ok: false, unknown: [...new Set(unknown)] }
  const selected = [...new Set(names)].map((name) => byName.get(name)).filter((b) => b !== undefined)
  return { ok: true, selected }
}

export function unknownBenchmarksMessage(
  unknown: readonly string[],
  from: readonly Benchmark[] = benchmarks,
) {
  const plural = unknown.length === 1 ? 'benchmark' : 'benchmarks'
  return `Unknown ${plural} ${unknown.join(', ')}; the known benchmarks are: ${from.map((b) => b.name).join(', ')}.`
}
