import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { errorList } from '../../platform/http/forms.js'
import { HttpStatus } from '../../platform/http/status.js'
import { presentForm } from './presenters.js'
import type { ResponseService } from './service.js'

export interface ResponseRouteOptions {
  responses: ResponseService
}

type SlugParams = { Params: { slug: string } }

export async function responseRoutes(app: FastifyInstance, options: ResponseRouteOptions) {
  const { responses } = options
  const formView = 'features/responses/views/form.njk'
  const closedView = 'features/responses/views/closed.njk'

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
}
