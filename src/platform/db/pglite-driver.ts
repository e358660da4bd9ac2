import type { PGlite, Transaction } from '@electric-sql/pglite'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

// Hand-written because Kysely's own PGlite driver hands one shared connection to concurrent
// callers (a query from one request can land inside another request's transaction) and sends
// parameterless multi-statement SQL through the extended protocol, which PGlite rejects.

class Lock {
  #tail: Promise<void> = Promise.resolve()

  acquire(): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((resolve) => {
      release = resolve
    })
    const ready = this.#tail.then(() => release)
    this.#tail = this.#tail.then(() => next)
    return ready
  }
}

class PGliteConnection implements DatabaseConnection {
  #tx: Transaction | undefined
  #finish: ((commit: boolean) => void) | undefined
  #done: Promise<unknown> | undefined

  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const target = this.#tx ?? this.pglite
    if (query.parameters.length === 0) {
      // Same as node-postgres: no parameters means the simple protocol, which allows several statements.
      const results = await target.exec(query.sql)
      const last = results.at(-1)
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows != null ? BigInt(last.affectedRows) : undefined,
      }
    }
    const result = await target.query<R>(query.sql, [...query.parameters], { rowMode: 'object' })
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows != null ? BigInt(result.affectedRows) : undefined,
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; Kysely needs the method to exist.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite')
  }

  async begin(settings: TransactionSettings): Promise<void> {
    let began!: () => void
    const started = new Promise<void>((resolve) => {
      began = resolve
    })
    const outcome = new Promise<boolean>((resolve) => {
      this.#finish = resolve
    })
    // PGlite's own transaction() holds its instance lock, so other users of the instance (pg-boss) wait.
    this.#done = this.pglite.transaction(async (tx) => {
      // As Kysely's PostgreSQL driver does, so a read-only or repeatable read transaction is one here too.
      const characteristics = [
        settings.isolationLevel && `isolation level ${settings.isolationLevel}`,
        settings.accessMode,
      ]
        .filter(Boolean)
        .join(' ')
      if (characteristics) await tx.exec(`set transaction ${characteristics}`)
      this.#tx = tx
      began()
      if (!(await outcome)) await tx.rollback()
    })
    await Promise.race([started, this.#done])
  }

  async end(commit: boolean): Promise<void> {
    const done = this.#done
    this.#finish?.(commit)
    this.#tx = undefined
    this.#finish = undefined
    this.#done = undefined
    await done
  }
}

class SerialPGliteDriver implements Driver {
  readonly #lock = new Lock()

  constructor(private readonly pglite: PGlite) {}

  async init(): Promise<void> {
    await this.pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#lock.acquire()
    return new PGliteConnection(this.pglite, release)
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    ;(connection as PGliteConnection).release()
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PGliteConnection).begin(settings)
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end(true)
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end(false)
  }

  // The PGlite instance belongs to whoever opened it, so Kysely does not close it.
  async destroy(): Promise<void> {}
}

export function createPGliteDialect(pglite: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new SerialPGliteDriver(pglite),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
}
