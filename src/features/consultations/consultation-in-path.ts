import type { FastifyRequest } from 'fastify'
import type { ConsultationRow } from '../../platform/db/schema.js'
import { NotFoundError } from '../../platform/errors.js'
import { isRecordId } from '../../platform/http/schemas.js'
import type { ConsultationService } from './service.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The consultation named by `:id` in the path, once `loadConsultationInPath` has run. */
    consultationInPath?: ConsultationRow
  }
}

/**
 * A pre-handler for every route under `/admin/consultations/:id`: loads the consultation once, or
 * answers 404 for an id that is unknown or is not an id at all (which the database would refuse).
 */
export function loadConsultationInPath(consultations: Pick<ConsultationService, 'getById'>) {
  return async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const { id } = request.params
    if (!isRecordId(id)) throw new NotFoundError(`No consultation ${id}`)
    request.consultationInPath = await consultations.getById(id)
  }
}

/** The consultation the pre-handler loaded; a route that forgot the pre-handler fails loudly. */
export function consultationInPath(request: FastifyRequest): ConsultationRow {
  if (!request.consultationInPath) throw new Error('loadConsultationInPath did not run for this route')
  return request.consultationInPath
}
