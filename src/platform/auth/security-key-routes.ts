import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FieldErrors } from '../errors.js'
import { formModel } from '../http/forms.js'
import { type IdParams, idParams } from '../http/schemas.js'
import { HttpStatus } from '../http/status.js'
import { t } from '../i18n/translate.js'
import { requireRole, staffActor } from './guards.js'
import { roles } from './roles.js'
import type { SecurityKeyService } from './security-key-service.js'
import {
  type ChallengePurpose,
  parseRegistrationResponse,
  type RelyingParty,
  type StoredChallenge,
  usableChallenge,
} from './security-keys.js'
import { parseNewKeyForm } from './two-factor-forms.js'
import type { TwoFactorService } from './two-factor-service.js'

declare module 'fastify' {
  interface Session {
    /** The last challenge given to the browser for a security key; each is answered at most once. */
    securityKeyChallenge?: StoredChallenge
  }
}

/** Gives the browser a challenge, replacing any earlier one: only the newest page's key can answer. */
export function keepChallenge(
  request: FastifyRequest,
  purpose: ChallengePurpose,
  userId: string,
  challenge: string,
) {
  request.session.securityKeyChallenge = { challenge, purpose, userId, issuedAt: Date.now() }
}

/** The challenge a response may answer, forgotten as it is read, so no answer is accepted twice. */
export function takeChallenge(
  request: FastifyRequest,
  purpose: ChallengePurpose,
  userId: string,
): string | undefined {
  const stored = request.session.securityKeyChallenge
  request.session.securityKeyChallenge = undefined
  return usableChallenge(stored, purpose, userId, Date.now())
}

export interface SecurityKeyRouteOptions {
  securityKeys: SecurityKeyService
  twoFactor: TwoFactorService
  relyingParty: RelyingParty
}

const view = 'platform/auth/views/two-factor-account.njk'
const accountPath = '/admin/account/two-factor'

/** Each member of staff's own second factors: their authenticator app and their security keys. */
export async function securityKeyRoutes(app: FastifyInstance, options: SecurityKeyRouteOptions) {
  const { securityKeys, twoFactor, relyingParty } = options
  const signedIn = { preHandler: requireRole(...roles) }

  const renderAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> },
    status: number,
  ) => {
    const user = staffActor(request)
    const current = request.currentUser
    const [keys, hasAuthenticator, recoveryCodes, keyOptions] = await Promise.all([
      securityKeys.list(user.userId),
      twoFactor.hasAuthenticator(user.userId),
      twoFactor.remainingRecoveryCodes(user.userId),
      securityKeys.registrationOptions(
        { id: user.userId, email: user.label, displayName: current?.displayName ?? user.label },
        relyingParty,
      ),
    ])
    keepChallenge(request, 'register', user.userId, keyOptions.challenge)
    return reply.page(
      view,
      {
        pageTitle: t('staff.titles.twoFactorAccount'),
        keys,
        hasAuthenticator,
        recoveryCodes,
        keyOptions: JSON.stringify(keyOptions),
        ...formModel(form),
      },
      status,
    )
  }

  app.get(accountPath, signedIn, (request, reply) => renderAccount(request, reply, {}, HttpStatus.ok))

  app.post(`${accountPath}/keys`, signedIn, async (request, reply) => {
    const actor = staffActor(request)
    const challenge = takeChallenge(request, 'register', actor.userId)
    const form = parseNewKeyForm(request.body)
    if (!form.ok) return renderAccount(request, reply, form, HttpStatus.badRequest)
    const values = { name: form.value.name }
    const response = parseRegistrationResponse(form.value.credential)
    const outcome =
      response && challenge
        ? await securityKeys.add(actor.userId, form.value.name, response, challenge, relyingParty, actor)
        : { kind: 'refused' as const }
    if (outcome.kind === 'duplicate')
      return renderAccount(
        request,
        reply,
        { errors: { 'add-security-key': t('validation.twoFactor.keyAlreadyAdded') }, values },
        HttpStatus.conflict,
      )
    if (outcome.kind === 'refused')
      return renderAccount(
        request,
        reply,
        { errors: { 'add-security-key': t('validation.twoFactor.keyNotAdded') }, values },
        HttpStatus.unprocessable,
      )
    return reply.redirectWithFlash(accountPath, t('flash.securityKeyAdded', { name: form.value.name }))
  })

  app.post<{ Params: IdParams }>(
    `${accountPath}/keys/:id/remove`,
    { schema: { params: idParams }, ...signedIn },
    async (request, reply) => {
      const actor = staffActor(request)
      const name = await securityKeys.remove(actor.userId, request.params.id, actor)
      return reply.redirectWithFlash(accountPath, t('flash.securityKeyRemoved', { name }))
    },
  )
}
