import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import type { Role } from '../db/schema.js'
import { ForbiddenError } from '../errors.js'
import { requireRole, rolesOfGuard, staffActor } from './guards.js'

// A bare app whose visitor is whoever the test says (the `x-roles` header), so each refusal can be
// asked without a database or a sign-in.
async function appWith(guard: ReturnType<typeof requireRole>) {
  const app = Fastify()
  app.decorateRequest('currentUser', undefined)
  app.addHook('onRequest', async (request) => {
    const roles = request.headers['x-roles']
    if (typeof roles === 'string')
      request.currentUser = {
        id: 'u1',
        email: 'dana@example.org',
        displayName: 'Dana',
        roles: roles.split(','),
      }
  })
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) =>
    reply
      .code(error instanceof ForbiddenError ? 403 : 500)
      .send({ name: error.name, message: error.message }),
  )
  app.get('/admin/reports', { preHandler: guard }, async (request) => staffActor(request))
  app.get('/admin/who', async (request) => staffActor(request))
  return app
}

test('someone not signed in is sent to sign in, and back to the page they asked for after', async () => {
  const app = await appWith(requireRole('analyst'))
  const response = await app.inject('/admin/reports?page=2&sort=new')
  assert.equal(response.statusCode, 303)
  assert.equal(response.headers.location, '/admin/sign-in?next=%2Fadmin%2Freports%3Fpage%3D2%26sort%3Dnew')
})

test('a signed-in member of staff without any of the roles is refused, and told which roles may', async () => {
  const app = await appWith(requireRole('analyst', 'administrator'))
  const response = await app.inject({ url: '/admin/reports', headers: { 'x-roles': 'data_entry,observer' } })
  assert.equal(response.statusCode, 403)
  assert.deepEqual(response.json(), {
    name: 'ForbiddenError',
    message: 'Needs one of: analyst, administrator',
  })
  const noRoles = await app.inject({ url: '/admin/reports', headers: { 'x-roles': '' } })
  assert.equal(noRoles.statusCode, 403)
})

test('any one of the roles lets a member of staff in, and they are named in the audit by email', async () => {
  const app = await appWith(requireRole('analyst', 'administrator'))
  for (const roles of ['administrator', 'observer,analyst']) {
    const response = await app.inject({ url: '/admin/reports', headers: { 'x-roles': roles } })
    assert.equal(response.statusCode, 200, roles)
    assert.deepEqual(response.json(), { userId: 'u1', label: 'dana@example.org' })
  }
})

test('an action by someone not signed in is refused rather than audited as nobody', async () => {
  const app = await appWith(requireRole('analyst'))
  const response = await app.inject('/admin/who')
  assert.equal(response.statusCode, 403)
  assert.deepEqual(response.json(), { name: 'ForbiddenError', message: 'Not signed in' })
})

test('the roles a guard lets in can be read back from it, and from nothing else', () => {
  const allowed: Role[] = ['governance_officer', 'observer']
  const guard = requireRole(...allowed)
  assert.deepEqual(rolesOfGuard(guard), allowed)
  assert.deepEqual(rolesOfGuard(requireRole()), [])
  assert.equal(
    rolesOfGuard(async () => undefined),
    undefined,
  )
  assert.equal(rolesOfGuard(undefined), undefined)
  assert.equal(rolesOfGuard({}), undefined)
  assert.equal(rolesOfGuard('administrator'), undefined)
})
