import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit, systemActor } from '../audit/audit-log.js'
import type { Database, Role } from '../db/schema.js'
import { ConflictError } from '../errors.js'
import type { CurrentUser } from '../http/http-shell.js'
import {
  decoyPasswordHash,
  hashPassword,
  type PasswordHashCost,
  standardPasswordHashCost,
  verifyPassword,
} from './passwords.js'
import {
  countUsers,
  findActiveUserWithRoles,
  findUserByEmail,
  insertUser,
  markSignedIn,
} from './repository.js'

export interface NewUser {
  email: string
  displayName: string
  password: string
  roles: readonly Role[]
  /** The organisation they work for; a partner collector sees only what it collected. */
  organisationId?: string
}

export function createUserService(deps: {
  db: Kysely<Database>
  now: () => Date
  passwordHashCost?: PasswordHashCost
}) {
  const { db, now } = deps
  const cost = deps.passwordHashCost ?? standardPasswordHashCost
  return {
    async createUser(user: NewUser, actor: AuditActor = systemActor): Promise<string> {
      const passwordHash = await hashPassword(user.password, cost)
      return db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, user.email)) {
          throw new ConflictError(`A user with the email address ${user.email} already exists`)
        }
        const id = await insertUser(trx, { ...user, passwordHash })
        await recordAudit(trx, {
          actor,
          action: 'user.created',
          entityType: 'user',
          entityId: id,
          details: {
            roles: user.roles,
            ...(user.organisationId ? { organisationId: user.organisationId } : {}),
          },
        })
        return id
      })
    },

    /** The user for these credentials, or undefined; takes the same time whether or not the email exists. */
    async authenticate(email: string, password: string): Promise<CurrentUser | undefined> {
      const user = await findUserByEmail(db, email)
      const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash(cost)), password)
      if (!user || !valid || user.disabled_at) return undefined
      await db.transaction().execute(async (trx) => {
        await markSignedIn(trx, user.id, now())
        await recordAudit(trx, {
          actor: { userId: user.id, label: user.email },
          action: 'user.signed_in',
          entityType: 'user',
          entityId: user.id,
        })
      })
      return this.loadCurrentUser(user.id)
    },

    async loadCurrentUser(id: string): Promise<CurrentUser | undefined> {
      const user = await findActiveUserWithRoles(db, id)
      if (!user) return undefined
      return { id: user.id, email: user.email, displayName: user.display_name, roles: user.roles }
    },

    countUsers: () => countUsers(db),
  }
}

export type UserService = ReturnType<typeof createUserService>
