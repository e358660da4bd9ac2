import { Readable } from 'node:stream'
import contentDisposition from 'content-disposition'
import type { FastifyInstance } from 'fastify'
import { type Static, Type } from 'typebox'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canViewAudit } from '../../../platform/auth/roles.js'
import { idParams, recordId } from '../../../platform/http/schemas.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import { presentPackPage } from './presenters.js'
import type { EvidencePackService } from './service.js'

export interface EvidencePackRouteOptions {
  consultations: ConsultationService
  packs: EvidencePackService
}

const packParams = Type.Object({ id: recordId, packId: recordId })
type IdRequest = { Params: Static<typeof idParams> }
type PackRequest = { Params: Static<typeof packParams> }

export async function evidencePackRoutes(app: FastifyInstance, options: EvidencePackRouteOptions) {
  const { consultations, packs } = options
  const preHandler = [requireRole(...canViewAudit), loadConsultationInPath(consultations)]

  app.get<IdRequest>(
    '/admin/consultations/:id/evidence',
    { schema: { params: idParams }, preHandler },
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const list = await packs.listPacks(consultation.id)
      return reply.page('features/evidence/pack/views/admin-show.njk', presentPackPage(consultation, list))
    },
  )

  app.post<IdRequest>(
    '/admin/consultations/:id/evidence',
    { schema: { params: idParams }, preHandler },
    async (request, reply) => {
      const consultation = consultationInPath(request)
      await packs.requestPack(consultation.id, staffActor(request))
      return reply.redirectWithFlash(
        `/admin/consultations/${consultation.id}/evidence`,
        t('evidence.flash.requested'),
      )
    },
  )

  app.get<PackRequest>(
    '/admin/consultations/:id/evidence/:packId/download',
    { schema: { params: packParams }, preHandler },
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const pack = await packs.getFinishedPack(consultation.id, request.params.packId)
      const name = `evidence-pack-${consultation.slug}-${pack.requested_at.toISOString().slice(0, 10)}.zip`
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition(name))
        .header('content-length', String(pack.byte_size))
        .header('cache-control', 'private, no-store')
        .send(Readable.from(packs.readPack(pack.id)))
    },
  )
}
