import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type DatabaseHandle, openDatabase } from '../../platform/db/database.js'
import { migrateToLatest } from '../../platform/db/migrate.js'

export type BenchTarget = { kind: 'pglite' } | { kind: 'postgres'; serverUrl: string }

/** PGlite always; PostgreSQL as well when a server is configured. */
export function benchTargets(databaseUrl: string | undefined): BenchTarget[] {
  return databaseUrl
    ? [{ kind: 'pglite' }, { kind: 'postgres', serverUrl: databaseUrl }]
    : [{ kind: 'pglite' }]
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * A fresh, migrated database for one run, so no run sees another's rows or warmed caches:
 * in-memory PGlite, or a new database on the PostgreSQL server that closing drops.
 */
export async function openBenchDatabase(target: BenchTarget): Promise<DatabaseHandle> {
  if (target.kind === 'pglite') {
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' })
    return migrated(handle, async () => {})
  }
  const name = `heard_bench_${randomBytes(6).toString('hex')}`
  await onServer(target.serverUrl, `create database ${name}`)
  const url = new URL(target.serverUrl)
  url.pathname = `/${name}`
  const drop = () => onServer(target.serverUrl, `drop database if exists ${name} with (force)`)
  let handle: DatabaseHandle
  try {
    handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' })
  } catch (error) {
    await drop()
    throw error
  }
  return migrated(handle, drop)
}

async function migrated(handle: DatabaseHandle, drop: () => Promise<void>): Promise<DatabaseHandle> {
  const close = async () => {
    try {
      await handle.close()
    } finally {
      await drop()
    }
  }
  try {
    await migrateToLatest(handle.db)
  } catch (error) {
    await close()
    throw error
  }
  return { ...handle, close }
}
