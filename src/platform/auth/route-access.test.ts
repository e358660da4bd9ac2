import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify, { type FastifyRequest } from 'fastify'
import { ForbiddenError } from '../errors.js'
import { requireRole } from './guards.js'
import { registerRouteAccess } from './route-access.js'

// The route table's rules and where the guards run, on a bare app: the whole app's matrix is in
// src/app/route-access.test.ts; this says what each kind of declaration gives.

async function buildApp() {
  const app = Fastify()
  const seen: string[] = []
  app.decorateRequest('currentUser', undefined)
  app.addHook('onRequest', async (request) => {
    const roles = request.headers['x-roles']
    if (typeof roles === 'string')
      request.currentUser = { id: 'u1', email: 'a@example.org', displayName: 'A', roles: roles.split(',') }
  })
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) =>
    reply
      .code(error instanceof ForbiddenError ? 403 : (error.statusCode ?? 500))
      .send({ message: error.message }),
  )
  registerRouteAccess(app)
  const note = (name: string) => async (request: FastifyRequest) => {
    seen.push(`${name} ${request.url}`)
  }
  app.get('/', { config: { access: 'public' } }, async () => 'home')
  app.get('/undeclared', async () => 'nobody said')
  app.get(
    '/admin/data',
    { preHandler: [note('before'), requireRole('analyst', 'administrator'), note('after')] },
    async () => 'data',
  )
  app.post('/admin/upload', { preHandler: requireRole('data_entry') }, async () => 'stored')
  app.route({
    method: ['GET', 'POST'],
    url: '/admin/both',
    onRequest: requireRole('administrator', 'analyst', 'observer'),
    preHandler: requireRole('analyst', 'observer', 'data_entry'),
    handler: async () => 'both',
  })
  app.get(
    '/admin/public-but-guarded',
    { config: { access: 'public' }, preHandler: requireRole('observer') },
    async () => 'x',
  )
  await app.ready()
  return { app, seen }
}

const ruleOf = (app: Awaited<ReturnType<typeof buildApp>>['app'], method: string, url: string) =>
  app.routeRules.find((rule) => rule.method === method && rule.url === url)?.access

test('every route is in the table with who may use it, and one declaring nothing shows as undeclared', async () => {
  const { app } = await buildApp()
  assert.equal(ruleOf(app, 'GET', '/'), 'public')
  assert.equal(ruleOf(app, 'GET', '/undeclared'), undefined)
  assert.ok(app.routeRules.some((rule) => rule.method === 'GET' && rule.url === '/undeclared'))
  assert.deepEqual(ruleOf(app, 'GET', '/admin/data'), ['analyst', 'administrator'])
  assert.deepEqual(ruleOf(app, 'POST', '/admin/upload'), ['data_entry'])
})

test('a route with two guards may be used only by the roles both let in', async () => {
  const { app } = await buildApp()
  assert.deepEqual(ruleOf(app, 'GET', '/admin/both'), ['analyst', 'observer'])
  assert.deepEqual(ruleOf(app, 'POST', '/admin/both'), ['analyst', 'observer'])
  const as = (roles: string) => app.inject({ url: '/admin/both', headers: { 'x-roles': roles } })
  assert.equal((await as('administrator')).statusCode, 403)
  assert.equal((await as('data_entry')).statusCode, 403)
  assert.equal((await as('observer')).statusCode, 200)
})

test('a guard outranks a public declaration: the route is guarded and the table says so', async () => {
  const { app } = await buildApp()
  assert.deepEqual(ruleOf(app, 'GET', '/admin/public-but-guarded'), ['observer'])
  assert.equal((await app.inject('/admin/public-but-guarded')).statusCode, 303)
})

test('the copy of a page for HEAD requests has the same rule and is guarded the same way', async () => {
  const { app } = await buildApp()
  assert.deepEqual(ruleOf(app, 'HEAD', '/admin/data'), ['analyst', 'administrator'])
  assert.equal(ruleOf(app, 'HEAD', '/'), 'public')
  const head = await app.inject({ method: 'HEAD', url: '/admin/data', headers: { 'x-roles': 'observer' } })
  assert.equal(head.statusCode, 403)
})

test('a stranger is turned away before the body of their request is read', async () => {
  const { app } = await buildApp()
  // Not JSON at all: had the body been read first, the answer would be 400.
  const broken = { 'content-type': 'application/json' }
  const anonymous = await app.inject({
    method: 'POST',
    url: '/admin/upload',
    headers: broken,
    payload: '{not json',
  })
  assert.equal(anonymous.statusCode, 303)
  const wrongRole = await app.inject({
    method: 'POST',
    url: '/admin/upload',
    headers: { ...broken, 'x-roles': 'observer' },
    payload: '{not json',
  })
  assert.equal(wrongRole.statusCode, 403)
  const allowed = await app.inject({
    method: 'POST',
    url: '/admin/upload',
    headers: { ...broken, 'x-roles': 'data_entry' },
    payload: '{not json',
  })
  assert.equal(allowed.statusCode, 400)
})

test("a route's other steps still run, in order, after its guard, and not at all for someone refused", async () => {
  const { app, seen } = await buildApp()
  assert.equal((await app.inject({ url: '/admin/data', headers: { 'x-roles': 'analyst' } })).body, 'data')
  assert.deepEqual(seen, ['before /admin/data', 'after /admin/data'])
  seen.length = 0
  assert.equal((await app.inject({ url: '/admin/data', headers: { 'x-roles': 'observer' } })).statusCode, 403)
  assert.equal((await app.inject('/admin/data')).statusCode, 303)
  assert.deepEqual(seen, [])
})

test('the table holds every registered route once per method, and nothing else', async () => {
  const { app } = await buildApp()
  const analystsAndAdministrators = ['analyst', 'administrator']
  assert.deepEqual(app.routeRules, [
    { method: 'GET', url: '/', access: 'public' },
    { method: 'HEAD', url: '/', access: 'public' },
    { method: 'GET', url: '/undeclared', access: undefined },
    { method: 'HEAD', url: '/undeclared', access: undefined },
    { method: 'GET', url: '/admin/data', access: analystsAndAdministrators },
    { method: 'HEAD', url: '/admin/data', access: analystsAndAdministrators },
    { method: 'POST', url: '/admin/upload', access: ['data_entry'] },
    { method: 'GET', url: '/admin/both', access: ['analyst', 'observer'] },
    { method: 'POST', url: '/admin/both', access: ['analyst', 'observer'] },
    { method: 'HEAD', url: '/admin/both', access: ['analyst', 'observer'] },
    { method: 'GET', url: '/admin/public-but-guarded', access: ['observer'] },
    { method: 'HEAD', url: '/admin/public-but-guarded', access: ['observer'] },
  ])
})
