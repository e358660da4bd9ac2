import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../audit/audit-log.js'
import type { Database, Role } from '../db/schema.js'
import { NotFoundError } from '../errors.js'
import { countHit, uncountHit } from '../http/rate-limit-store.js'
import { hasAnyRole, isRole } from './roles.js'
import { countSecurityKeys, deleteSecurityKeysOf } from './security-key-repository.js'
import {
  acceptedTimeStep,
  hashRecoveryCode,
  looksLikeTotpCode,
  newRecoveryCodes,
  newTotpSecret,
  totpAddress,
} from './totp.js'
import {
  claimTimeStep,
  countUnusedRecoveryCodes,
  deleteSessionsOf,
  findRequiredRoles,
  findTotp,
  findUserEmail,
  listStaffWithTwoFactor,
  removeEnrolment,
  saveEnrolment,
  saveRequiredRoles,
  useRecoveryCode,
} from './two-factor-repository.js'

/** Until an administrator chooses otherwise, those who can change consultations and accounts. */
export const defaultTwoFactorRoles: readonly Role[] = ['administrator', 'consultation_manager']

/** What a person must do after their password: nothing, give a code, or set up an authenticator first. */
export type SecondFactorStep = 'none' | 'verify' | 'enrol'

export type CodeCheck =
  | { kind: 'passed'; method: 'totp' | 'recovery_code' }
  | { kind: 'refused' }
  | { kind: 'limited' }

// Codes are six digits: a few wrong guesses per window, per account, keeps guessing hopeless.
const codeAttempts = 5
const codeWindowMs = 15 * 60 * 1000

const userKey = (userId: string) => `two-factor:${createHash('sha256').update(userId).digest('hex')}`

export function createTwoFactorService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps

  async function requiredRoles(): Promise<Role[]> {
    const stored = await findRequiredRoles(db)
    if (stored === undefined) return [...defaultTwoFactorRoles]
    const parsed: unknown = JSON.parse(stored)
    return Array.isArray(parsed) ? parsed.filter((r): r is Role => typeof r === 'string' && isRole(r)) : []
  }

  return {
    requiredRoles,

    /**
     * After a correct password: a person with an authenticator or a security key always uses one;
     * one whose role needs it sets one up.
     */
    async nextStep(user: { id: string; roles: readonly string[] }): Promise<SecondFactorStep> {
      if (await findTotp(db, user.id)) return 'verify'
      if ((await countSecurityKeys(db, user.id)) > 0) return 'verify'
      return hasAnyRole(user.roles, await requiredRoles()) ? 'enrol' : 'none'
    },

    async setRequiredRoles(roles: readonly Role[], actor: AuditActor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await findRequiredRoles(trx)
        await saveRequiredRoles(trx, roles)
        await recordAudit(
          trx,
          {
            actor,
            action: 'two_factor.required_roles_changed',
            entityType: 'setting',
            entityId: 'two_factor_roles',
            details: {
              before: before === undefined ? defaultTwoFactorRoles : JSON.parse(before),
              after: roles,
            },
          },
          now(),
        )
      })
    },

    /** A new secret for the setup page, with the QR code that carries it. */
    async newEnrolment(email: string) {
      const secret = newTotpSecret()
      // Loaded on first use: importing it is a sizeable share of every process's start-up (docs/testing.md).
      const { default: QRCode } = await import('qrcode')
      const qrCode = await QRCode.toDataURL(totpAddress(secret, email), { margin: 2, width: 240 })
      return { secret, qrCode }
    },

    /** Keeps the authenticator if `code` proves the person set it up, and returns their recovery codes. */
    async enrol(
      userId: string,
      secret: string,
      code: string,
      actor: AuditActor,
    ): Promise<string[] | undefined> {
      const timeStep = acceptedTimeStep(secret, code.trim(), now())
      if (timeStep === undefined) return undefined
      const codes = newRecoveryCodes()
      await db.transaction().execute(async (trx) => {
        const replaced = (await findTotp(trx, userId)) !== undefined
        await saveEnrolment(trx, {
          userId,
          secret,
          timeStep,
          recoveryCodeHashes: codes.map(hashRecoveryCode),
        })
        await recordAudit(
          trx,
          {
            actor,
            action: 'user.two_factor_enrolled',
            entityType: 'user',
            entityId: userId,
            details: { replaced },
          },
          now(),
        )
      })
      return codes
    },

    /** Checks a code from the authenticator or a recovery code, counting attempts per account. */
    async checkCode(userId: string, rawCode: string, actor: AuditActor): Promise<CodeCheck> {
      const code = rawCode.trim().replace(/\s/g, '')
      const attempts = await countHit(db, userKey(userId), codeWindowMs)
      if (attempts.current > codeAttempts) return { kind: 'limited' }
      const method = looksLikeTotpCode(code) ? 'totp' : 'recovery_code'
      const passed = await db.transaction().execute(async (trx) => {
        let ok = false
        if (method === 'totp') {
          const totp = await findTotp(trx, userId)
          const last = totp?.last_time_step == null ? undefined : Number(totp.last_time_step)
          const step = totp ? acceptedTimeStep(totp.secret, code, now(), last) : undefined
          ok = step !== undefined && (await claimTimeStep(trx, userId, step))
        } else {
          ok = await useRecoveryCode(trx, userId, hashRecoveryCode(code), now())
        }
        await recordAudit(
          trx,
          {
            actor,
            action: ok ? 'user.second_factor_passed' : 'user.second_factor_failed',
            entityType: 'user',
            entityId: userId,
            details: { method },
          },
          now(),
        )
        return ok
      })
      if (!passed) return { kind: 'refused' }
      await uncountHit(db, [userKey(userId)])
      return { kind: 'passed', method }
    },

    remainingRecoveryCodes: (userId: string) => countUnusedRecoveryCodes(db, userId),

    hasAuthenticator: async (userId: string) => (await findTotp(db, userId)) !== undefined,

    /**
     * An administrator's reset: the authenticator, recovery codes and security keys all go; the
     * person sets up again at their next sign-in, and is signed out now.
     */
    async reset(userId: string, reason: string, actor: AuditActor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const user = await findUserEmail(trx, userId)
        if (!user) throw new NotFoundError(`No user ${userId}`)
        const hadAuthenticator = await removeEnrolment(trx, userId)
        const securityKeysRemoved = await deleteSecurityKeysOf(trx, userId)
        await deleteSessionsOf(trx, userId)
        await recordAudit(
          trx,
          {
            actor,
            action: 'user.two_factor_reset',
            entityType: 'user',
            entityId: userId,
            details: { reason, hadAuthenticator, securityKeysRemoved },
          },
          now(),
        )
      })
    },

    async staffList() {
      const [rows, required] = await Promise.all([listStaffWithTwoFactor(db), requiredRoles()])
      return rows.map((row) => ({
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        disabled: row.disabled_at !== null,
        roles: row.roles ?? [],
        enrolledAt: row.enrolled_at,
        securityKeys: Number(row.security_keys),
        required: hasAnyRole(row.roles ?? [], required),
      }))
    },
  }
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>
