import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canCode, canViewCoding } from '../../../platform/auth/roles.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { errorList } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ConsultationService } from '../../consultations/index.js'
import type { AutoCodingService, DiscoveryResult, TrainingResult } from './auto-coding-service.js'
import { isUuid, parseCandidateForm } from './forms.js'
import {
  codingBase as base,
  codingFraming,
  presentQuality,
  presentRuns,
  themeLabels,
  codingViews as views,
} from './presenters.js'
import type { CodingService } from './service.js'

// Auto-coding pages: train a model and see its quality, code next what the model is least sure
// about, and discover candidate themes to add to the codeframe.

export interface AutoCodingRouteOptions {
  consultations: ConsultationService
  coding: CodingService
  autoCoding: AutoCodingService
}

type Id = { Params: { id: string } }
type Candidate = { Params: { id: string; runId: string; index: string } }
type Form = { errors?: FieldErrors; values?: Record<string, string>; index?: number }

export async function autoCodingRoutes(app: FastifyInstance, options: AutoCodingRouteOptions) {
  const { consultations, coding, autoCoding } = options
  const view = { preHandler: requireRole(...canViewCoding) }
  const code = { preHandler: requireRole(...canCode) }

  // The model: its runs with their status, what it needs, and its held-out quality per theme.
  app.get<Id>('/admin/consultations/:id/coding/model', view, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const [{ runs, latest }, frame] = await Promise.all([
      autoCoding.runs(consultation.id, 'train'),
      coding.codeframe(consultation.id),
    ])
    const labels = themeLabels(frame.themes)
    return reply.page(`${views}/model.njk`, {
      ...codingFraming(request.currentUser, consultation, `Auto-coding model: ${consultation.title}`),
      runs: presentRuns(runs),
      latest: latest && {
        model: latest.model_name ? `${latest.model_name} version ${latest.model_version}` : '',
        finishedAt: latest.finished_at,
        ...presentQuality(latest.result as TrainingResult, labels),
      },
    })
  })

  app.post<Id>('/admin/consultations/:id/coding/model/train', code, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const run = await autoCoding.requestRun(consultation.id, 'train', staffActor(request))
    return reply.redirectWithFlash(
      `${base(consultation.id)}/model`,
      t(run.queued ? 'coding.flash.trainQueued' : 'coding.flash.alreadyQueued'),
    )
  })

  // Code these next: the comments the latest model is least sure about.
  app.get<Id>('/admin/consultations/:id/coding/next', view, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const [next, frame] = await Promise.all([
      autoCoding.nextToCode(consultation.id),
      coding.codeframe(consultation.id),
    ])
    const labels = themeLabels(frame.themes)
    return reply.page(`${views}/next.njk`, {
      ...codingFraming(request.currentUser, consultation, `Code these next: ${consultation.title}`),
      model: next.model,
      comments: next.comments.map((c) => ({
        ...c,
        excerpt: c.text.length > 300 ? `${c.text.slice(0, 300)}…` : c.text,
        theme: labels.get(c.themeId) ?? c.themeId,
        uncertainty: Math.round(c.uncertainty * 100),
      })),
    })
  })

  // Theme discovery: candidate themes with their top terms and typical comments.
  const showDiscovery = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    form: Form = {},
    status: number = HttpStatus.ok,
  ) => {
    const consultation = await consultations.getById(request.params.id)
    const { runs, latest } = await autoCoding.runs(consultation.id, 'discover')
    const result = latest?.result as DiscoveryResult | undefined
    return reply.page(
      `${views}/discovery.njk`,
      {
        ...codingFraming(request.currentUser, consultation, `Theme discovery: ${consultation.title}`),
        runs: presentRuns(runs),
        latest: latest && result && { id: latest.id, finishedAt: latest.finished_at, ...result },
        candidates: (result?.candidates ?? []).map((c, index) => ({
          ...c,
          index,
          percent: Math.round(c.share * 1000) / 10,
          label: c.terms.slice(0, 3).join(', '),
          errors: form.index === index ? form.errors : undefined,
          values: form.index === index ? form.values : undefined,
        })),
        // Each candidate has its own form, so the summary links to that form's fields.
        errorList: form.errors
          ? errorList(form.errors).map((e) => ({ ...e, href: `${e.href}-${form.index}` }))
          : undefined,
      },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/coding/discovery', view, (request, reply) =>
    showDiscovery(request, reply),
  )

  app.post<Id>('/admin/consultations/:id/coding/discovery', code, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const run = await autoCoding.requestRun(consultation.id, 'discover', staffActor(request))
    return reply.redirectWithFlash(
      `${base(consultation.id)}/discovery`,
      t(run.queued ? 'coding.flash.discoveryQueued' : 'coding.flash.alreadyQueued'),
    )
  })

  app.post<Candidate>(
    '/admin/consultations/:id/coding/discovery/:runId/candidates/:index',
    code,
    async (request, reply) => {
      const { id, runId } = request.params
      const index = Number(request.params.index)
      if (!isUuid(runId) || !Number.isInteger(index) || index < 0) return reply.callNotFound()
      const form = parseCandidateForm(request.body)
      const again = (errors: FieldErrors, values: Record<string, string>) =>
        showDiscovery(
          request as unknown as FastifyRequest<Id>,
          reply,
          { errors, values, index },
          HttpStatus.badRequest,
        )
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
