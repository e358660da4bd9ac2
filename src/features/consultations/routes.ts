import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../platform/auth/guards.js'
import { roles } from '../../platform/auth/roles.js'
import type { ResponseService } from '../responses/service.js'
import { presentPublicListItem, presentStatus } from './presenters.js'
import type { ConsultationService } from './service.js'

export interface ConsultationRouteOptions {
  consultations: ConsultationService
  responses: ResponseService
}

export async function consultationRoutes(app: FastifyInstance, options: ConsultationRouteOptions) {
  const { consultations, responses } = options

  app.get('/', async (_request, reply) => {
    const [open, closed] = await Promise.all([consultations.listOpen(), consultations.listClosed()])
    return reply.page('features/consultations/views/index.njk', {
      pageTitle: 'Have your say',
      activeNav: 'consultations',
      consultations: open.map(presentPublicListItem),
      closed: closed.map(presentPublicListItem),
    })
  })

  app.get<{ Params: { slug: string } }>('/consultations/:slug', async (request, reply) => {
    const { consultation, questionnaire } = await responses.openQuestionnaire(request.params.slug)
    const proposals = await consultations.listProposals(consultation.id)
    return reply.page('features/consultations/views/show.njk', {
      pageTitle: consultation.title,
      activeNav: 'consultations',
      consultation,
      proposals,
      canRespond: questionnaire !== undefined,
    })
  })

  app.get('/admin', { preHandler: requireRole(...roles) }, async (_request, reply) => {
    const all = await consultations.listForStaff()
    return reply.page('features/consultations/views/admin-index.njk', {
      pageTitle: 'Consultations',
      activeNav: 'consultations',
      consultations: all.map((c) => ({
        ...c,
        status: presentStatus(c.status),
        responseCount: Number(c.response_count ?? 0),
      })),
    })
  })
}
