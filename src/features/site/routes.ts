import type { FastifyInstance } from 'fastify'
import { t } from '../../platform/i18n/translate.js'

// The pages every public site owes its readers, linked from the footer.
export async function siteRoutes(app: FastifyInstance) {
  app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('features/site/views/accessibility.njk', { pageTitle: t('site.titles.accessibility') }),
  )
  app.get('/privacy', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('features/site/views/privacy.njk', { pageTitle: t('site.titles.privacy') }),
  )
}
