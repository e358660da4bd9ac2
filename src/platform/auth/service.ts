import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AuditActor, publicActor, recordAudit, systemActor } from '../audit/audit-log.js'
import type { Database, Role } from '../db/schema.js'
import { ConflictError } from '../errors.js'
import type { CurrentUser } from '../http/http-shell.js'
import { countHit, uncountHit } from '../http/rate-limit-store.js'
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
import { signInRefusal, signInRetryAfterSeconds } from './sign-in-rules.js'

export interface NewUser {
  email: string
  displayName: string
  password: string
  roles: readonly Role[]
  /** The organisation they work for; a partner collector sees only what it collected. */
  organisationId?: string
}

export interface SignInLimits {
  /** Failed attempts allowed for one account from one address in a window. */
  attempts: number
  windowMs: number
}

export type SignInOutcome =
  | { kind: 'signed-in'; user: CurrentUser }
  | { kind: 'refused' }
  | { kind: 'limited'; retryAfterSeconds: number }

const keyPart = (value: string) => createHash('sha256').update(value).digest('hex')

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

    /**
     * Signs in with these credentials from `address`, within the limits. Each attempt is counted,
     * in one statement that also returns the count, before the password is checked, so parallel
     * attempts cannot all pass a check made before any was counted; a success takes its count back.
     */
    async signIn(
      credentials: { email: string; password: string },
      address: string,
      limits: SignInLimits,
    ): Promise<SignInOutcome> {
      const addressKey = `sign-in:address:${keyPart(address)}`
      const accountKey = `sign-in:${keyPart(address)}:${keyPart(credentials.email.trim().toLowerCase())}`
      const [byAccount, byAddress] = await Promise.all([
        countHit(db, accountKey, limits.windowMs),
        countHit(db, addressKey, limits.windowMs),
      ])
      const retryAfterSeconds = signInRetryAfterSeconds({ byAccount, byAddress }, limits.attempts)
      if (retryAfterSeconds !== undefined) return { kind: 'limited', retryAfterSeconds }
      const user = await this.authenticate(credentials.email, credentials.password)
      if (!user) return { kind: 'refused' }
      await uncountHit(db, [accountKey, addressKey])
      return { kind: 'signed-in', user }
    },

    /** The user for these credentials, or undefined; takes the same time whether or not the email exists. */
    async authenticate(email: string, password: string): Promise<CurrentUser | undefined> {
      const user = await findUserByEmail(db, email)
      const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash(cost)), password)
      const reason = signInRefusal(user, valid)
      if (!user || reason) {
        // Who tried is unknown, so the actor is the public; the email typed for an account that
        // does not exist is not kept, as people type passwords into the wrong field.
        await db.transaction().execute((trx) =>
          recordAudit(trx, {
            actor: publicActor,
            action: 'user.sign_in_failed',
            entityType: 'user',
            entityId: user?.id ?? 'unknown',
            details: { reason },
          }),
        )
        return undefined
      }
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
