import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canCollectForPartner, canViewResponses } from '../../../platform/auth/roles.js'
import { ValidationError } from '../../../platform/errors.js'
import { field } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { presentAnswerRows } from '../presenters.js'
import { type KeyedEntryState, keyedEntryRefused, presentKeyedEntry } from '../recorded/presenters.js'
import type { PartnerService } from './service.js'

export interface PartnerRouteOptions {
  partners: PartnerService
  disclosureThreshold: number
}

type ConsultationParams = { Params: { id: string } }

const userIdOf = (request: FastifyRequest) => request.currentUser?.id ?? ''

export async function partnerRoutes(app: FastifyInstance, options: PartnerRouteOptions) {
  const { partners, disclosureThreshold } = options
  const staff = { preHandler: requireRole(...canViewResponses) }
  const collector = { preHandler: requireRole(...canCollectForPartner) }
  const consultationPath = (id: string) => `/partner/consultations/${id}`

  app.get<ConsultationParams>('/admin/consultations/:id/partners', staff, async (request, reply) => {
    const by = field(request.query, 'by')
    const reach = await partners.reach(request.params.id, by, disclosureThreshold)
    return reply.page('features/responses/partners/views/reach.njk', {
      pageTitle: `Partners: ${reach.consultation.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${reach.consultation.id}/responses`,
      ...reach,
      threshold: disclosureThreshold,
      byItems: reach.questions.map((q) => ({
        value: q.key,
        text: q.title,
        selected: q.key === reach.question?.key,
      })),
    })
  })

  app.get<{ Params: { id: string; organisationId: string } }>(
    '/admin/consultations/:id/partners/:organisationId',
    staff,
    async (request, reply) => {
      const { id, organisationId } = request.params
      const found = await partners.partnerProfile(id, organisationId, disclosureThreshold)
      return reply.page('features/responses/partners/views/profile.njk', {
        pageTitle: `${found.partner.name}: who they reached`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${found.consultation.id}/partners`,
        ...found,
        threshold: disclosureThreshold,
      })
    },
  )

  app.get('/partner', collector, async (request, reply) => {
    const home = await partners.collectorHome(userIdOf(request))
    return reply.page('features/responses/partners/views/home.njk', {
      pageTitle: `Responses for ${home.organisation.name}`,
      activeNav: 'partner',
      ...home,
    })
  })

  app.get<ConsultationParams>('/partner/consultations/:id', collector, async (request, reply) => {
    const found = await partners.collectorConsultation(
      userIdOf(request),
      request.params.id,
      disclosureThreshold,
    )
    return reply.page('features/responses/partners/views/consultation.njk', {
      pageTitle: `${found.organisation.name}: ${found.consultation.title}`,
      activeNav: 'partner',
      backHref: '/partner',
      ...found,
      threshold: disclosureThreshold,
    })
  })

  const renderEntryForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    consultationId: string,
    state: KeyedEntryState,
    status: number,
  ) => {
    const { organisation, consultation, questionnaire } = await partners.entryForm(
      userIdOf(request),
      consultationId,
    )
    return reply.page(
      'features/responses/partners/views/entry.njk',
      {
        pageTitle: `Enter a response for ${organisation.name}`,
        activeNav: 'partner',
        backHref: consultationPath(consultation.id),
        organisation,
        consultation,
        action: `${consultationPath(consultation.id)}/entries`,
        ...presentKeyedEntry(questionnaire, state),
      },
      status,
    )
  }

  app.get<ConsultationParams>('/partner/consultations/:id/entries/new', collector, (request, reply) =>
    renderEntryForm(request, reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<ConsultationParams>('/partner/consultations/:id/entries', collector, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    try {
      const stored = await partners.recordEntry(
        userIdOf(request),
        request.params.id,
        body,
        staffActor(request),
      )
      return reply.redirectWithFlash(
        consultationPath(request.params.id),
        t('channelRecords.flash.partnerEntry', {
          reference: stored.reference,
          partner: stored.organisation.name,
        }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const shown = keyedEntryRefused(error, body)
      return renderEntryForm(request, reply, request.params.id, shown, HttpStatus.badRequest)
    }
  })

  app.get<{ Params: { responseId: string } }>(
    '/partner/entries/:responseId',
    collector,
    async (request, reply) => {
      const found = await partners.getEntry(userIdOf(request), request.params.responseId)
      return reply.page('features/responses/partners/views/entry-show.njk', {
        pageTitle: `Response ${found.entry.reference}`,
        activeNav: 'partner',
        backHref: consultationPath(found.consultation.id),
        ...found,
        answerRows: presentAnswerRows(found.questions),
      })
    },
  )
}
