import { sql } from 'kysely'
import { createServices } from '../src/app/services.js'
import { systemActor } from '../src/platform/audit/audit-log.js'
import type { Benchmark } from './benchmark.js'
import { loadReferenceWithProgress } from './reference-load.js'

// A subject access search over the reference consultation at 100,000 responses, against the raw
// indexed lookup of the same person's contact rows. The search should cost a handful of indexed
// reads whatever the size: a growing ratio would mean it had started to scan.

const sizes = { pglite: 100_000, postgres: 100_000 }
const repeats = 15

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

export const subjectAccess: Benchmark = {
  name: 'subject-access',
  description: 'subject access search by email over 100,000 responses, against the raw indexed lookup',
  unit: 'ms',
  target: { pglite: 100, postgres: 50 },
  targetIs: 'at-most',
  baseline: { label: 'raw indexed lookup', unit: 'ms' },
  async run({ database, progress }) {
    const services = createServices({ database, now: () => new Date() })
    await loadReferenceWithProgress(services, sizes[database.kind], progress)
    const { db } = database
    await sql`analyze`.execute(db)
    const someone = await db
      .selectFrom('respondent_contacts')
      .select('email')
      .where('email', 'is not', null)
      .orderBy('response_id')
      .limit(1)
      .executeTakeFirstOrThrow()
    const email = someone.email ?? ''
    const search = () => services.subjectRequests.search({ kind: 'email', value: email }, systemActor)
    const raw = () =>
      db
        .selectFrom('respondent_contacts as rc')
        .innerJoin('responses as r', 'r.id', 'rc.response_id')
        .select(['r.id', 'r.answers', 'rc.email'])
        .where(sql<string>`lower(rc.email)`, '=', email.toLowerCase())
        .execute()
    for (let i = 0; i < 2; i++) {
      await search()
      await raw()
    }
    const searchTimes: number[] = []
    const rawTimes: number[] = []
    for (let i = 0; i < repeats; i++) {
      let started = performance.now()
      await search()
      searchTimes.push(performance.now() - started)
      started = performance.now()
      await raw()
      rawTimes.push(performance.now() - started)
    }
    return { value: median(searchTimes), baseline: median(rawTimes) }
  },
}
