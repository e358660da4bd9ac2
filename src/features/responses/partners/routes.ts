import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canCollectForPartner, canViewResponses } from '../../../platform/auth/roles.js'
import { ValidationError } from '../../../platform/errors.js'
import { type IdParams, idParams, recordId } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { type KeyedEntryState, keyedEntryRefused } from '../recorded/presenters.js'
import { type ResponseParams, responseParams } from '../recorded/schemas.js'
import {
  collectorConsultationPath,
  presentCollectorConsultation,
  presentCollectorHome,
  presentPartnerEntry,
  presentPartnerEntryForm,
  presentPartnerProfile,
  presentReach,
} from './presenters.js'
import type { PartnerService } from './service.js'

export interface PartnerRouteOptions {
  partners: PartnerService
  disclosureThreshold: number
}

const reachQuery = Type.Object({ by: Type.Optional(Type.String()) })
const partnerParams = Type.Object({ id: recordId, organisationId: recordId })

type ConsultationRoute = { Params: IdParams }

const userIdOf = (request: FastifyRequest) => request.currentUser?.id ?? ''

export async function partnerRoutes(app: FastifyInstance, options: PartnerRouteOptions) {
  const { partners, disclosureThreshold } = options
  const staff = requireRole(...canViewResponses)
  const collector = requireRole(...canCollectForPartner)
  const collectorIn = { schema: { params: idParams }, preHandler: collector }

  app.get<{ Params: IdParams; Querystring: Static<typeof reachQuery> }>(
    '/admin/consultations/:id/partners',
    { schema: { params: idParams, querystring: reachQuery }, preHandler: staff },
    async (request, reply) => {
      const reach = await partners.reach(request.params.id, request.query.by, disclosureThreshold)
      return reply.page(
        'features/responses/partners/views/reach.njk',
        presentReach(reach, disclosureThreshold),
      )
    },
  )

  app.get<{ Params: Static<typeof partnerParams> }>(
    '/admin/consultations/:id/partners/:organisationId',
    { schema: { params: partnerParams }, preHandler: staff },
    async (request, reply) => {
      const { id, organisationId } = request.params
      const found = await partners.partnerProfile(id, organisationId, disclosureThreshold)
      return reply.page(
        'features/responses/partners/views/profile.njk',
        presentPartnerProfile(found, disclosureThreshold),
      )
    },
  )

  app.get('/partner', { preHandler: collector }, async (request, reply) =>
    reply.page(
      'features/responses/partners/views/home.njk',
      presentCollectorHome(await partners.collectorHome(userIdOf(request))),
    ),
  )

  app.get<ConsultationRoute>('/partner/consultations/:id', collectorIn, async (request, reply) => {
    const found = await partners.collectorConsultation(
      userIdOf(request),
      request.params.id,
      disclosureThreshold,
    )
    return reply.page(
      'features/responses/partners/views/consultation.njk',
      presentCollectorConsultation(found, disclosureThreshold),
    )
  })

  const renderEntryForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    consultationId: string,
    state: KeyedEntryState,
    status: number,
  ) =>
    reply.page(
      'features/responses/partners/views/entry.njk',
      presentPartnerEntryForm(await partners.entryForm(userIdOf(request), consultationId), state),
      status,
    )

  app.get<ConsultationRoute>('/partner/consultations/:id/entries/new', collectorIn, (request, reply) =>
    renderEntryForm(request, reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<ConsultationRoute>('/partner/consultations/:id/entries', collectorIn, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    try {
      const stored = await partners.recordEntry(
        userIdOf(request),
        request.params.id,
        body,
        staffActor(request),
      )
      return reply.redirectWithFlash(
        collectorConsultationPath(request.params.id),
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

  app.get<{ Params: ResponseParams }>(
    '/partner/entries/:responseId',
    { schema: { params: responseParams }, preHandler: collector },
    async (request, reply) => {
      const found = await partners.getEntry(userIdOf(request), request.params.responseId)
      return reply.page('features/responses/partners/views/entry-show.njk', presentPartnerEntry(found))
    },
  )
}
