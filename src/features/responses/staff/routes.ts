import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import {
  canExcludeResponses,
  canViewAudit,
  canViewResponses,
  hasAnyRole,
} from '../../../platform/auth/roles.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import { presentPerDay } from '../presenters.js'
import type { ResponseService } from '../service.js'
import { parseListPosition, parseReason, parseResponseFilters } from './filters.js'
import { presentProvenance, presentResponseDetail, presentResponseList } from './presenters.js'

export interface ResponseAdminRouteOptions {
  consultations: ConsultationService
  responses: ResponseService
}

type IdRequest = { Params: IdParams }

export async function responseAdminRoutes(app: FastifyInstance, options: ResponseAdminRouteOptions) {
  const { consultations, responses } = options
  const loadConsultation = loadConsultationInPath(consultations)
  const viewer = requireRole(...canViewResponses)
  const inConsultation = { schema: { params: idParams }, preHandler: [viewer, loadConsultation] }
  const canView = { schema: { params: idParams }, preHandler: viewer }
  const canExclude = { schema: { params: idParams }, preHandler: requireRole(...canExcludeResponses) }

  app.get<IdRequest>('/admin/consultations/:id/responses', inConsultation, async (request, reply) => {
    const consultation = consultationInPath(request)
    const questionnaire = await consultations.getLatestQuestionnaire(consultation.id)
    const questions = allQuestions(questionnaire.definition)
    const form = parseResponseFilters(
      request.query,
      questions.map((q) => q.key),
    )
    const [found, counted] = await Promise.all([
      responses.findResponses(consultation.id, form.ok ? form.value : {}, parseListPosition(request.query)),
      responses.countedSummary(consultation.id),
    ])
    return reply.page(
      'features/responses/staff/views/admin-list.njk',
      presentResponseList({ consultation, questions, form, found, counted }),
      form.ok ? HttpStatus.ok : HttpStatus.badRequest,
    )
  })

  app.get<IdRequest>('/admin/consultations/:id/responses/per-day', inConsultation, async (request, reply) => {
    const consultation = consultationInPath(request)
    const rows = await responses.countResponsesPerDay(consultation.id)
    return reply.page('features/responses/staff/views/admin-per-day.njk', {
      pageTitle: t('responses.titles.perDay', { title: consultation.title }),
      activeNav: 'consultations',
      backHref: `/admin/consultations/${consultation.id}/responses`,
      consultation,
      table: presentPerDay(rows),
    })
  })

  const showResponse = async (
    request: FastifyRequest<IdRequest>,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> } = {},
    status: number = HttpStatus.ok,
  ) => {
    const [detail, provenance] = await Promise.all([
      responses.getResponse(request.params.id),
      responses.getProvenance(request.params.id),
    ])
    const roles = request.currentUser?.roles ?? []
    return reply.page(
      'features/responses/staff/views/admin-show.njk',
      {
        ...presentResponseDetail(detail, hasAnyRole(roles, canExcludeResponses), form),
        provenanceRows: presentProvenance(provenance, detail.response.channel),
        canViewAudit: hasAnyRole(roles, canViewAudit),
      },
      status,
    )
  }

  app.get<IdRequest>('/admin/responses/:id', canView, (request, reply) => showResponse(request, reply))

  for (const action of ['exclude', 'reinstate'] as const) {
    app.post<IdRequest>(`/admin/responses/:id/${action}`, canExclude, async (request, reply) => {
      const missing =
        action === 'exclude'
          ? 'validation.exclusion.reasonMissing'
          : 'validation.exclusion.reinstateReasonMissing'
      const form = parseReason(request.body, missing)
      if (!form.ok) return showResponse(request, reply, form, HttpStatus.badRequest)
      const actor = staffActor(request)
      const changed =
        action === 'exclude'
          ? await responses.excludeResponse(request.params.id, form.value, actor)
          : await responses.reinstateResponse(request.params.id, form.value, actor)
      const flash = t(action === 'exclude' ? 'flash.responseExcluded' : 'flash.responseReinstated', {
        reference: changed.reference,
      })
      return reply.redirectWithFlash(`/admin/responses/${request.params.id}`, flash)
    })
  }
}
