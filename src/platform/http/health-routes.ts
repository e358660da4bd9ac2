import type { FastifyInstance } from 'fastify'
import { HttpStatus } from './status.js'

export interface HealthRouteOptions {
  /** Resolves when the database answers; rejects or times out when it does not. */
  checkDatabase: () => Promise<void>
}

const readinessTimeoutMs = 2000

export async function healthRoutes(app: FastifyInstance, options: HealthRouteOptions) {
  // Liveness: the process is up and serving. Never touches the database.
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  )

  // Readiness: the database answers within the timeout, so a load balancer can route here.
  app.get('/readyz', { config: { access: 'public' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        options.checkDatabase(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database check timed out')), readinessTimeoutMs)
        }),
      ])
      return reply.send({ status: 'ready', database: 'ok' })
    } catch (error) {
      request.log.warn({ err: error }, 'not ready: database unreachable')
      return reply.code(HttpStatus.serviceUnavailable).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Service unavailable',
        status: HttpStatus.serviceUnavailable,
        detail: 'The database cannot be reached',
        instance: '/readyz',
        reference: request.id,
      })
    } finally {
      clearTimeout(timer)
    }
  })
}
