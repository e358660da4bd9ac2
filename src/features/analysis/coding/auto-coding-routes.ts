import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canCode, canViewCoding } from '../../../platform/auth/roles.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { type IdParams, idParams, recordId } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import {
  type CandidateForm,
  presentDiscovery,
  presentLatestTraining,
  presentNextComments,
  presentRuns,
} from './auto-coding-presenters.js'
import type { AutoCodingService, DiscoveryResult } from './auto-coding-service.js'
import { parseCandidateForm, parseDiscoveryForm } from './forms.js'
import { codingBase as base, codingFraming, themeLabels, codingViews as views } from './presenters.js'
import type { CodingService } from './service.js'

// Auto-coding pages: train a model and see its quality, code next what the model is least sure
// about, and discover candidate themes to add to the codeframe.

export interface AutoCodingRouteOptions {
  consultations: ConsultationService
  coding: CodingService
  autoCoding: AutoCodingService
}

type Id = { Params: IdParams }
/** A discovery run's candidate, by its place in the run's list. */
const candidateParams = Type.Object({
  id: recordId,
  runId: recordId,
  index: Type.String({ pattern: '^[0-9]{1,6}$' }),
})
type Candidate = { Params: { id: string; runId: string; index: string } }

export async function autoCodingRoutes(app: FastifyInstance, options: AutoCodingRouteOptions) {
  const { consultations, coding, autoCoding } = options
  const loadConsultation = loadConsultationInPath(consultations)
  const view = { schema: { params: idParams }, preHandler: [requireRole(...canViewCoding), loadConsultation] }
  const code = { schema: { params: idParams }, preHandler: [requireRole(...canCode), loadConsultation] }

  // The model: its runs with their status, what it needs, and its held-out quality per theme.
  app.get<Id>('/admin/consultations/:id/coding/model', view, async (request, reply) => {
    const consultation = consultationInPath(request)
    const [{ runs, latest }, frame] = await Promise.all([
      autoCoding.runs(consultation.id, 'train'),
      coding.codeframe(consultation.id),
    ])
    return reply.page(`${views}/model.njk`, {
      ...codingFraming(
        request.currentUser,
        consultation,
        t('coding.titles.model', { title: consultation.title }),
      ),
      runs: presentRuns(runs),
      latest: latest && presentLatestTraining(latest, themeLabels(frame.themes)),
    })
  })

  app.post<Id>('/admin/consultations/:id/coding/model/train', code, async (request, reply) => {
    const consultation = consultationInPath(request)
    const run = await autoCoding.requestRun(consultation.id, 'train', staffActor(request))
    return reply.redirectWithFlash(
      `${base(consultation.id)}/model`,
      t(run.queued ? 'coding.flash.trainQueued' : 'coding.flash.alreadyQueued'),
    )
  })

  // Code these next: the comments the latest model is least sure about.
  app.get<Id>('/admin/consultations/:id/coding/next', view, async (request, reply) => {
    const consultation = consultationInPath(request)
    const [next, frame] = await Promise.all([
      autoCoding.nextToCode(consultation.id),
      coding.codeframe(consultation.id),
    ])
    return reply.page(`${views}/next.njk`, {
      ...codingFraming(
        request.currentUser,
        consultation,
        t('coding.titles.next', { title: consultation.title }),
      ),
      model: next.model,
      comments: presentNextComments(next.comments, themeLabels(frame.themes)),
    })
  })

  // Theme discovery: candidate themes with their top terms and typical comments.
  const showDiscovery = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: CandidateForm = {},
    status: number = HttpStatus.ok,
  ) => {
    const consultation = consultationInPath(request)
    const { runs, latest } = await autoCoding.runs(consultation.id, 'discover')
    const result = latest?.result as DiscoveryResult | undefined
    return reply.page(
      `${views}/discovery.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultation,
          t('coding.titles.discovery', { title: consultation.title }),
        ),
        runs: presentRuns(runs),
        ...presentDiscovery(latest, result, form),
      },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/coding/discovery', view, (request, reply) =>
    showDiscovery(request, reply),
  )

  app.post<Id>('/admin/consultations/:id/coding/discovery', code, async (request, reply) => {
    const consultation = consultationInPath(request)
    const form = parseDiscoveryForm(request.body)
    if (!form.ok)
      return reply.redirectWithFlash(
        `${base(consultation.id)}/discovery`,
        Object.values(form.errors).join(' '),
      )
    const run = await autoCoding.requestRun(consultation.id, 'discover', staffActor(request), form.value)
    return reply.redirectWithFlash(
      `${base(consultation.id)}/discovery`,
      t(run.queued ? 'coding.flash.discoveryQueued' : 'coding.flash.alreadyQueued'),
    )
  })

  app.post<Candidate>(
    '/admin/consultations/:id/coding/discovery/:runId/candidates/:index',
    { schema: { params: candidateParams }, preHandler: [requireRole(...canCode), loadConsultation] },
    async (request, reply) => {
      const { id, runId } = request.params
      const index = Number(request.params.index)
      const form = parseCandidateForm(request.body)
      const again = (errors: FieldErrors, values: Record<string, string>) =>
        showDiscovery(request, reply, { errors, values, index }, HttpStatus.badRequest)
      if (!form.ok) return again(form.errors, form.values)
      try {
        await autoCoding.adoptCandidate(id, runId, index, form.value, staffActor(request))
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return again(error.fieldErrors, request.body as Record<string, string>)
      }
      return reply.redirectWithFlash(
        `/admin/consultations/${id}/codeframe`,
        t('coding.flash.themeAdded', { code: form.value.code }),
      )
    },
  )
}
