import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { sql } from 'kysely'
import { BackupError } from './backup-error.js'
import { openDatabase } from './database.js'

/** Where a backup is taken from or restored to: the same settings the app opens its database with. */
export interface BackupTarget {
  databaseUrl: string | undefined
  dataDir: string
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    const errors: Buffer[] = []
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk))
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${command} is not installed: install PostgreSQL's client tools to back up or restore`,
            )
          : error,
      ),
    )
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new BackupError(`${command} failed: ${Buffer.concat(errors).toString().trim()}`))
    })
  })
}

/**
 * Writes the whole database to `file`: on PostgreSQL with pg_dump's custom format, consistent while
 * Heard runs; on PGlite as PGlite's own dump of the data folder, which needs the folder to itself,
 * so the server must be stopped (the folder lock says so if it is not).
 */
export async function backUp(target: BackupTarget, file: string): Promise<void> {
  if (target.databaseUrl) {
    await run('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${target.databaseUrl}`])
    return
  }
  const database = await openDatabase({ databaseUrl: undefined, dataDir: target.dataDir })
  try {
    const dump = await database.pglite?.dumpDataDir('gzip')
    if (!dump) throw new BackupError('The embedded database could not be dumped')
    await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await database.close()
  }
}

async function isEmptyFolder(folder: string): Promise<boolean> {
  try {
    return (await readdir(folder)).length === 0
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw error
  }
}

/**
 * Restores a backup made by `backUp` into an empty database (a PostgreSQL database with no tables,
 * or an empty or missing data folder), so that a restore can never overwrite live data.
 */
export async function restore(target: BackupTarget, file: string): Promise<void> {
  if (target.databaseUrl) {
    const database = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: 'memory://' })
    try {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(
        database.db,
      )
      if (Number(rows[0]?.n ?? 0) > 0)
        throw new BackupError('The database in DATABASE_URL is not empty: restore into a new, empty database')
    } finally {
      await database.close()
    }
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.databaseUrl}`, file])
    return
  }
  if (!(await isEmptyFolder(target.dataDir)))
    throw new BackupError(`The data folder ${target.dataDir} is not empty: restore into a new, empty folder`)
  const dump = new Blob([await readFile(file)])
  const database = await openDatabase({ databaseUrl: undefined, dataDir: target.dataDir, initialData: dump })
  await database.close()
}
