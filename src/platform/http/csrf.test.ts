import assert from 'node:assert/strict'
import { test } from 'node:test'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import Fastify, { type InjectOptions, type LightMyRequestResponse } from 'fastify'
import { csrfCookieName, csrfTokenMatches, registerCsrfProtection } from './csrf.js'

// The CSRF rule on its own: a bare app with the same cookie signing and the same protection as the
// real one, and a route of each kind, so that every unsafe request can be tried without a database.

const secret = 'a signing secret of at least thirty-two characters'
const unsafeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const

async function buildApp(options: { secure?: boolean; signingSecret?: string } = {}) {
  const app = Fastify()
  await app.register(fastifyFormbody)
  await app.register(fastifyCookie, { secret: options.signingSecret ?? secret })
  await registerCsrfProtection(app, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure ?? false,
    path: '/',
  })
  app.get('/form', async (_request, reply) => ({ token: reply.generateCsrf() }))
  app.route({
    method: [...unsafeMethods, 'OPTIONS'],
    url: '/change',
    handler: async () => ({ changed: true }),
  })
  app.post('/hook', { config: { csrf: false } }, async () => ({ changed: true }))
  // Asks the upload check alone, as an upload form's reader does before the body is parsed.
  app.post('/check', { config: { csrf: false } }, async (request) => ({
    matches: csrfTokenMatches(request, String((request.body as { token?: string }).token ?? '')),
  }))
  return app
}

/** A form page's token and the cookie it came with, as a browser holds them. */
async function visitForm(app: Awaited<ReturnType<typeof buildApp>>) {
  const page = await app.inject('/form')
  const cookie = page.cookies.find((c) => c.name === csrfCookieName)
  assert.ok(cookie, 'the form page sets the CSRF cookie')
  return {
    token: (page.json() as { token: string }).token,
    cookie,
    cookieHeader: `${cookie.name}=${cookie.value}`,
  }
}

const send = (
  app: Awaited<ReturnType<typeof buildApp>>,
  method: InjectOptions['method'],
  cookieHeader: string | undefined,
  body: Record<string, string>,
): Promise<LightMyRequestResponse> =>
  app.inject({
    method,
    url: '/change',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookieHeader ? { cookie: cookieHeader } : {}),
    },
    payload: new URLSearchParams(body).toString(),
  })

test('a change sent with the token of the form and its cookie is accepted, by every unsafe method', async () => {
  const app = await buildApp()
  const { token, cookieHeader } = await visitForm(app)
  for (const method of unsafeMethods) {
    const response = await send(app, method, cookieHeader, { _csrf: token })
    assert.equal(response.statusCode, 200, method)
    assert.deepEqual(response.json(), { changed: true })
  }
})

test('a change sent without a token is refused, by every unsafe method', async () => {
  const app = await buildApp()
  const { cookieHeader } = await visitForm(app)
  for (const method of unsafeMethods) {
    assert.equal((await send(app, method, cookieHeader, { name: 'x' })).statusCode, 403, method)
  }
})

test('a forged token, or a real token sent without its cookie, is refused', async () => {
  const app = await buildApp()
  const { token, cookieHeader } = await visitForm(app)
  assert.equal((await send(app, 'POST', cookieHeader, { _csrf: `${token}x` })).statusCode, 403)
  assert.equal((await send(app, 'POST', undefined, { _csrf: token })).statusCode, 403)
  // Another visitor's token does not go with this visitor's cookie.
  const other = await visitForm(app)
  assert.equal((await send(app, 'POST', cookieHeader, { _csrf: other.token })).statusCode, 403)
})

test('a cookie that was not signed with the secret is refused, even holding a real token secret', async () => {
  const app = await buildApp()
  const { token, cookieHeader } = await visitForm(app)
  const unsigned = cookieHeader.replace(/\.[^.]*$/, '')
  assert.notEqual(unsigned, cookieHeader)
  assert.equal((await send(app, 'POST', unsigned, { _csrf: token })).statusCode, 403)
  // The same cookie and token from an app with another signing secret are worth nothing here.
  const elsewhere = await visitForm(
    await buildApp({ signingSecret: 'another secret of thirty-two characters or more' }),
  )
  assert.equal((await send(app, 'POST', elsewhere.cookieHeader, { _csrf: elsewhere.token })).statusCode, 403)
})

test('reading needs no token: pages, heads and preflights are answered without one', async () => {
  const app = await buildApp()
  assert.equal((await app.inject({ method: 'GET', url: '/form' })).statusCode, 200)
  assert.equal((await app.inject({ method: 'HEAD', url: '/form' })).statusCode, 200)
  assert.equal((await app.inject({ method: 'OPTIONS', url: '/change' })).statusCode, 200)
})

test('only a route that says it authenticates otherwise takes a change without a token', async () => {
  const app = await buildApp()
  assert.equal((await app.inject({ method: 'POST', url: '/hook', payload: {} })).statusCode, 200)
})

test('the CSRF cookie is signed, kept from scripts, not sent by other sites, and secure when asked', async () => {
  const plain = await visitForm(await buildApp())
  assert.equal(plain.cookie.httpOnly, true)
  assert.equal(plain.cookie.sameSite, 'Lax')
  assert.equal(plain.cookie.path, '/')
  assert.equal(plain.cookie.secure, undefined)
  assert.match(plain.cookie.value, /\.[A-Za-z0-9+/_-]+$/, 'signed')
  const secure = await visitForm(await buildApp({ secure: true }))
  assert.equal(secure.cookie.secure, true)
})

test("an upload form's token is checked against the same signed cookie before its file is read", async () => {
  const app = await buildApp()
  const { token, cookieHeader } = await visitForm(app)
  const check = async (cookie: string | undefined, body: Record<string, string>) =>
    (
      await app.inject({
        method: 'POST',
        url: '/check',
        headers: { ...(cookie ? { cookie } : {}) },
        payload: { ...body, _csrf: token },
      })
    ).json() as { matches: boolean }
  assert.deepEqual(await check(cookieHeader, { token }), { matches: true })
  assert.deepEqual(await check(cookieHeader, { token: `${token}x` }), { matches: false })
  assert.deepEqual(await check(cookieHeader, { token: '' }), { matches: false })
  assert.deepEqual(await check(undefined, { token }), { matches: false })
  assert.deepEqual(await check(cookieHeader.replace(/\.[^.]*$/, '.forged'), { token }), { matches: false })
})
