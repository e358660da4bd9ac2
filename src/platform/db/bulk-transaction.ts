import type { Transaction } from '@electric-sql/pglite'
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'
import pg from 'pg'
import { type CopyRows, pgliteCopy, postgresCopy } from './bulk-copy.js'
import type { DatabaseHandle } from './database.js'
import type { Database } from './schema.js'

/** One transaction seen two ways: Kysely for ordinary statements (and the audit log), COPY for bulk rows. */
export interface BulkTransaction {
  db: Kysely<Database>
  copy: CopyRows
}

// Hand-written because neither Kysely dialect can run on a transaction someone else opened.
class PGliteTransactionConnection implements DatabaseConnection {
  constructor(private readonly tx: Transaction) {}

  async executeQuery<R>(query: { sql: string; parameters: readonly unknown[] }): Promise<QueryResult<R>> {
    if (query.parameters.length === 0) {
      const last = (await this.tx.exec(query.sql)).at(-1)
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows != null ? BigInt(last.affectedRows) : undefined,
      }
    }
    const result = await this.tx.query<R>(query.sql, [...query.parameters], { rowMode: 'object' })
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows != null ? BigInt(result.affectedRows) : undefined,
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; Kysely needs the method to exist.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite')
  }
}

function inTransactionOnly(connection: DatabaseConnection): Driver {
  const refuse = async () => {
    throw new Error('This connection is already inside a transaction')
  }
  return {
    init: async () => {},
    acquireConnection: async () => connection,
    releaseConnection: async () => {},
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    destroy: async () => {},
  }
}

function pgliteTransactionDialect(tx: Transaction): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => inTransactionOnly(new PGliteTransactionConnection(tx)),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
}

/**
 * Runs `work` in one transaction on a connection of its own: everything it writes is stored, or
 * nothing. When `commitIf` says no to the result, the work is undone (a dry run, or a refusal
 * found after rows were written) and the result is still returned.
 */
export async function withBulkTransaction<T>(
  handle: DatabaseHandle,
  work: (tx: BulkTransaction) => Promise<T>,
  options: { commitIf?: (result: T) => boolean } = {},
): Promise<T> {
  if (handle.pglite) {
    let result!: T
    await handle.pglite.transaction(async (tx: Transaction) => {
      const db = new Kysely<Database>({ dialect: pgliteTransactionDialect(tx) })
      result = await work({
        db,
        copy: pgliteCopy(tx),
      })
      if (options.commitIf && !options.commitIf(result)) await tx.rollback()
    })
    return result
  }
  const client = new pg.Client({ connectionString: handle.connectionString, options: '-c TimeZone=UTC' })
  await client.connect()
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => Object.assign(client, { release: () => {} }),
        end: async () => {},
        options: {},
      },
    }),
  })
  try {
    await client.query('begin')
    const result = await work({
      db,
      copy: postgresCopy(client),
    })
    await client.query(!options.commitIf || options.commitIf(result) ? 'commit' : 'rollback')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}
