import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Transaction } from '@electric-sql/pglite'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import type { DatabaseHandle } from './database.js'

export type CopyValue = string | number | boolean | Date | null

/** Writes rows with COPY, the fastest way into PostgreSQL; one call is one batch. */
export type CopyRows = (table: string, columns: readonly string[], rows: CopyValue[][]) => Promise<void>

// Hand-written because COPY's CSV tells NULL (an unquoted empty field) from an empty string (a
// quoted one), a distinction CSV libraries do not expose per value.
function csvField(value: CopyValue): string {
  if (value === null) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number') return String(value)
  return `"${value.replaceAll('"', '""')}"`
}

// A batch's text goes in pieces of this many rows: one string for a whole batch would be a
// megabyte, allocated where only a full garbage collection frees it.
const rowsPerPiece = 100

/** Rows as COPY's CSV, in pieces to be sent one after another. */
function toCsv(rows: CopyValue[][]): string[] {
  const pieces: string[] = []
  for (let first = 0; first < rows.length; first += rowsPerPiece) {
    let piece = ''
    for (const row of rows.slice(first, first + rowsPerPiece)) piece += `${row.map(csvField).join(',')}\n`
    pieces.push(piece)
  }
  return pieces
}

const copyStatement = (table: string, columns: readonly string[]) =>
  `copy ${table} (${columns.join(', ')}) from stdin with (format csv)`

/** COPY inside a PGlite transaction: the rows go in as a blob, which PGlite reads as a file. */
export function pgliteCopy(tx: Transaction): CopyRows {
  return async (table, columns, rows) => {
    if (rows.length === 0) return
    const statement = copyStatement(table, columns).replace('from stdin', `from '/dev/blob'`)
    await tx.query(statement, [], { blob: new Blob(toCsv(rows)) })
  }
}

/** COPY on a PostgreSQL connection, in whatever transaction it has open. */
export function postgresCopy(client: pg.Client): CopyRows {
  return async (table, columns, rows) => {
    if (rows.length === 0) return
    await pipeline(Readable.from(toCsv(rows)), client.query(copyFrom(copyStatement(table, columns))))
  }
}

/**
 * Runs `work` in one transaction on a connection of its own, giving it a COPY writer: all of the
 * rows are stored, or none. Table and column names must be trusted identifiers from code.
 */
export async function withBulkCopy<T>(
  handle: DatabaseHandle,
  work: (copy: CopyRows) => Promise<T>,
): Promise<T> {
  if (handle.pglite) {
    return handle.pglite.transaction(async (tx: Transaction) => work(pgliteCopy(tx)))
  }
  const client = new pg.Client({ connectionString: handle.connectionString, options: '-c TimeZone=UTC' })
  await client.connect()
  try {
    await client.query('begin')
    const result = await work(postgresCopy(client))
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}

/**
 * Streams what a `COPY … TO STDOUT` statement writes into `output`, leaving it open, from a
 * connection of its own, and says how many rows it wrote. PostgreSQL only: PGlite's COPY TO gives
 * the whole output as one blob in memory, which a large export must not.
 */
export async function copyOut(handle: DatabaseHandle, statement: string, output: Writable): Promise<number> {
  if (!handle.connectionString) throw new Error('Streaming COPY TO needs PostgreSQL')
  const client = new pg.Client({ connectionString: handle.connectionString, options: '-c TimeZone=UTC' })
  await client.connect()
  try {
    const copied = client.query(copyTo(statement))
    await pipeline(copied, output, { end: false })
    return copied.rowCount
  } finally {
    await client.end()
  }
}
