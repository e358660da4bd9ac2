import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AuditActor } from '../audit/audit-log.js'
import { field, formModel } from '../http/forms.js'
import { type IdParams, idParams } from '../http/schemas.js'
import { HttpStatus } from '../http/status.js'
import { t } from '../i18n/translate.js'
import { requireRole, staffActor } from './guards.js'
import { roles } from './roles.js'
import { keepChallenge, takeChallenge } from './security-key-routes.js'
import type { SecurityKeyService } from './security-key-service.js'
import { parseAuthenticationResponse, parseRegistrationResponse, type RelyingParty } from './security-keys.js'
import type { UserService } from './service.js'
import { beginSignedInSession } from './sign-in-rules.js'
import { parseCodeForm, parseNewKeyForm, parseRequiredRolesForm, parseResetForm } from './two-factor-forms.js'
import type { TwoFactorService } from './two-factor-service.js'

declare module 'fastify' {
  interface Session {
    /** Who gave the right password and has still to give a second factor; not signed in until then. */
    pendingUserId?: string
    pendingSince?: number
    /** Where to go once signed in. */
    pendingNext?: string
    /** The secret shown on the setup page, kept until a code proves the app holds it. */
    totpSetupSecret?: string
  }
}

export interface TwoFactorRouteOptions {
  users: UserService
  twoFactor: TwoFactorService
  securityKeys: SecurityKeyService
  relyingParty: RelyingParty
}

// Long enough to find a phone and open the app; after it, the password is asked for again.
const pendingLifetimeMs = 10 * 60 * 1000
const view = (name: string) => `platform/auth/views/${name}.njk`

/** Starts the second step of sign-in: the person is not signed in until it is done. */
export async function startSecondFactor(request: FastifyRequest, userId: string, next: string) {
  await request.session.regenerate()
  request.session.pendingUserId = userId
  request.session.pendingSince = Date.now()
  request.session.pendingNext = next
}

/** Whoever is between password and second factor, if they still have time. */
function pendingUserId(request: FastifyRequest): string | undefined {
  const { pendingUserId: id, pendingSince } = request.session
  if (!id || !pendingSince || Date.now() - pendingSince > pendingLifetimeMs) return undefined
  return id
}

async function completeSignIn(request: FastifyRequest, reply: FastifyReply, userId: string, flash: string) {
  const next = request.session.pendingNext ?? '/admin'
  await beginSignedInSession(request, userId, Date.now())
  return reply.redirectWithFlash(next, flash)
}

