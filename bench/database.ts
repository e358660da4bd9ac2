import type { DatabaseHandle } from '../src/platform/db/database.js'
import { openFreshDatabase } from '../src/testing/databases.js'

export type BenchTarget = { kind: 'pglite' } | { kind: 'postgres'; serverUrl: string }

export const benchDatabaseChoices = ['both', 'pglite', 'postgres'] as const
export type BenchDatabaseChoice = (typeof benchDatabaseChoices)[number]

/**
 * PGlite, and PostgreSQL as well when a server is configured; `only` keeps one of them, so a long
 * run on one database need not wait for the other. Undefined when PostgreSQL is asked for and no
 * server is configured.
 */
export function benchTargets(
  databaseUrl: string | undefined,
  only: BenchDatabaseChoice = 'both',
): BenchTarget[] | undefined {
  const pglite: BenchTarget = { kind: 'pglite' }
  if (only === 'pglite') return [pglite]
  if (!databaseUrl) return only === 'postgres' ? undefined : [pglite]
  const postgres: BenchTarget = { kind: 'postgres', serverUrl: databaseUrl }
  return only === 'postgres' ? [postgres] : [pglite, postgres]
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
