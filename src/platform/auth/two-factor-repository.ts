import type { Kysely } from 'kysely'
import type { Database, Role } from '../db/schema.js'

export const requiredRolesSetting = 'two_factor_roles'

export async function findRequiredRoles(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', requiredRolesSetting)
    .executeTakeFirst()
  return row?.value
}

export async function saveRequiredRoles(db: Kysely<Database>, roles: readonly Role[]) {
  const value = JSON.stringify(roles)
  await db
    .insertInto('settings')
    .values({ key: requiredRolesSetting, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() }))
    .execute()
}

export function findTotp(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('user_totp')
    .select(['secret', 'last_time_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** Moves the last step used forward, only if it is still behind: two requests cannot both use one code. */
export async function claimTimeStep(db: Kysely<Database>, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_totp')
    .set({ last_time_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', String(step))]))
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Marks the recovery code used, if it is one of the user's and unused; says whether it was. */
export async function useRecoveryCode(db: Kysely<Database>, userId: string, codeHash: string, at: Date) {
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function saveEnrolment(
  db: Kysely<Database>,
  enrolment: { userId: string; secret: string; timeStep: number; recoveryCodeHashes: string[] },
) {
  await removeEnrolment(db, enrolment.userId)
  await db
    .insertInto('user_totp')
    .values({ user_id: enrolment.userId, secret: enrolment.secret, last_time_step: enrolment.timeStep })
    .execute()
  await db
    .insertInto('user_recovery_codes')
    .values(enrolment.recoveryCodeHashes.map((code_hash) => ({ user_id: enrolment.userId, code_hash })))
    .execute()
}

/** New recovery codes in place of any the person had. */
export async function replaceRecoveryCodes(db: Kysely<Database>, userId: string, codeHashes: string[]) {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute()
  await db
    .insertInto('user_recovery_codes')
    .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
    .execute()
}

export async function removeEnrolment(db: Kysely<Database>, userId: string) {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute()
  const result = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Signs the user out everywhere: after a reset, a session that passed the old factor must not live on. */
export async function deleteSessionsOf(db: Kysely<Database>, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

/** Every member of staff with their roles, whether they have an authenticator and how many keys: a short list. */
export async function listStaffWithTwoFactor(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .leftJoin('user_totp as t', 't.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.display_name',
      'u.disabled_at',
      't.enrolled_at',
      eb
        .selectFrom('user_roles as r')
        .select((r) => r.fn.agg<Role[]>('array_agg', ['r.role']).as('roles'))
        .whereRef('r.user_id', '=', 'u.id')
        .as('roles'),
      eb
        .selectFrom('user_security_keys as k')
        .select((k) => k.fn.countAll<string>().as('n'))
        .whereRef('k.user_id', '=', 'u.id')
        .as('security_keys'),
    ])
    .orderBy('u.email')
    .execute()
}

export function findUserEmail(db: Kysely<Database>, userId: string) {
  return db.selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst()
}
