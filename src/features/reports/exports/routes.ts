import { PassThrough } from 'node:stream'
import contentDisposition from 'content-disposition'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canSeeContactDetails, canViewResponses, hasAnyRole } from '../../../platform/auth/roles.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import { parseExportChoice } from './forms.js'
import { presentExportPage } from './presenters.js'
import type { ExportService } from './service.js'

export interface ExportRouteOptions {
  consultations: ConsultationService
  exports: ExportService
}

type IdRequest = { Params: IdParams }

const mayHaveContacts = (request: FastifyRequest) =>
  hasAnyRole(request.currentUser?.roles ?? [], canSeeContactDetails)

export async function exportRoutes(app: FastifyInstance, options: ExportRouteOptions) {
  const { consultations, exports } = options
  const inConsultation = {
    schema: { params: idParams },
    preHandler: [requireRole(...canViewResponses), loadConsultationInPath(consultations)],
  }

  app.get<IdRequest>('/admin/consultations/:id/responses/export', inConsultation, async (request, reply) =>
    reply.page(
      'features/reports/exports/views/export.njk',
      presentExportPage({
        consultation: consultationInPath(request),
        withContacts: mayHaveContacts(request),
      }),
    ),
  )

  // The one page whose work grows with the responses: it streams them in keyset batches, holding
  // one batch at a time, and the download itself is the result.
  app.get<IdRequest>(
    '/admin/consultations/:id/responses/export/download',
    inConsultation,
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const withContacts = mayHaveContacts(request)
      const choice = parseExportChoice(request.query)
      if (!choice.ok)
        return reply.page(
          'features/reports/exports/views/export.njk',
          presentExportPage({ consultation, withContacts, form: choice }),
          HttpStatus.badRequest,
        )
      const prepared = await exports.prepareResponseExport({
        consultation,
        ...choice.value,
        withContacts,
        actor: staffActor(request),
      })
      const body = new PassThrough()
      prepared.writeTo(body).catch((error: unknown) => {
        request.log.error({ err: error }, 'a response export stopped part way')
        body.destroy(error instanceof Error ? error : new Error(String(error)))
      })
      return reply
        .type(prepared.contentType)
        .header('content-disposition', contentDisposition(prepared.fileName, { type: 'attachment' }))
        .header('cache-control', 'no-store')
        .send(body)
    },
  )
}
