import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely'
import type { Database } from '../db/schema.js'

/**
 * Counts one more hit on `key` in a fixed window that starts at its first hit, and returns the
 * count so far and the milliseconds left. In the database, so that every web process shares it.
 *
 * Many hits on one key (everyone behind one address) update one row, each waiting for the row
 * lock of the one before until it commits. So the statement commits without waiting for its WAL
 * to reach disk (`synchronous_commit` off for this transaction only): the lock is held for
 * microseconds, not a disk flush, and a crash can lose at most the last moment's counts. Hence
 * it refuses to run inside a caller's transaction, whose other writes must reach disk.
 */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
): Promise<{ current: number; ttl: number }> {
  const counted = await countHitUnless(db, key, windowMs, sql<boolean>`false`)
  return counted ?? { current: 1, ttl: windowMs }
}

/**
 * `countHit`, in the same statement as a check that makes it unnecessary (such as "this request
 * was already answered"): counts nothing and returns undefined when `unless` holds, saving the
 * caller a round trip for the check.
 */
export async function countHitUnless(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  unless: Expression<SqlBool>,
): Promise<{ current: number; ttl: number } | undefined> {
  if (db.isTransaction) throw new Error('countHit commits on its own: call it outside a transaction')
  const result = await sql<{ hits: number; ttl: number }>`
    insert into rate_limit_hits (key, hits, window_ends_at)
    select ${key}, 1, now() + ${windowMs} * interval '1 millisecond'
    from (select set_config('synchronous_commit', 'off', true)) as without_waiting_for_disk
    where not (${unless})
    on conflict (key) do update set
      hits = case when rate_limit_hits.window_ends_at <= now() then 1 else rate_limit_hits.hits + 1 end,
      window_ends_at = case when rate_limit_hits.window_ends_at <= now()
        then excluded.window_ends_at else rate_limit_hits.window_ends_at end
    returning hits, (extract(epoch from (window_ends_at - now())) * 1000)::int as ttl
  `.execute(db)
  const row = result.rows[0]
  if (!row) return undefined
  return { current: row.hits, ttl: Math.max(0, row.ttl) }
}

export function createRateLimitStore(db: Kysely<Database>): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      countHit(db, key, timeWindow).then((result) => callback(null, result), callback)
    }

    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
      sql<{ hits: number; ttl: number }>`
        select hits, (extract(epoch from (window_ends_at - now())) * 1000)::int as ttl
        from rate_limit_hits where key = ${key} and window_ends_at > now()
      `
        .execute(db)
        .then((result) => {
          const row = result.rows[0]
          callback(null, { current: row?.hits ?? 0, ttl: Math.max(0, row?.ttl ?? 0) })
        }, callback)
    }

    child(): FastifyRateLimitStore {
      return new DatabaseRateLimitStore()
    }
  }
  return DatabaseRateLimitStore
}

export async function deleteExpiredRateLimits(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_hits').where('window_ends_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Takes back one hit counted on each of `keys` in their current windows, as if it had never been made. */
export async function uncountHit(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return
  await db
    .updateTable('rate_limit_hits')
    .set((eb) => ({ hits: sql`greatest(${eb.ref('hits')} - 1, 0)` }))
    .where('key', 'in', keys)
    .where('window_ends_at', '>', sql<Date>`now()`)
    .execute()
}
