import type { FastifyInstance } from 'fastify'
import type { FieldErrors } from '../errors.js'
import { errorList, field } from '../http/forms.js'
import { sessionCookieName } from '../http/http-shell.js'
import { HttpStatus } from '../http/status.js'
import { t } from '../i18n/translate.js'
import { parseSignInForm, safeNextPath } from './forms.js'
import type { UserService } from './service.js'
import { beginSignedInSession } from './sign-in-rules.js'
import { startSecondFactor } from './two-factor-routes.js'
import type { TwoFactorService } from './two-factor-service.js'

export interface AuthRouteOptions {
  users: UserService
  twoFactor: TwoFactorService
  signInAttempts: number
  signInWindowMinutes: number
}

const signInView = 'platform/auth/views/sign-in.njk'

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions) {
  const { users, twoFactor, signInAttempts, signInWindowMinutes } = options
  // Failed attempts are counted by address and account together, so a shared office address
  // does not lock everyone out, and a correct password is never refused for earlier successes.
  // A limit per address across accounts stops one password being sprayed over many.
  const limits = { attempts: signInAttempts, windowMs: signInWindowMinutes * 60 * 1000 }

  app.get('/admin/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    if (request.currentUser) return reply.redirect('/admin', HttpStatus.seeOther)
    const query = request.query as Record<string, unknown>
    const flash = query.signedOut ? t('flash.signedOut') : undefined
    return reply.page(signInView, {
      pageTitle: t('staff.titles.signIn'),
      activeNav: 'sign-in',
      next: safeNextPath(query.next),
      values: {},
      flash,
    })
  })

  app.post('/admin/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNextPath(field(request.body, 'next'))
    const refuse = (values: Record<string, string>, errors: FieldErrors, status: number) =>
      reply.page(
        signInView,
        { pageTitle: t('staff.titles.signIn'), next, values, errors, errorList: errorList(errors) },
        status,
      )

    const form = parseSignInForm(request.body)
    if (!form.ok) return refuse(form.values, form.errors, HttpStatus.badRequest)
    const values = { email: form.value.email }
    const outcome = await users.signIn(form.value, request.ip, limits)
    if (outcome.kind === 'limited') {
      reply.header('retry-after', String(outcome.retryAfterSeconds))
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60)
      return refuse(
        values,
        { email: t('validation.signIn.tooManyAttempts', { minutes }) },
        HttpStatus.tooManyRequests,
      )
    }
    if (outcome.kind === 'refused') {
      request.log.info('sign-in refused')
      return refuse(values, { email: t('validation.signIn.credentialsWrong') }, HttpStatus.unauthorized)
    }
    const step = await twoFactor.nextStep(outcome.user)
    if (step !== 'none') {
      await startSecondFactor(request, outcome.user.id, next)
      return reply.redirect(
        step === 'enrol' ? '/admin/two-factor/setup' : '/admin/two-factor',
        HttpStatus.seeOther,
      )
    }
    await beginSignedInSession(request, outcome.user.id, Date.now())
    return reply.redirectWithFlash(next, t('flash.signedIn'))
  })

  app.get('/admin/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    if (!request.currentUser) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    return reply.page('platform/auth/views/sign-out.njk', { pageTitle: t('staff.titles.signOut') })
  })

  app.post('/admin/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    await request.session.destroy()
    // Destroying the session deletes its row; the browser must forget the cookie too.
    reply.clearCookie(sessionCookieName, { path: '/' })
    return reply.redirect('/admin/sign-in?signedOut=1', HttpStatus.seeOther)
  })
}
