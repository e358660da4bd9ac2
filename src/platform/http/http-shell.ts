import fastifyCompress from '@fastify/compress'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySession from '@fastify/session'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { sessionOutlived } from '../auth/sign-in-rules.js'
import { homeFor, staffMenuFor } from '../auth/staff-menu.js'
import type { Database } from '../db/schema.js'
import { hashedAssetsDir, hashedAssetsMaxAgeMs, hashedAssetsPrefix } from './built-assets.js'
import { registerCsrfProtection } from './csrf.js'
import { handleError, handleNotFound } from './error-handler.js'
import { parseFormBody } from './forms.js'
import { createRateLimitStore } from './rate-limit-store.js'
import { createSessionStore } from './session-store.js'
import { HttpStatus } from './status.js'
import { stylesheet } from './stylesheet.js'
import { nhsukDir, nhsukTemplateScriptHash, publicAssetsDir, type ViewModel, type Views } from './views.js'

export interface CurrentUser {
  id: string
  email: string
  displayName: string
  roles: string[]
}

declare module 'fastify' {
  interface FastifyRequest {
    currentUser: CurrentUser | undefined
  }
  interface FastifyReply {
    page(template: string, model: ViewModel, status?: number): FastifyReply
    redirectWithFlash(url: string, flash: string): FastifyReply
  }
  interface Session {
    userId?: string
    /** When the person signed in (ms since the epoch): the session ends a fixed time after it. */
    signedInAt?: number
    flash?: string
  }
}

export interface HttpShellOptions {
  db: Kysely<Database>
  views: Views
  secret: string
  secureCookies: boolean
  loadUser: (userId: string) => Promise<CurrentUser | undefined>
  /** What every page adds to its view model from the request, such as shared navigation. */
  pageContext?: (request: FastifyRequest, model: ViewModel) => ViewModel
}

const sessionLifetimeMs = 8 * 60 * 60 * 1000
export const sessionCookieName = 'heard_session'
// A flash message to someone not signed in travels in a signed cookie of its own, so that an
// anonymous visitor never costs a session row.
const flashCookieName = 'heard_flash'
const flashCookieMaxAgeSeconds = 60
// Pages and files for staff hold personal data: neither the browser nor a proxy may keep a copy.
const staffPaths = /^\/(admin|partner)(\/|$|\?)/

export async function registerHttpShell(app: FastifyInstance, options: HttpShellOptions): Promise<void> {
  const { db, views, secret, secureCookies } = options
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(handleNotFound)

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nhsukTemplateScriptHash()],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
  })

  // Every text response (pages, CSV, problem+json) over 1 kB, compressed as it is sent, when the
  // client accepts it; types mime-db marks as already compressed (PDF, zip, Office files, images)
  // are sent as they are. Registered before the static files, which then send their own precompressed copies.
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    globalDecompression: false,
  })

  await app.register(fastifyFormbody, { parser: parseFormBody })
  await app.register(fastifyCookie, { secret })
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/' }
  await app.register(fastifySession, {
    secret,
    cookieName: sessionCookieName,
    cookie: { ...cookie, maxAge: sessionLifetimeMs },
    saveUninitialized: false,
    rolling: true,
    store: createSessionStore(db),
  })
  await registerCsrfProtection(app, cookie)
  await app.register(fastifyRateLimit, { global: false, store: createRateLimitStore(db) })

  // The stylesheet and scripts every page loads, under names that change with their content, with
  // the brotli and gzip copies the build made: a browser keeps them a year and never asks again.
  await app.register(fastifyStatic, {
    root: hashedAssetsDir,
    prefix: hashedAssetsPrefix,
    decorateReply: false,
    index: false,
    preCompressed: true,
    maxAge: hashedAssetsMaxAgeMs,
    immutable: true,
  })
  await app.register(fastifyStatic, { root: `${nhsukDir}/nhsuk`, prefix: '/assets/nhsuk/', index: false })
  await app.register(fastifyStatic, {
    root: publicAssetsDir,
    prefix: '/assets/heard/',
    decorateReply: false,
    index: false,
  })

  app.get('/assets/app.css', async (request, reply) => {
    const { css, etag } = await stylesheet()
    reply.header('etag', etag).header('cache-control', 'public, max-age=3600')
    if (request.headers['if-none-match'] === etag) return reply.code(HttpStatus.notModified).send()
    return reply.type('text/css; charset=utf-8').send(css)
  })

  app.decorateRequest('currentUser', undefined)
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, model: ViewModel, status?: number) {
      const request = this.request
      let flash = request.session?.flash
      if (flash) request.session.flash = undefined
      const flashCookie = request.cookies[flashCookieName]
      if (flashCookie !== undefined) {
        const unsigned = request.unsignCookie(flashCookie)
        if (unsigned.valid && unsigned.value) flash ??= unsigned.value
        this.clearCookie(flashCookieName, cookie)
      }
      const user = request.currentUser
      const html = views.render(template, {
        ...options.pageContext?.(request, model),
        ...model,
        currentUser: user,
        staffMenu: user ? staffMenuFor(user.roles, model.activeNav) : [],
        staffHome: user ? homeFor(user.roles) : '/',
        csrfToken: this.generateCsrf(),
        flash: flash ?? model.flash,
      })
      return this.code(status ?? HttpStatus.ok)
        .type('text/html; charset=utf-8')
        .send(html)
    },
  )
  app.decorateReply('redirectWithFlash', function (this: FastifyReply, url: string, flash: string) {
    if (this.request.session?.userId) this.request.session.flash = flash
    else this.setCookie(flashCookieName, flash, { ...cookie, signed: true, maxAge: flashCookieMaxAgeSeconds })
    return this.redirect(url, HttpStatus.seeOther)
  })

  // Who is signed in is known from the first hook, so role guards can refuse a request before its
  // body is read (route-access.ts).
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const session = request.session
    const userId = session?.userId
    if (!userId) return
    if (sessionOutlived(session.signedInAt, Date.now())) {
      await session.destroy()
      reply.clearCookie(sessionCookieName, cookie)
      return
    }
    request.currentUser = await options.loadUser(userId)
  })

  app.addHook('onSend', async (request, reply) => {
    // Stylesheets and scripts are the same for everyone and keep their own caching.
    const personal = request.currentUser !== undefined && !request.url.startsWith('/assets/')
    if (personal || staffPaths.test(request.url)) reply.header('cache-control', 'no-store')
  })
}
