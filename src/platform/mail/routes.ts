import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { requireRole } from '../auth/guards.js'
import type { Database } from '../db/schema.js'
import { t } from '../i18n/translate.js'
import { listOutbox } from './mailer.js'

/** `/admin/outbox`: the messages kept because the deployment has no SMTP server, for administrators. */
export async function outboxRoutes(app: FastifyInstance, options: { db: Kysely<Database> }) {
  app.get('/admin/outbox', { preHandler: requireRole('administrator') }, async (_request, reply) =>
    reply.page('platform/mail/views/outbox.njk', {
      pageTitle: t('staff.titles.outbox'),
      backHref: '/admin',
      messages: await listOutbox(options.db),
    }),
  )
}
