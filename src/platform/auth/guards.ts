import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Role } from '../db/schema.js'
import { ForbiddenError } from '../errors.js'
import { HttpStatus } from '../http/status.js'
import { hasAnyRole } from './roles.js'

/** A preHandler that sends people who are not signed in to sign in, and refuses the wrong roles. */
export function requireRole(...allowed: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = request.currentUser
    if (!user) {
      const next = encodeURIComponent(request.url)
      return reply.redirect(`/admin/sign-in?next=${next}`, HttpStatus.seeOther)
    }
    if (!hasAnyRole(user.roles, allowed)) throw new ForbiddenError(`Needs one of: ${allowed.join(', ')}`)
  }
}

/** A signed-in member of staff as the audit log names them. */
export type StaffActor = { userId: string; label: string }

/** Who is acting, for the audit log. Routes call it behind requireRole, so someone is signed in. */
export function staffActor(request: FastifyRequest): StaffActor {
  const user = request.currentUser
  if (!user) throw new ForbiddenError('Not signed in')
  return { userId: user.id, label: user.email }
}
