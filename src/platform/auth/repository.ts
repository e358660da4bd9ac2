import type { Kysely } from 'kysely'
import type { Database, Role } from '../db/schema.js'

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled_at'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst()
}

export async function findActiveUserWithRoles(db: Kysely<Database>, id: string) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  if (!user) return undefined
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', id).execute()
  return { ...user, roles: roles.map((r) => r.role) }
}

export async function insertUser(
  db: Kysely<Database>,
  user: {
    email: string
    displayName: string
    passwordHash: string
    roles: readonly Role[]
    organisationId?: string
  },
) {
  const { id } = await db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      organisation_id: user.organisationId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (user.roles.length > 0) {
    await db
      .insertInto('user_roles')
      .values(user.roles.map((role) => ({ user_id: id, role })))
      .execute()
  }
  return id
}

export async function markSignedIn(db: Kysely<Database>, id: string, at: Date) {
  await db.updateTable('users').set({ last_signed_in_at: at }).where('id', '=', id).execute()
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}
