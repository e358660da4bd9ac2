import { type Kysely, sql } from 'kysely'
import type { DatabaseHandle } from './database.js'
import type { Database } from './schema.js'

/** The handle lane `lane` (from 0) of a snapshot's work queries through. */
export type SnapshotReader = (lane: number) => Kysely<Database>

/**
 * Runs read-only `work` over one committed state of the database, with `lanes` handles that may be
 * queried at once; every query through any of them sees the same data.
 */
export type ReadSnapshot = <T>(lanes: number, work: (reader: SnapshotReader) => Promise<T>) => Promise<T>

const readOnly = (db: Kysely<Database>) =>
  db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only')

/**
 * One REPEATABLE READ, READ ONLY transaction. On PostgreSQL each further lane is a transaction on a
 * connection of its own that takes the first one's snapshot (`pg_export_snapshot`), so lanes still
 * run at once; PGlite has one connection, so every lane is the one transaction.
 */
export function createReadSnapshot(handle: Pick<DatabaseHandle, 'kind' | 'db'>): ReadSnapshot {
  return <T>(lanes: number, work: (reader: SnapshotReader) => Promise<T>) =>
    readOnly(handle.db).execute(async (first) => {
      const run = (readers: readonly Kysely<Database>[]) =>
        work((lane) => readers[lane % readers.length] ?? first)
      if (handle.kind === 'pglite' || lanes <= 1) return run([first])
      const exported = await sql<{ snapshot: string }>`select pg_export_snapshot() as snapshot`.execute(first)
      const snapshot = exported.rows[0]?.snapshot ?? ''
      const join = (readers: readonly Kysely<Database>[]): Promise<T> =>
        readers.length >= lanes
          ? run(readers)
          : readOnly(handle.db).execute(async (next) => {
              await sql`set transaction snapshot ${sql.lit(snapshot)}`.execute(next)
              return join([...readers, next])
            })
      return join([first])
    })
}
