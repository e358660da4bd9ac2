import { sql } from 'kysely'
import type { DatabaseHandle } from './database.js'

/**
 * Runs work that must happen once however many processes start together, such as migrating and
 * loading the demo into an empty database: on PostgreSQL each process waits its turn for one
 * advisory lock, so the second finds the work done. PGlite's data folder has one process only.
 */
export async function onceAtStartUp<T>(database: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return work()
  // The lock belongs to a connection, so one is held for the whole work; the work itself may use others.
  return database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('heard:start-up'))`.execute(connection)
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(hashtext('heard:start-up'))`.execute(connection)
    }
  })
}
