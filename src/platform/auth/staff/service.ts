import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { recordAudit } from '../../audit/audit-log.js'
import type { Database, Role } from '../../db/schema.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import { t } from '../../i18n/translate.js'
import type { Mailer } from '../../mail/mailer.js'
import type { StaffActor } from '../guards.js'
import {
  hashPassword,
  type PasswordHashCost,
  standardPasswordHashCost,
  verifyPassword,
} from '../passwords.js'
import { findUserByEmail, insertUser } from '../repository.js'
import {
  countActiveAdministrators,
  findLink,
  findPasswordHash,
  findStaffMember,
  insertLink,
  listOrganisations,
  listStaff,
  replaceRoles,
  rolesOf,
  setDisabled,
  setPasswordHash,
  useLink,
} from './repository.js'

const hourMs = 60 * 60 * 1000
// Long enough to reach someone over a weekend; a reset, asked for by the person, is used at once.
const linkLifetimeMs = { invite: 72 * hourMs, reset: 2 * hourMs } as const

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex')

export interface Invitation {
  email: string
  displayName: string
  roles: readonly Role[]
  organisationId?: string
}

/** Builds the address of a one-time link from its secret; the web layer knows the site's address. */
export type LinkTo = (secret: string) => string

export function createStaffService(deps: {
  db: Kysely<Database>
  now: () => Date
  mailer: Mailer
  passwordHashCost?: PasswordHashCost
}) {
  const { db, now, mailer } = deps
  const cost = deps.passwordHashCost ?? standardPasswordHashCost

  /** Stores a new one-time link for the account (in the caller's transaction) and returns its secret. */
  async function newLink(
    trx: Kysely<Database>,
    userId: string,
    purpose: 'invite' | 'reset',
    actor: StaffActor,
  ) {
    const secret = randomBytes(32).toString('base64url')
    const expiresAt = new Date(now().getTime() + linkLifetimeMs[purpose])
    await insertLink(trx, { userId, purpose, secretHash: hashOf(secret), expiresAt, createdBy: actor.userId })
    return { secret, expiresAt }
  }

  /** An administrator must remain, able to sign in, or nobody could manage staff again. */
  async function keepAnAdministrator(trx: Kysely<Database>, field: string) {
    if ((await countActiveAdministrators(trx)) === 0)
      throw new ValidationError({ [field]: t('validation.staff.lastAdministrator') })
  }

  async function mustExist(trx: Kysely<Database>, id: string) {
    const member = await findStaffMember(trx, id)
    if (!member) throw new NotFoundError(`No member of staff ${id}`)
    return member
  }

  return {
    list: () => listStaff(db),
    organisations: () => listOrganisations(db),

    async get(id: string) {
      const member = await mustExist(db, id)
      return { ...member, roles: await rolesOf(db, id) }
    },

    /**
     * Makes the account with no password anyone knows, and sends a link to choose one. The account
     * exists at once for every process (it is a row, not a cache), so its roles apply from the start.
     */
    async invite(invitation: Invitation, actor: StaffActor, linkTo: LinkTo) {
      const unknowable = await hashPassword(randomBytes(32).toString('base64url'), cost)
      const { id, secret, expiresAt } = await db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, invitation.email))
          throw new ValidationError({ email: t('validation.staff.emailTaken') })
        const id = await insertUser(trx, { ...invitation, passwordHash: unknowable })
        const link = await newLink(trx, id, 'invite', actor)
        await recordAudit(trx, {
          actor,
          action: 'user.invited',
          entityType: 'user',
          entityId: id,
          details: { roles: invitation.roles, expiresAt: link.expiresAt.toISOString() },
        })
        return { id, ...link }
      })
      const delivery = await mailer.send({
        to: invitation.email,
        subject: t('staff.mail.inviteSubject'),
        text: t('staff.mail.inviteBody', { name: invitation.displayName, link: linkTo(secret), hours: 72 }),
      })
      return { id, delivery, expiresAt }
    },

    async setRoles(id: string, roles: readonly Role[], actor: StaffActor) {
      await db.transaction().execute(async (trx) => {
        await mustExist(trx, id)
        const before = await rolesOf(trx, id)
        await replaceRoles(trx, id, roles)
        await keepAnAdministrator(trx, 'roles')
        await recordAudit(trx, {
          actor,
          action: 'user.roles_changed',
          entityType: 'user',
          entityId: id,
          details: { from: before, to: roles },
        })
      })
    },

    /** Disables or enables an account; a disabled account's sessions stop working on their next request. */
    async setEnabled(id: string, enabled: boolean, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const member = await mustExist(trx, id)
        const changed = await setDisabled(trx, id, enabled ? null : now())
        if (!changed) return member
        if (!enabled) await keepAnAdministrator(trx, 'account')
        await recordAudit(trx, {
          actor,
          action: enabled ? 'user.enabled' : 'user.disabled',
          entityType: 'user',
          entityId: id,
        })
        return member
      })
    },

    /** Sends a link to choose a new password; the old one works until the link is used. */
    async sendReset(id: string, actor: StaffActor, linkTo: LinkTo) {
      const { member, secret } = await db.transaction().execute(async (trx) => {
        const member = await mustExist(trx, id)
        const link = await newLink(trx, id, 'reset', actor)
        await recordAudit(trx, { actor, action: 'user.reset_sent', entityType: 'user', entityId: id })
        return { member, secret: link.secret }
      })
      const delivery = await mailer.send({
        to: member.email,
        subject: t('staff.mail.resetSubject'),
        text: t('staff.mail.resetBody', { name: member.display_name, link: linkTo(secret), hours: 2 }),
      })
      return { member, delivery }
    },

    /** The account a one-time link opens, while it is unused, unexpired and the account enabled. */
    async openLink(secret: string) {
      const link = await findLink(db, hashOf(secret))
      if (!link || link.used_at || link.disabled_at || link.expires_at.getTime() <= now().getTime())
        return undefined
      return { email: link.email, purpose: link.purpose }
    },

    /** Sets the password through a one-time link; false if the link no longer works. */
    async setPasswordByLink(secret: string, password: string): Promise<boolean> {
      const hash = await hashPassword(password, cost)
      return db.transaction().execute(async (trx) => {
        const link = await findLink(trx, hashOf(secret))
        if (!link || link.disabled_at || link.expires_at.getTime() <= now().getTime()) return false
        if (!(await useLink(trx, link.id, now()))) return false
        await setPasswordHash(trx, link.user_id, hash)
        await recordAudit(trx, {
          actor: { userId: link.user_id, label: link.email },
          action: link.purpose === 'invite' ? 'user.invitation_accepted' : 'user.password_reset',
          entityType: 'user',
          entityId: link.user_id,
        })
        return true
      })
    },

    /** Changes one's own password, given the current one. */
    async changeOwnPassword(actor: StaffActor, current: string, next: string) {
      const row = await findPasswordHash(db, actor.userId)
      if (!row || !(await verifyPassword(row.password_hash, current)))
        throw new ValidationError({ current: t('validation.staff.currentWrong') })
      const hash = await hashPassword(next, cost)
      await db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, actor.userId, hash)
        await recordAudit(trx, {
          actor,
          action: 'user.password_changed',
          entityType: 'user',
          entityId: actor.userId,
        })
      })
    },
  }
}

export type StaffService = ReturnType<typeof createStaffService>
