import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type DatabaseHandle, openDatabase } from '../platform/db/database.js'
import { migrateToLatest } from '../platform/db/migrate.js'
import { loadConfig } from './config.js'

// Test support: each test gets a database of its own, on PGlite (in memory) or, when
// DATABASE_URL is set, a fresh database on that PostgreSQL server that is dropped afterwards.

export const testDatabaseUrl = loadConfig().databaseUrl
export const testDatabaseKind = testDatabaseUrl ? 'postgres' : 'pglite'

export interface TestDatabase extends DatabaseHandle {
  /** The connection string of this test's own database, when on PostgreSQL. */
  url: string | undefined
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let handle: DatabaseHandle
  let url: string | undefined
  let drop = async () => {}
  if (testDatabaseUrl) {
    const name = `heard_test_${process.pid}_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: testDatabaseUrl })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const target = new URL(testDatabaseUrl)
    target.pathname = `/${name}`
    url = target.toString()
    handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 5 })
    drop = async () => {
      const client = new pg.Client({ connectionString: testDatabaseUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    }
  } else {
    handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' })
  }
  if (options.migrate !== false) await migrateToLatest(handle.db)
  return {
    ...handle,
    url,
    async close() {
      await handle.close()
      await drop()
    },
  }
}
