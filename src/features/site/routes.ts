import type { FastifyInstance } from 'fastify'
import { t } from '../../platform/i18n/translate.js'

/** How long one consultation keeps contact details, as its record of processing says. */
export interface ConsultationRetention {
  title: string
  slug: string
  retention_months: number
  retention_action: 'erase' | 'anonymise'
  retention_applied_at: Date | null
}

export interface SiteRouteOptions {
  /** Each published consultation's retention, for the privacy notice: a short list, one row each. */
  retention: () => Promise<ConsultationRetention[]>
}

// The pages every public site owes its readers, linked from the footer.
export async function siteRoutes(app: FastifyInstance, options: SiteRouteOptions) {
  app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('features/site/views/accessibility.njk', { pageTitle: t('site.titles.accessibility') }),
  )
  app.get('/privacy', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('features/site/views/privacy.njk', {
      pageTitle: t('site.titles.privacy'),
      retention: await options.retention(),
    }),
  )
}
