import type { Kysely } from 'kysely'
import type { Database, Role } from '../../db/schema.js'

export function listStaff(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.disabled_at',
      'u.last_signed_in_at',
      'o.name as organisation',
    ])
    .select((eb) =>
      eb.fn
        .coalesce(
          eb
            .selectFrom('user_roles as r')
            .whereRef('r.user_id', '=', 'u.id')
            .select((e) => e.fn.agg<Role[]>('array_agg', ['r.role']).as('roles')),
          eb.val<Role[]>([]),
        )
        .as('roles'),
    )
    .orderBy('u.display_name')
    .execute()
}

export function findStaffMember(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.disabled_at',
      'u.last_signed_in_at',
      'o.name as organisation',
    ])
    .where('u.id', '=', id)
    .executeTakeFirst()
}

export async function rolesOf(db: Kysely<Database>, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()
  return rows.map((r) => r.role)
}

export async function replaceRoles(db: Kysely<Database>, userId: string, roles: readonly Role[]) {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute()
  if (roles.length > 0)
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute()
}

export async function setDisabled(db: Kysely<Database>, userId: string, at: Date | null) {
  const changed = await db
    .updateTable('users')
    .set({ disabled_at: at })
    .where('id', '=', userId)
    .where('disabled_at', at ? 'is' : 'is not', null)
    .returning('id')
    .executeTakeFirst()
  return changed !== undefined
}

export async function setPasswordHash(db: Kysely<Database>, userId: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
}

export function findPasswordHash(db: Kysely<Database>, userId: string) {
  return db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst()
}

export async function countActiveAdministrators(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .where('r.role', '=', 'administrator')
    .where('u.disabled_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function listOrganisations(db: Kysely<Database>) {
  return db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute()
}

export async function insertLink(
  db: Kysely<Database>,
  link: {
    userId: string
    purpose: 'invite' | 'reset'
    secretHash: string
    expiresAt: Date
    createdBy: string
  },
) {
  // A new link replaces any unused one for the same account, so only the latest works.
  await db
    .updateTable('staff_links')
    .set({ used_at: new Date() })
    .where('user_id', '=', link.userId)
    .where('used_at', 'is', null)
    .execute()
  await db
    .insertInto('staff_links')
    .values({
      user_id: link.userId,
      purpose: link.purpose,
      secret_hash: link.secretHash,
      expires_at: link.expiresAt,
      created_by: link.createdBy,
    })
    .execute()
}

export function findLink(db: Kysely<Database>, secretHash: string) {
  return db
    .selectFrom('staff_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.user_id', 'l.purpose', 'l.expires_at', 'l.used_at', 'u.email', 'u.disabled_at'])
    .where('l.secret_hash', '=', secretHash)
    .executeTakeFirst()
}

/** Marks the link used, unless it was used already: says whether this call used it. */
export async function useLink(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const used = await db
    .updateTable('staff_links')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return used !== undefined
}
