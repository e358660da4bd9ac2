import { sql } from 'kysely'
import { createServices } from '../src/app/services.js'
import { publishReferenceReport } from '../src/demo/reference-report.js'
import { formats } from '../src/features/reports/index.js'
import type { DatabaseKind } from '../src/platform/db/database.js'
import type { Benchmark } from './benchmark.js'
import { loadReferenceWithProgress } from './reference-load.js'

// The Report of Findings at scale: gathering its evidence from the stored analysis, approving it,
// and building the Full edition in all four formats, against one raw GROUP BY of the answers the
// evidence counts. The builds read only the snapshot, so they are also reported on their own.
const sizes: Record<DatabaseKind, number> = { pglite: 100_000, postgres: 1_000_000 }

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

export const reportBuild: Benchmark = {
  name: 'report-build',
  description:
    'the Full edition of a Report of Findings (evidence gathered, approved, then built as HTML, DOCX, PDF and XLSX), against one raw GROUP BY of every answer',
  unit: 's',
  target: { postgres: 60, pglite: 60 },
  targetIs: 'at-most',
  baseline: { label: 'raw GROUP BY', unit: 's' },

  async run(ctx) {
    const services = createServices({ database: ctx.database, now: () => new Date() })
    const count = sizes[ctx.database.kind]
    const { consultationId } = await loadReferenceWithProgress(services, count, ctx.progress)
    ctx.progress('gathering, approving and building the Full edition')
    let builds = 0
    const value = await seconds(async () => {
      await publishReferenceReport(services.reports, consultationId)
      builds = await seconds(async () => {
        for (const format of formats) await services.reports.build(consultationId, 'full', format)
      })
    })
    ctx.progress('raw GROUP BY')
    const baseline = await seconds(() =>
      sql`
        select a.key, a.value, count(*)
        from responses r cross join lateral jsonb_each_text(r.answers) as a(key, value)
        where r.consultation_id = ${consultationId} and r.status = 'submitted'
        group by 1, 2
      `.execute(ctx.database.db),
    )
    return {
      value,
      baseline,
      further: [
        {
          name: 'report-build-formats',
          unit: 's',
          target: 10,
          targetIs: 'at-most',
          value: builds,
          baseline,
          baselineLabel: { label: 'raw GROUP BY', unit: 's' },
        },
      ],
    }
  },
}