export async function twoFactorRoutes(app: FastifyInstance, options: TwoFactorRouteOptions) {
  const { users, twoFactor, securityKeys, relyingParty } = options
  const administrators = { preHandler: requireRole('administrator') }
  const actorOf = async (userId: string): Promise<AuditActor> => {
    const user = await users.loadCurrentUser(userId)
    return { userId, label: user?.email ?? userId }
  }

  // Open to the route matrix as public: these pages serve someone half signed in, who has no user
  // yet, and each checks the pending sign-in in the session itself.
  /** The second step: a security key when the person has one, and a code field either way. */
  const renderSecondStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    errors: Record<string, string> | undefined,
    status: number,
  ) => {
    const [keyOptions, hasAuthenticator] = await Promise.all([
      securityKeys.authenticationOptions(userId, relyingParty),
      twoFactor.hasAuthenticator(userId),
    ])
    if (keyOptions) keepChallenge(request, 'authenticate', userId, keyOptions.challenge)
    return reply.page(
      view('two-factor'),
      {
        pageTitle: t(keyOptions ? 'staff.titles.twoFactorWithKey' : 'staff.titles.twoFactor'),
        keyOptions: keyOptions ? JSON.stringify(keyOptions) : undefined,
        hasAuthenticator,
        ...formModel({ errors }),
      },
      status,
    )
  }

  app.get('/admin/two-factor', { config: { access: 'public' } }, async (request, reply) => {
    if (request.currentUser) return reply.redirect('/admin', HttpStatus.seeOther)
    const userId = pendingUserId(request)
    if (!userId) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    return renderSecondStep(request, reply, userId, undefined, HttpStatus.ok)
  })

  app.post('/admin/two-factor', { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUserId(request)
    if (!userId) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    const refuse = (message: string, status: number) =>
      renderSecondStep(request, reply, userId, { code: message }, status)
    const form = parseCodeForm(request.body, 'validation.twoFactor.codeMissing')
    if (!form.ok) return refuse(t('validation.twoFactor.codeMissing'), HttpStatus.badRequest)
    const check = await twoFactor.checkCode(userId, form.value, await actorOf(userId))
    if (check.kind === 'limited')
      return refuse(t('validation.twoFactor.tooManyAttempts'), HttpStatus.tooManyRequests)
    if (check.kind === 'refused') return refuse(t('validation.twoFactor.codeWrong'), HttpStatus.unauthorized)
    const flash =
      check.method === 'recovery_code'
        ? t('flash.recoveryCodeUsed', { count: await twoFactor.remainingRecoveryCodes(userId) })
        : t('flash.signedIn')
    return completeSignIn(request, reply, userId, flash)
  })

  app.post('/admin/two-factor/key', { config: { access: 'public' } }, async (request, reply) => {
    const userId = pendingUserId(request)
    if (!userId) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    const challenge = takeChallenge(request, 'authenticate', userId)
    const response = parseAuthenticationResponse(field(request.body, 'credential') ?? '')
    const passed =
      response !== undefined &&
      challenge !== undefined &&
      (await securityKeys.check(userId, response, challenge, relyingParty, await actorOf(userId)))
    if (!passed)
      return renderSecondStep(
        request,
        reply,
        userId,
        { 'security-key': t('validation.twoFactor.keyNotAccepted') },
        HttpStatus.unauthorized,
      )
    return completeSignIn(request, reply, userId, t('flash.signedIn'))
  })

  /** Who may set up an authenticator here: someone signed in, or someone part-way through signing in who has none. */
  async function enrollingUser(request: FastifyRequest) {
    if (request.currentUser) return { user: request.currentUser, signingIn: false }
    const id = pendingUserId(request)
    const user = id ? await users.loadCurrentUser(id) : undefined
    // Someone who has an authenticator must use it: replacing it is only for those signed in with it.
    if (!user || (await twoFactor.nextStep(user)) !== 'enrol') return undefined
    return { user, signingIn: true }
  }

  type Enrolling = NonNullable<Awaited<ReturnType<typeof enrollingUser>>>

  /** The setup page: an authenticator app, or, for someone part-way through sign-in, a security key instead. */
  const renderSetup = async (
    request: FastifyRequest,
    reply: FastifyReply,
    enrolling: Enrolling,
    form: { errors?: Record<string, string>; values?: Record<string, string> },
    status: number,
  ) => {
    const { user, signingIn } = enrolling
    const { secret, qrCode } = await twoFactor.newEnrolment(user.email)
    request.session.totpSetupSecret = secret
    const keyOptions = signingIn ? await securityKeys.registrationOptions(user, relyingParty) : undefined
    if (keyOptions) keepChallenge(request, 'register', user.id, keyOptions.challenge)
    return reply.page(
      view('two-factor-setup'),
      {
        pageTitle: t('staff.titles.twoFactorSetup'),
        secret: secret.replace(/(.{4})/g, '$1 ').trim(),
        qrCode,
        keyOptions: keyOptions ? JSON.stringify(keyOptions) : undefined,
        ...formModel(form),
      },
      status,
    )
  }

  /** Signs in someone who has just set up their second factor, and shows their recovery codes once. */
  const showRecoveryCodes = async (
    request: FastifyRequest,
    reply: FastifyReply,
    enrolling: Enrolling,
    codes: string[],
  ) => {
    if (!enrolling.signingIn)
      return reply.page(view('recovery-codes'), {
        pageTitle: t('staff.titles.recoveryCodes'),
        codes,
        next: '/admin',
      })
    const next = request.session.pendingNext ?? '/admin'
    await beginSignedInSession(request, enrolling.user.id, Date.now())
    return reply.page(view('recovery-codes'), { pageTitle: t('staff.titles.recoveryCodes'), codes, next })
  }

  app.get('/admin/two-factor/setup', { config: { access: 'public' } }, async (request, reply) => {
    const enrolling = await enrollingUser(request)
    if (!enrolling) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    return renderSetup(request, reply, enrolling, {}, HttpStatus.ok)
  })

  app.post('/admin/two-factor/setup', { config: { access: 'public' } }, async (request, reply) => {
    const enrolling = await enrollingUser(request)
    const secret = request.session.totpSetupSecret
    if (!enrolling || !secret) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    const { user } = enrolling
    const form = parseCodeForm(request.body, 'validation.twoFactor.setupCodeMissing')
    // A wrong code shows a new key: the person scans again rather than keep a key that failed.
    if (!form.ok) return renderSetup(request, reply, enrolling, form, HttpStatus.badRequest)
    const codes = await twoFactor.enrol(user.id, secret, form.value, { userId: user.id, label: user.email })
    if (!codes)
      return renderSetup(
        request,
        reply,
        enrolling,
        { errors: { code: t('validation.twoFactor.setupCodeWrong') } },
        HttpStatus.unprocessable,
      )
    request.session.totpSetupSecret = undefined
    return showRecoveryCodes(request, reply, enrolling, codes)
  })

  // A security key as the first second factor, for someone made to set one up at sign-in. Once
  // signed in, keys are added on the person's own two-factor page instead.
  app.post('/admin/two-factor/setup/key', { config: { access: 'public' } }, async (request, reply) => {
    const enrolling = await enrollingUser(request)
    if (!enrolling) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    if (!enrolling.signingIn) return reply.redirect('/admin/account/two-factor', HttpStatus.seeOther)
    const { user } = enrolling
    const challenge = takeChallenge(request, 'register', user.id)
    const form = parseNewKeyForm(request.body)
    if (!form.ok) return renderSetup(request, reply, enrolling, form, HttpStatus.badRequest)
    const values = { name: form.value.name }
    const response = parseRegistrationResponse(form.value.credential)
    const actor = { userId: user.id, label: user.email }
    const outcome =
      response && challenge
        ? await securityKeys.add(user.id, form.value.name, response, challenge, relyingParty, actor, {
            withRecoveryCodes: true,
          })
        : { kind: 'refused' as const }
    if (outcome.kind !== 'added') {
      const duplicate = outcome.kind === 'duplicate'
      const message = t(`validation.twoFactor.${duplicate ? 'keyAlreadyAdded' : 'keyNotAdded'}`)
      const status = duplicate ? HttpStatus.conflict : HttpStatus.unprocessable
      return renderSetup(
        request,
        reply,
        enrolling,
        { errors: { 'add-security-key': message }, values },
        status,
      )
    }
    request.session.totpSetupSecret = undefined
    return showRecoveryCodes(request, reply, enrolling, outcome.recoveryCodes)
  })

  const renderSettings = async (
    reply: FastifyReply,
    errors: Record<string, string> | undefined,
    status: number,
  ) => {
    const [required, staff] = await Promise.all([twoFactor.requiredRoles(), twoFactor.staffList()])
    return reply.page(
      view('two-factor-settings'),
      {
        pageTitle: t('staff.titles.twoFactorSettings'),
        backHref: '/admin',
        roleItems: roles.map((role) => ({
          value: role,
          text: t(`roles.${role}`),
          checked: required.includes(role),
        })),
        staff,
        ...formModel({ errors }),
      },
      status,
    )
  }

  app.get('/admin/two-factor/settings', administrators, (_request, reply) =>
    renderSettings(reply, undefined, HttpStatus.ok),
  )

  app.post('/admin/two-factor/settings', administrators, async (request, reply) => {
    const form = parseRequiredRolesForm(request.body)
    if (!form.ok) return renderSettings(reply, form.errors, HttpStatus.badRequest)
    await twoFactor.setRequiredRoles(form.value, staffActor(request))
    return reply.redirectWithFlash('/admin/two-factor/settings', t('flash.twoFactorRolesSaved'))
  })

  app.post<{ Params: IdParams }>(
    '/admin/users/:id/two-factor/reset',
    { schema: { params: idParams }, ...administrators },
    async (request, reply) => {
      const form = parseResetForm(request.body)
      if (!form.ok)
        return renderSettings(
          reply,
          { [`reason-${request.params.id}`]: form.errors.reason ?? '' },
          HttpStatus.badRequest,
        )
      await twoFactor.reset(request.params.id, form.value, staffActor(request))
      const user = await users.loadCurrentUser(request.params.id)
      return reply.redirectWithFlash(
        '/admin/two-factor/settings',
        t('flash.twoFactorReset', { email: user?.email ?? request.params.id }),
      )
    },
  )
}
