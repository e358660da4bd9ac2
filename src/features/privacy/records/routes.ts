import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canKeepProcessingRecords } from '../../../platform/auth/roles.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { formModel } from '../../../platform/http/forms.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import { parseProcessingRecordForm } from './forms.js'
import { presentRetentionStatus, processingRecordValues } from './presenters.js'
import type { ProcessingRecordService } from './service.js'

export interface ProcessingRecordRouteOptions {
  consultations: Pick<ConsultationService, 'getById'>
  records: ProcessingRecordService
}

type ConsultationRoute = { Params: IdParams }

export async function processingRecordRoutes(app: FastifyInstance, options: ProcessingRecordRouteOptions) {
  const { consultations, records } = options
  const route = {
    schema: { params: idParams },
    preHandler: [requireRole(...canKeepProcessingRecords), loadConsultationInPath(consultations)],
  }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> } | undefined,
    status: number,
  ) => {
    const consultation = consultationInPath(request)
    const record = await records.find(consultation.id)
    return reply.page(
      'features/privacy/records/views/record.njk',
      {
        pageTitle: t('staff.titles.processingRecord'),
        backHref: `/admin/consultations/${consultation.id}`,
        consultation,
        retention: presentRetentionStatus(consultation, record),
        ...formModel(form ?? { values: processingRecordValues(record) }),
      },
      status,
    )
  }

  app.get<ConsultationRoute>('/admin/consultations/:id/personal-data', route, (request, reply) =>
    render(request, reply, undefined, HttpStatus.ok),
  )

  app.post<ConsultationRoute>('/admin/consultations/:id/personal-data', route, async (request, reply) => {
    const form = parseProcessingRecordForm(request.body)
    if (!form.ok) return render(request, reply, form, HttpStatus.badRequest)
    await records.save(request.params.id, form.value, staffActor(request))
    return reply.redirectWithFlash(
      `/admin/consultations/${request.params.id}/personal-data`,
      t('flash.processingRecordSaved'),
    )
  })
}
