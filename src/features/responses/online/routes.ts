import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { errorList } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { presentForm, presentFormLanguages } from '../presenters.js'
import type { ResponseService } from '../service.js'
import type { SubmitLimits } from './abuse.js'
import { isMachineClient, replyLimited, replyToMachine } from './submit-replies.js'

export interface ResponseRouteOptions {
  responses: ResponseService
  submitLimits: SubmitLimits
}

type SlugParams = { Params: { slug: string }; Querystring: { lang?: string } }

/** The form's language menu and page language, from `?lang=` when the questionnaire has it. */
const languageOf = (definition: Parameters<typeof presentFormLanguages>[0], slug: string, lang: unknown) => {
  const { chosen, languages } = presentFormLanguages(definition, lang, `/consultations/${slug}/respond`)
  return { formLanguage: chosen, formLanguages: languages }
}

export async function responseRoutes(app: FastifyInstance, options: ResponseRouteOptions) {
  const { responses } = options
  const formView = 'features/responses/online/views/form.njk'
  const closedView = 'features/responses/online/views/closed.njk'

  app.post<SlugParams>('/consultations/:slug/respond', async (request, reply) => {
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
      return reply.page(
        formView,
        {
          pageTitle: `Respond: ${consultation.title}`,
          backHref: `/consultations/${consultation.slug}`,
          consultation,
          versionId: questionnaire.id,
          submissionKey: typeof body.submission_key === 'string' ? body.submission_key : randomUUID(),
          ...languageOf(questionnaire.definition, consultation.slug, request.query.lang),
          sections: presentForm(questionnaire.definition, result.values, result.errors, request.query.lang),
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
      return reply.page('features/responses/online/views/receipt.njk', {
        pageTitle: 'Response received',
        ...receipt,
      })
    },
  )
}
