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
 *
 * Further lanes come from a budget of `spareLanes` shared by every snapshot of this handle, taken
 * before a connection is asked for: requests that each held one connection while waiting for more
 * could otherwise take the whole pool between them and wait for ever. Without budget a snapshot
 * runs on the lanes it has, down to one.
 */
export function createReadSnapshot(
  handle: Pick<DatabaseHandle, 'kind' | 'db'>,
  spareLanes = 4,
): ReadSnapshot {
  let budget = spareLanes
  return <T>(lanes: number, work: (reader: SnapshotReader) => Promise<T>) =>
    readOnly(handle.db).execute(async (first) => {
      const run = (readers: readonly Kysely<Database>[]) =>
        work((lane) => readers[lane % readers.length] ?? first)
      const extra = handle.kind === 'pglite' ? 0 : Math.min(Math.max(lanes - 1, 0), budget)
      if (extra === 0) return run([first])
      budget -= extra
      try {
        const exported = await sql<{ snapshot: string }>`select pg_export_snapshot() as snapshot`.execute(
          first,
        )
        const snapshot = exported.rows[0]?.snapshot ?? ''
        const join = (readers: readonly Kysely<Database>[]): Promise<T> =>
          readers.length > extra
            ? run(readers)
            : readOnly(handle.db).execute(async (next) => {
                await sql`set transaction snapshot ${sql.lit(snapshot)}`.execute(next)
                return join([...readers, next])
              })
        return await join([first])
      } finally {
        budget += extra
      }
    })
}
