import { createHash } from 'node:crypto'
import type { SessionStore } from '@fastify/session'
import type { Session } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

const defaultLifetimeMs = 8 * 60 * 60 * 1000

// Only a hash of the session id is stored, so a copy of the table cannot be used to sign in.
const keyOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url')

export function createSessionStore(db: Kysely<Database>, now: () => Date = () => new Date()): SessionStore {
  return {
    set(sessionId, session, callback) {
      const expires = session.cookie.expires ?? new Date(now().getTime() + defaultLifetimeMs)
      const userId = (session as Session & { userId?: string }).userId ?? null
      db.insertInto('sessions')
        .values({ id: keyOf(sessionId), data: JSON.stringify(session), user_id: userId, expires_at: expires })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            data: JSON.stringify(session),
            user_id: userId,
            expires_at: expires,
            updated_at: now(),
          }),
        )
        .execute()
        .then(() => callback(), callback)
    },
    get(sessionId, callback) {
      db.selectFrom('sessions')
        .select(['data', 'expires_at'])
        .where('id', '=', keyOf(sessionId))
        .executeTakeFirst()
        .then((row) => {
          if (!row || row.expires_at <= now()) return callback(null, null)
          callback(null, row.data as unknown as Session)
        }, callback)
    },
    destroy(sessionId, callback) {
      db.deleteFrom('sessions')
        .where('id', '=', keyOf(sessionId))
        .execute()
        .then(() => callback(), callback)
    },
  }
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
