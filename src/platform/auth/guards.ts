import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Role } from '../db/schema.js'
import { ForbiddenError } from '../errors.js'
import { HttpStatus } from '../http/status.js'
import { hasAnyRole } from './roles.js'

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>

// The roles each guard lets in, so the route table can say who may use every route (route-access.ts).
const guardedRoles = new WeakMap<object, readonly Role[]>()

/** A hook that sends people who are not signed in to sign in, and refuses the wrong roles. */
export function requireRole(...allowed: Role[]): Guard {
  const guard: Guard = async (request, reply) => {
    const user = request.currentUser
    if (!user) {
      const next = encodeURIComponent(request.url)
      return reply.redirect(`/admin/sign-in?next=${next}`, HttpStatus.seeOther)
    }
    if (!hasAnyRole(user.roles, allowed)) throw new ForbiddenError(`Needs one of: ${allowed.join(', ')}`)
    return undefined
  }
  guardedRoles.set(guard, allowed)
  return guard
}

/** The roles a hook made by `requireRole` lets in; undefined for any other hook. */
export function rolesOfGuard(hook: unknown): readonly Role[] | undefined {
  return typeof hook === 'function' ? guardedRoles.get(hook) : undefined
}

/** A signed-in member of staff as the audit log names them. */
export type StaffActor = { userId: string; label: string }

/** Who is acting, for the audit log. Routes call it behind requireRole, so someone is signed in. */
export function staffActor(request: FastifyRequest): StaffActor {
  const user = request.currentUser
  if (!user) throw new ForbiddenError('Not signed in')
  return { userId: user.id, label: user.email }
}
