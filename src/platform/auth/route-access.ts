import type { FastifyInstance, RouteOptions } from 'fastify'
import type { Role } from '../db/schema.js'
import { rolesOfGuard } from './guards.js'

/**
 * Who may use a route: everyone (`'public'`), or the roles a `requireRole` guard lets in. A route
 * declares it once, by its guard or by `config: { access: 'public' }`; the security suite asks
 * every route of every role and holds each to its rule (docs/design/security.md).
 */
export type RouteAccess = 'public' | readonly Role[]

export interface RouteRule {
  method: string
  url: string
  /** Undefined for a route that declared nothing: the security suite fails on it. */
  access: RouteAccess | undefined
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route anyone may use, signed in or not; every other route has a `requireRole` guard. */
    access?: 'public'
  }
  interface FastifyInstance {
    /** Every route registered after `registerRouteAccess`, with who may use it. */
    routeRules: RouteRule[]
  }
}

type Hook = unknown

function asList(hooks: Hook | Hook[] | undefined): Hook[] {
  if (hooks === undefined) return []
  return Array.isArray(hooks) ? hooks : [hooks]
}

/**
 * Keeps the route table with each route's rule, and moves each route's role guard to the first
 * hook a request meets, so that no one is refused only after their body has been read: an
 * anonymous upload costs neither disk nor memory.
 */
export function registerRouteAccess(app: FastifyInstance): void {
  const rules: RouteRule[] = []
  app.decorate('routeRules', rules)
  app.addHook('onRoute', (route: RouteOptions) => {
    const preHandlers = asList(route.preHandler)
    const isGuard = (hook: Hook) => rolesOfGuard(hook) !== undefined
    // A guard may already be first (written there, or moved by this hook for the GET a HEAD copies).
    const guards = [...asList(route.onRequest), ...preHandlers].filter(isGuard)
    // A request must pass every guard, so only the roles all of them let in may use the route.
    const [first = [], ...others] = guards.map((guard) => rolesOfGuard(guard) ?? [])
    const guardRoles = first.filter((role) => others.every((roles) => roles.includes(role)))
    const declaredPublic = route.config?.access === 'public'
    const access: RouteAccess | undefined =
      guards.length > 0 ? guardRoles : declaredPublic ? 'public' : undefined
    const methods = asList(route.method) as string[]
    for (const method of methods) rules.push({ method, url: route.url, access })
    if (guards.length === 0) return
    route.preHandler = preHandlers.filter((hook) => !isGuard(hook)) as RouteOptions['preHandler']
    route.onRequest = [
      ...asList(route.onRequest).filter((hook) => !isGuard(hook)),
      ...guards,
    ] as RouteOptions['onRequest']
  })
}
