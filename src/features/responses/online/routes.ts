import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ResponseService } from '../service.js'
import type { SubmitLimits } from './abuse.js'
import { presentOnePageForm } from './presenters.js'
import { type ReceiptParams, receiptParams, type SlugParams, slugParams } from './schemas.js'
import { isMachineClient, replyLimited, replyToMachine } from './submit-replies.js'

export interface ResponseRouteOptions {
  responses: ResponseService
  submitLimits: SubmitLimits
}

type SlugRequest = { Params: SlugParams; Querystring: { lang?: string } }

export async function responseRoutes(app: FastifyInstance, options: ResponseRouteOptions) {
  const { responses } = options
  const formView = 'features/responses/online/views/form.njk'
  const closedView = 'features/responses/online/views/closed.njk'

  app.post<SlugRequest>(
    '/consultations/:slug/respond',
    { schema: { params: slugParams }, config: { access: 'public' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const result = await responses.submitOnline(request.params.slug, body, {
        address: request.ip,
        limits: options.submitLimits,
      })
      if (isMachineClient(request)) return replyToMachine(request, reply, result, responses)
      if (result.kind === 'limited') return replyLimited(reply, result)
      const { consultation, questionnaire } = result
      if (result.kind === 'closed' || !questionnaire) {
        return reply.page(closedView, { pageTitle: consultation.title, consultation }, HttpStatus.conflict)
      }
      if (result.kind === 'invalid') {
        const model = presentOnePageForm({
          consultation,
          questionnaire,
          submissionKey: typeof body.submission_key === 'string' ? body.submission_key : randomUUID(),
          lang: request.query.lang,
          values: result.values,
          errors: result.errors,
        })
        return reply.page(formView, model, HttpStatus.badRequest)
      }
      return reply.redirect(
        `/consultations/${consultation.slug}/receipts/${result.submissionKey}`,
        HttpStatus.seeOther,
      )
    },
  )

  app.get<{ Params: ReceiptParams }>(
    '/consultations/:slug/receipts/:key',
    { schema: { params: receiptParams }, config: { access: 'public' } },
    async (request, reply) => {
      const receipt = await responses.getReceipt(request.params.slug, request.params.key)
      return reply.page('features/responses/online/views/receipt.njk', {
        pageTitle: t('journey.titles.receipt'),
        ...receipt,
      })
    },
  )
}
