import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../platform/auth/guards.js'
import { canViewResponses } from '../../platform/auth/roles.js'
import { errorList } from '../../platform/http/forms.js'
import { HttpStatus } from '../../platform/http/status.js'
import type { ConsultationService } from '../consultations/service.js'
import { channelLabel, presentAnswerRows, presentForm } from './presenters.js'
import type { ResponseService } from './service.js'

export interface ResponseRouteOptions {
  consultations: ConsultationService
  responses: ResponseService
}

type SlugParams = { Params: { slug: string } }

export async function responseRoutes(app: FastifyInstance, options: ResponseRouteOptions) {
  const { consultations, responses } = options
  const formView = 'features/responses/views/form.njk'
  const closedView = 'features/responses/views/closed.njk'

  app.get<SlugParams>('/consultations/:slug/respond', async (request, reply) => {
    const { consultation, questionnaire } = await responses.openQuestionnaire(request.params.slug)
    if (!questionnaire) return reply.page(closedView, { pageTitle: consultation.title, consultation })
    return reply.page(formView, {
      pageTitle: `Respond: ${consultation.title}`,
      backHref: `/consultations/${consultation.slug}`,
      consultation,
      versionId: questionnaire.id,
      submissionKey: randomUUID(),
      sections: presentForm(questionnaire.definition, {}, {}),
    })
  })

  app.post<SlugParams>('/consultations/:slug/respond', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const result = await responses.submitOnline(request.params.slug, body)
    const { consultation, questionnaire } = result
    if (result.kind === 'closed' || !questionnaire) {
      return reply.page(closedView, { pageTitle: consultation.title, consultation }, HttpStatus.conflict)
    }
    if (result.kind === 'invalid') {
      return reply.page(
        formView,
        {
          pageTitle: `Respond: ${consultation.title}`,
          backHref: `/consultations/${consultation.slug}`,
          consultation,
          versionId: questionnaire.id,
          submissionKey: typeof body.submission_key === 'string' ? body.submission_key : randomUUID(),
          sections: presentForm(questionnaire.definition, result.values, result.errors),
          formError: result.errors.form,
          errorList: errorList(result.errors).map((e) =>
            e.href === '#form' ? { ...e, href: '#respond-form' } : e,
          ),
        },
        HttpStatus.badRequest,
      )
    }
    return reply.redirect(
      `/consultations/${consultation.slug}/receipts/${result.submissionKey}`,
      HttpStatus.seeOther,
    )
  })

  app.get<{ Params: { slug: string; key: string } }>(
    '/consultations/:slug/receipts/:key',
    async (request, reply) => {
      const receipt = await responses.getReceipt(request.params.slug, request.params.key)
      return reply.page('features/responses/views/receipt.njk', {
        pageTitle: 'Response received',
        ...receipt,
      })
    },
  )

  app.get<{ Params: { id: string }; Querystring: { page?: string } }>(
    '/admin/consultations/:id/responses',
    { preHandler: requireRole(...canViewResponses) },
    async (request, reply) => {
      const consultation = await consultations.getById(request.params.id)
      const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1)
      const [count, rows] = await Promise.all([
        responses.countResponses(consultation.id),
        responses.listResponses(consultation.id, page),
      ])
      return reply.page('features/responses/views/admin-list.njk', {
        pageTitle: `Responses: ${consultation.title}`,
        activeNav: 'consultations',
        backHref: '/admin',
        consultation,
        count,
        page,
        responses: rows.map((r) => ({ ...r, channel: channelLabel(r.channel) })),
      })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/admin/responses/:id',
    { preHandler: requireRole(...canViewResponses) },
    async (request, reply) => {
      const detail = await responses.getResponse(request.params.id)
      return reply.page('features/responses/views/admin-show.njk', {
        pageTitle: `Response ${detail.response.reference}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${detail.consultation.id}/responses`,
        ...detail,
        answerRows: presentAnswerRows(detail.questions),
        channel: channelLabel(detail.response.channel),
      })
    },
  )
}
