import type { DatabaseHandle } from '../../platform/db/database.js'
import { openFreshDatabase } from '../fresh-database.js'

export type BenchTarget = { kind: 'pglite' } | { kind: 'postgres'; serverUrl: string }

/** PGlite always; PostgreSQL as well when a server is configured. */
export function benchTargets(databaseUrl: string | undefined): BenchTarget[] {
  return databaseUrl
    ? [{ kind: 'pglite' }, { kind: 'postgres', serverUrl: databaseUrl }]
    : [{ kind: 'pglite' }]
}

/**
 * A fresh, migrated database for one run, so no run sees another's rows or warmed caches:
 * in-memory PGlite, or a new database on the PostgreSQL server that closing drops.
 */
export function openBenchDatabase(target: BenchTarget): Promise<DatabaseHandle> {
  return openFreshDatabase({
    serverUrl: target.kind === 'postgres' ? target.serverUrl : undefined,
    prefix: 'heard_bench',
    migrated: true,
  })
}
