import type { CookieSerializeOptions } from '@fastify/cookie'
import Tokens from '@fastify/csrf'
import fastifyCsrf from '@fastify/csrf-protection'
import type { FastifyInstance, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set to false on a route that authenticates by token rather than cookie. */
    csrf?: boolean
  }
}

/** The signed cookie holding the secret every form's CSRF token is made from. */
export const csrfCookieName = 'heard_csrf'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Every state-changing request carries a token made from the secret in the signed cookie, unless
 * its route authenticates otherwise. Needs @fastify/cookie registered with the signing secret.
 */
export async function registerCsrfProtection(
  app: FastifyInstance,
  cookie: CookieSerializeOptions,
): Promise<void> {
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: csrfCookieName,
    cookieOpts: { ...cookie, signed: true },
  })
  app.addHook('preHandler', (request, reply, done) => {
    if (safeMethods.has(request.method) || request.routeOptions.config.csrf === false) return done()
    app.csrfProtection(request, reply, done)
  })
}

// The same tokens @fastify/csrf-protection makes for every form, checked against the same cookie.
const csrfTokens = Tokens()

/** Whether `token` was made from the secret in the request's signed CSRF cookie. */
export function csrfTokenMatches(request: FastifyRequest, token: string): boolean {
  const cookie = request.cookies[csrfCookieName]
  const secret = cookie ? request.unsignCookie(cookie) : undefined
  return Boolean(secret?.valid && secret.value && token && csrfTokens.verify(secret.value, token))
}
