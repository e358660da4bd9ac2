import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { loadConfig } from '../app/config.js'
import { type DatabaseHandle, openDatabase } from '../platform/db/database.js'
import { migrateToLatest, migrationFingerprint } from '../platform/db/migrate.js'

// Tests and benchmarks each want a database of their own, migrated to the latest schema. Creating
// an embedded database and running every migration was most of the time of the test suite, so the
// migrated schema is made once and copied: on PostgreSQL as a template database, on PGlite as a
// dump of its data folder. Both are named by the migrations' fingerprint, so a changed migration
// makes a new one, and several test processes (or branches) can share the server and the disk.

export interface FreshDatabase extends DatabaseHandle {
  /** The connection string of this database, when on PostgreSQL. */
  url: string | undefined
}

export interface FreshDatabaseOptions {
  /** A PostgreSQL server to create the database on; in-memory PGlite without one. */
  serverUrl: string | undefined
  /** The start of the database's name on the server, such as `heard_test`. */
  prefix: string
  /** False for an empty database, to test the migrations themselves. */
  migrated: boolean
  poolSize?: number
}

/** A new database that closing throws away: dropped from the server, or freed from memory. */
export async function openFreshDatabase(options: FreshDatabaseOptions): Promise<FreshDatabase> {
  if (!options.serverUrl) {
    const initialData = options.migrated ? await migratedPGliteImage() : undefined
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://', initialData })
    return { ...handle, url: undefined }
  }
  const serverUrl = options.serverUrl
  const template = options.migrated ? await templateDatabase(serverUrl) : undefined
  const name = `${options.prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  await onServer(serverUrl, `create database ${name}${template ? ` template ${template}` : ''}`)
  const drop = () => onServer(serverUrl, `drop database if exists ${name} with (force)`)
  const url = databaseUrl(serverUrl, name)
  let handle: DatabaseHandle
  try {
    handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: options.poolSize })
  } catch (error) {
    await drop()
    throw error
  }
  return {
    ...handle,
    url,
    async close() {
      try {
        await handle.close()
      } finally {
        await drop()
      }
    },
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
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

const templates = new Map<string, Promise<string>>()

/** The name of a template database holding the migrated schema, made on first use. */
function templateDatabase(serverUrl: string): Promise<string> {
  let template = templates.get(serverUrl)
  if (!template) {
    template = makeTemplateDatabase(serverUrl)
    templates.set(serverUrl, template)
  }
  return template
}

// Any number for pg_advisory_lock, the same in every process that makes templates.
const templateLock = 4_726_170_301

async function makeTemplateDatabase(serverUrl: string): Promise<string> {
  const name = `heard_template_${migrationFingerprint()}`
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    // Test processes start together: one makes the template while the others wait, then find it.
    await client.query('select pg_advisory_lock($1)', [templateLock])
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount === 0) {
      // Built under another name and renamed when complete, so a process killed half way never
      // leaves a half-migrated template behind.
      const building = `${name}_building`
      await client.query(`drop database if exists ${building} with (force)`)
      await client.query(`create database ${building}`)
      const handle = await openDatabase({
        databaseUrl: databaseUrl(serverUrl, building),
        dataDir: 'memory://',
      })
      try {
        await migrateToLatest(handle.db)
      } finally {
        await handle.close()
      }
      // A database is copied only while nobody is connected to it: refusing connections keeps it so.
      await client.query(`alter database ${building} with allow_connections false`)
      await client.query(`alter database ${building} rename to ${name}`)
    }
  } finally {
    await client.end()
  }
  return name
}

let pgliteImage: Promise<Blob> | undefined

/** A dump of a migrated PGlite data folder, read from the temporary folder or made and saved there. */
function migratedPGliteImage(): Promise<Blob> {
  pgliteImage ??= loadOrMakePGliteImage()
  return pgliteImage
}

async function loadOrMakePGliteImage(): Promise<Blob> {
  const file = path.join(
    tmpdir(),
    `heard-migrated-${migrationFingerprint()}-pglite-${await pgliteVersion()}.tar`,
  )
  try {
    return new Blob([await readFile(file)])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' })
  let image: Blob
  try {
    await migrateToLatest(handle.db)
    if (!handle.pglite) throw new Error('An embedded database has no PGlite instance')
    image = await handle.pglite.dumpDataDir('none')
  } finally {
    await handle.close()
  }
  // Written aside and renamed, so another process never reads half a file.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  await writeFile(partial, new Uint8Array(await image.arrayBuffer()))
  await rename(partial, file)
  return image
}

/** A data folder is only reused by the PGlite release that wrote it. */
async function pgliteVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'))
  const manifest: { version: string } = JSON.parse(
    await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
  )
  return manifest.version
}

// Each test gets a database of its own, on PGlite (in memory) or, when DATABASE_URL is set, a fresh
// database on that PostgreSQL server that is dropped afterwards.
export const testDatabaseUrl = loadConfig().databaseUrl
export const testDatabaseKind = testDatabaseUrl ? 'postgres' : 'pglite'

export type TestDatabase = FreshDatabase

/** A database for one test, migrated unless told otherwise; closing throws it away. */
export function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return openFreshDatabase({
    serverUrl: testDatabaseUrl,
    prefix: 'heard_test',
    migrated: options.migrate !== false,
    poolSize: 5,
  })
}
