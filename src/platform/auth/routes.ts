import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { FieldErrors } from '../errors.js'
import { errorList, field } from '../http/forms.js'
import { HttpStatus } from '../http/status.js'
import { t } from '../i18n/translate.js'
import { parseSignInForm, safeNextPath } from './forms.js'
import type { UserService } from './service.js'

export interface AuthRouteOptions {
  users: UserService
  signInAttempts: number
  signInWindowMinutes: number
}

const signInView = 'platform/auth/views/sign-in.njk'

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions) {
  const { users, signInAttempts, signInWindowMinutes } = options
  // Failed attempts are counted by address and account together, so a shared office address
  // does not lock everyone out, and a correct password is never refused for earlier successes.
  const limitSignIn = app.createRateLimit({
    max: signInAttempts,
    timeWindow: signInWindowMinutes * 60 * 1000,
    keyGenerator: (request) => {
      const email = (field(request.body, 'email') ?? '').trim().toLowerCase()
      return `sign-in:${request.ip}:${createHash('sha256').update(email).digest('hex')}`
    },
  })

  app.get('/admin/sign-in', async (request, reply) => {
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

  app.post('/admin/sign-in', async (request, reply) => {
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
    const limit = await limitSignIn(request, { increment: false })
    if (!limit.isAllowed && limit.remaining === 0) {
      reply.header('retry-after', String(limit.ttlInSeconds))
      const minutes = Math.ceil(limit.ttlInSeconds / 60)
      return refuse(
        values,
        { email: t('validation.signIn.tooManyAttempts', { minutes }) },
        HttpStatus.tooManyRequests,
      )
    }
    const user = await users.authenticate(form.value.email, form.value.password)
    if (!user) {
      await limitSignIn(request)
      request.log.info('sign-in refused')
      return refuse(values, { email: t('validation.signIn.credentialsWrong') }, HttpStatus.unauthorized)
    }
    // A new session id on sign-in, so an id planted before sign-in is worthless after it.
    await request.session.regenerate()
    request.session.userId = user.id
    return reply.redirectWithFlash(next, t('flash.signedIn'))
  })

  app.get('/admin/sign-out', async (request, reply) => {
    if (!request.currentUser) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    return reply.page('platform/auth/views/sign-out.njk', { pageTitle: t('staff.titles.signOut') })
  })

  app.post('/admin/sign-out', async (request, reply) => {
    await request.session.destroy()
    return reply.redirect('/admin/sign-in?signedOut=1', HttpStatus.seeOther)
  })
}
