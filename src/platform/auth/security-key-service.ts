import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../audit/audit-log.js'
import type { Database } from '../db/schema.js'
import { NotFoundError } from '../errors.js'
import {
  claimSecurityKeyUse,
  countSecurityKeys,
  credentialIdTaken,
  deleteSecurityKey,
  findSecurityKey,
  insertSecurityKey,
  listSecurityKeys,
} from './security-key-repository.js'
import { ceremonyTimeoutMs, knownTransportsOf, type RelyingParty } from './security-keys.js'
import { hashRecoveryCode, newRecoveryCodes } from './totp.js'
import { replaceRecoveryCodes } from './two-factor-repository.js'

export type AddKeyOutcome =
  | { kind: 'added'; id: string; recoveryCodes: string[] }
  | { kind: 'refused' }
  | { kind: 'duplicate' }

/** Why a key was not let in, for the audit log: never shown to the person, who is told only "not accepted". */
type Refusal = 'unknown_key' | 'not_verified' | 'replayed'

async function verified<T>(verify: () => Promise<T>): Promise<T | undefined> {
  try {
    return await verify()
  } catch {
    // The library throws for every check that fails (origin, challenge, signature, counter): each
    // is a refusal of the key, not a fault of the server.
    return undefined
  }
}

export function createSecurityKeyService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps

  return {
    list: (userId: string) => listSecurityKeys(db, userId),
    count: (userId: string) => countSecurityKeys(db, userId),

    /** What the browser needs to make a new key for this person, leaving out keys they already have. */
    async registrationOptions(
      user: { id: string; email: string; displayName: string },
      rp: RelyingParty,
    ): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await listSecurityKeys(db, user.id)
      return generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.email,
        userDisplayName: user.displayName,
        userID: new TextEncoder().encode(user.id),
        attestationType: 'none',
        timeout: ceremonyTimeoutMs,
        excludeCredentials: existing.map((key) => ({ id: key.credential_id, transports: key.transports })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      })
    },

    /**
     * Keeps the key if the browser's answer proves it was made for this site and this challenge.
     * A first second factor comes with new recovery codes, for when the key is lost.
     */
    async add(
      userId: string,
      name: string,
      response: RegistrationResponseJSON,
      expectedChallenge: string,
      rp: RelyingParty,
      actor: AuditActor,
      options: { withRecoveryCodes?: boolean } = {},
    ): Promise<AddKeyOutcome> {
      const result = await verified(() =>
        verifyRegistrationResponse({
          response,
          expectedChallenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          // A second factor after a password: touching the key is enough, as with a code.
          requireUserVerification: false,
        }),
      )
      if (!result?.verified) return { kind: 'refused' }
      const { credential } = result.registrationInfo
      return db.transaction().execute(async (trx) => {
        if (await credentialIdTaken(trx, credential.id)) return { kind: 'duplicate' as const }
        const id = await insertSecurityKey(trx, {
          userId,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: knownTransportsOf(credential.transports ?? response.response.transports),
          name,
        })
        const recoveryCodes = options.withRecoveryCodes ? newRecoveryCodes() : []
        if (options.withRecoveryCodes)
          await replaceRecoveryCodes(trx, userId, recoveryCodes.map(hashRecoveryCode))
        await recordAudit(
          trx,
          {
            actor,
            action: 'user.security_key_added',
            entityType: 'user',
            entityId: userId,
            details: { keyId: id, name, ...(options.withRecoveryCodes ? { recoveryCodesIssued: true } : {}) },
          },
          now(),
        )
        return { kind: 'added' as const, id, recoveryCodes }
      })
    },

    /** What the browser needs to ask for one of the person's keys, or undefined when they have none. */
    async authenticationOptions(
      userId: string,
      rp: RelyingParty,
    ): Promise<PublicKeyCredentialRequestOptionsJSON | undefined> {
      const keys = await listSecurityKeys(db, userId)
      if (keys.length === 0) return undefined
      return generateAuthenticationOptions({
        rpID: rp.id,
        timeout: ceremonyTimeoutMs,
        allowCredentials: keys.map((key) => ({ id: key.credential_id, transports: key.transports })),
        userVerification: 'discouraged',
      })
    },

    /** Checks the key's signature over the challenge, and that its counter moved on; audited either way. */
    async check(
      userId: string,
      response: AuthenticationResponseJSON,
      expectedChallenge: string,
      rp: RelyingParty,
      actor: AuditActor,
    ): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const key = await findSecurityKey(trx, userId, response.id)
        let refusal: Refusal | undefined
        if (!key) refusal = 'unknown_key'
        else {
          const counter = Number(key.counter)
          const result = await verified(() =>
            verifyAuthenticationResponse({
              response,
              expectedChallenge,
              expectedOrigin: rp.origin,
              expectedRPID: rp.id,
              credential: {
                id: key.credential_id,
                publicKey: new Uint8Array(key.public_key),
                counter,
                transports: key.transports,
              },
              requireUserVerification: false,
            }),
          )
          if (!result?.verified) refusal = 'not_verified'
          else if (
            !(await claimSecurityKeyUse(trx, key.id, counter, result.authenticationInfo.newCounter, now()))
          )
            refusal = 'replayed'
        }
        await recordAudit(
          trx,
          {
            actor,
            action: refusal ? 'user.second_factor_failed' : 'user.second_factor_passed',
            entityType: 'user',
            entityId: userId,
            details: {
              method: 'security_key',
              ...(key ? { keyId: key.id } : {}),
              ...(refusal ? { refusal } : {}),
            },
          },
          now(),
        )
        return refusal === undefined
      })
    },

    async remove(userId: string, keyId: string, actor: AuditActor): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const removed = await deleteSecurityKey(trx, userId, keyId)
        if (!removed) throw new NotFoundError(`No security key ${keyId} for user ${userId}`)
        await recordAudit(
          trx,
          {
            actor,
            action: 'user.security_key_removed',
            entityType: 'user',
            entityId: userId,
            details: { keyId, name: removed.name },
          },
          now(),
        )
        return removed.name
      })
    },
  }
}

export type SecurityKeyService = ReturnType<typeof createSecurityKeyService>
