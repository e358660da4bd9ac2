import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { lockDataFolder } from './folder-lock.js'
import { createPGliteDialect } from './pglite-driver.js'
import type { Database } from './schema.js'

export type DatabaseKind = 'pglite' | 'postgres'

export interface DatabaseHandle {
  kind: DatabaseKind
  db: Kysely<Database>
  /** The embedded instance, when there is one: pg-boss talks to it directly. */
  pglite: PGlite | undefined
  /** The connection string, when on PostgreSQL: pg-boss opens its own pool. */
  connectionString: string | undefined
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl: string | undefined
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  dataDir: string
  /** PGlite's buffer pool (shared_buffers) in MB; PGlite's own default (128 MB) when not given. */
  pgliteBuffersMb?: number
  /** A dump of a PGlite data folder to start from, such as one migrated once for many tests. */
  initialData?: Blob
  poolSize?: number
  onPoolError?: (error: Error) => void
}

// Every timestamp is stored and compared in UTC; Europe/London is applied only when displaying.
const sessionTimeZone = '-c TimeZone=UTC'

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options)
  return openPGlite(options.dataDir, options.pgliteBuffersMb, options.initialData)
}

async function openPGlite(
  dataDir: string,
  buffersMb: number | undefined,
  initialData: Blob | undefined,
): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://')
  if (!inMemory) await mkdir(dataDir, { recursive: true })
  const unlock = inMemory ? async () => {} : await lockDataFolder(dataDir)
  try {
    return await startPGlite(dataDir, buffersMb, initialData, unlock)
  } catch (error) {
    await unlock()
    throw error
  }
}

async function startPGlite(
  dataDir: string,
  buffersMb: number | undefined,
  initialData: Blob | undefined,
  unlock: () => Promise<void>,
): Promise<DatabaseHandle> {
  // Every commit reaches the data folder before the query returns: a receipt is only given for a
  // response that survives the process being killed (server-crash.test.ts checks this).
  const pglite = await PGlite.create({
    ...(dataDir === 'memory://' ? {} : { dataDir }),
    ...(initialData ? { loadDataDir: initialData } : {}),
    relaxedDurability: false,
    // The pool is allocated and touched when PGlite starts, so it is resident memory from the first
    // query; a folder's files are cached by the operating system as well.
    ...(buffersMb
      ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${buffersMb}MB`] }
      : {}),
  })
  await pglite.exec(`set time zone 'UTC'`)
  const db = new Kysely<Database>({ dialect: createPGliteDialect(pglite) })
  return {
    kind: 'pglite',
    db,
    pglite,
    connectionString: undefined,
    async close() {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
      await unlock()
    },
  }
}

function openPostgres(connectionString: string, options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    options: sessionTimeZone,
    connectionTimeoutMillis: 5000,
  })
  // A client losing its server must not crash the process: the pool replaces it on next use.
  // Each client gets its own listener too, as one checked out by Kysely is not covered by the pool's.
  pool.on('error', (error) => options.onPoolError?.(error))
  pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    kind: 'postgres',
    db,
    pglite: undefined,
    connectionString,
    async close() {
      await db.destroy()
    },
  }
}

export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
