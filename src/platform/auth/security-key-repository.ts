import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

export function listSecurityKeys(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('user_security_keys')
    .select(['id', 'credential_id', 'transports', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function countSecurityKeys(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_security_keys')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** The person's key with this credential id: someone else's key, or a removed one, is not found. */
export function findSecurityKey(db: Kysely<Database>, userId: string, credentialId: string) {
  return db
    .selectFrom('user_security_keys')
    .select(['id', 'credential_id', 'public_key', 'counter', 'transports', 'name'])
    .where('user_id', '=', userId)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst()
}

export async function credentialIdTaken(db: Kysely<Database>, credentialId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_security_keys')
    .select('id')
    .where('credential_id', '=', credentialId)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertSecurityKey(
  db: Kysely<Database>,
  key: {
    userId: string
    credentialId: string
    publicKey: Uint8Array
    counter: number
    transports: string[]
    name: string
  },
): Promise<string> {
  const row = await db
    .insertInto('user_security_keys')
    .values({
      user_id: key.userId,
      credential_id: key.credentialId,
      public_key: key.publicKey,
      counter: key.counter,
      transports: key.transports,
      name: key.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Records a use, only if the counter moved on from the one the check was made against (or the key
 * keeps no counter): of two requests answering with one signature, only the first is let in.
 */
export async function claimSecurityKeyUse(
  db: Kysely<Database>,
  id: string,
  checkedCounter: number,
  newCounter: number,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('user_security_keys')
    .set({ counter: newCounter, last_used_at: at })
    .where('id', '=', id)
    .where('counter', '=', String(checkedCounter))
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteSecurityKey(db: Kysely<Database>, userId: string, id: string) {
  return db
    .deleteFrom('user_security_keys')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(['name', 'credential_id'])
    .executeTakeFirst()
}

/** Removes every key the person has, saying how many there were. */
export async function deleteSecurityKeysOf(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('user_security_keys').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
