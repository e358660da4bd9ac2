import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canSetUpConsultations } from '../../../platform/auth/roles.js'
import type { ConsultationStatus } from '../../../platform/db/schema.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { field, formModel } from '../../../platform/http/forms.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { registerOneFileForms } from '../../../platform/http/uploads.js'
import { t } from '../../../platform/i18n/translate.js'
import { presentStatus } from '../presenters.js'
import {
  bodyValues,
  type ProposalParams,
  parseConsultationForm,
  parseDocumentForm,
  parseProposalForm,
  proposalParams,
} from './forms.js'
import { lifecycleOrder } from './lifecycle.js'
import {
  consultationFormValues,
  presentAdminView,
  presentDetailsForm,
  presentDocumentForm,
  presentProposalForm,
  proposalFormValues,
} from './presenters.js'
import type { ConsultationSetupService } from './service.js'

export interface ConsultationAdminRouteOptions {
  setup: ConsultationSetupService
  uploadLimitBytes: number
}

type WithId = { Params: IdParams }
type WithProposal = { Params: ProposalParams }
type FormState = { errors?: FieldErrors; values?: Record<string, string> }

/** Runs a service call; a refusal with field errors re-renders the form instead of leaving the page. */
async function orRender<T>(
  work: () => Promise<T>,
  render: (form: FormState, status: number) => FastifyReply | Promise<FastifyReply>,
  values: Record<string, string>,
  status: number = HttpStatus.conflict,
): Promise<T | FastifyReply> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ValidationError) return render({ errors: error.fieldErrors, values }, status)
    throw error
  }
}

export async function consultationAdminRoutes(app: FastifyInstance, options: ConsultationAdminRouteOptions) {
  const { setup, uploadLimitBytes } = options
  await registerOneFileForms(app, { fileSizeBytes: uploadLimitBytes, fields: 20 })
  const staff = { preHandler: requireRole(...canSetUpConsultations) }
  const withId = { ...staff, schema: { params: idParams } }
  const withProposal = { ...staff, schema: { params: proposalParams } }
  const base = (id: string) => `/admin/consultations/${id}`

  const renderDetailsForm = (reply: FastifyReply, id: string | undefined, form: FormState, status: number) =>
    reply.page(
      'features/consultations/setup/views/admin-form.njk',
      { ...presentDetailsForm(id), ...formModel(form) },
      status,
    )

  app.get('/admin/consultations/new', staff, (_request, reply) =>
    renderDetailsForm(reply, undefined, {}, HttpStatus.ok),
  )

  app.post('/admin/consultations', staff, async (request, reply) => {
    const form = parseConsultationForm(request.body)
    if (!form.ok) return renderDetailsForm(reply, undefined, form, HttpStatus.badRequest)
    const render = (state: FormState, status: number) => renderDetailsForm(reply, undefined, state, status)
    const id = await orRender(
      () => setup.create(form.value, staffActor(request)),
      render,
      bodyValues(request.body),
    )
    if (typeof id !== 'string') return id
    return reply.redirectWithFlash(base(id), t('consultationSetup.flash.created'))
  })

  app.get<WithId>('/admin/consultations/:id/edit', withId, async (request, reply) => {
    const view = await setup.getAdminView(request.params.id)
    return renderDetailsForm(
      reply,
      view.consultation.id,
      { values: consultationFormValues(view.consultation) },
      200,
    )
  })

  app.post<WithId>('/admin/consultations/:id', withId, async (request, reply) => {
    const { id } = request.params
    const form = parseConsultationForm(request.body)
    const render = (state: FormState, status: number) => renderDetailsForm(reply, id, state, status)
    if (!form.ok) return render(form, HttpStatus.badRequest)
    const done = await orRender(
      async () => (await setup.update(id, form.value, staffActor(request))) ?? true,
      render,
      bodyValues(request.body),
    )
    if (done !== true) return done
    return reply.redirectWithFlash(base(id), t('consultationSetup.flash.updated'))
  })

  const showConsultation = async (
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    form: FormState,
    status: number,
  ) => {
    const view = await setup.getAdminView(request.params.id)
    return reply.page(
      'features/consultations/setup/views/admin-show.njk',
      { ...presentAdminView(view), ...formModel(form) },
      status,
    )
  }

  app.get<WithId>('/admin/consultations/:id', withId, (request, reply) =>
    showConsultation(request, reply, {}, HttpStatus.ok),
  )

  app.post<WithId>('/admin/consultations/:id/status', withId, async (request, reply) => {
    const to = lifecycleOrder.find((s) => s === field(request.body, 'to')) as ConsultationStatus | undefined
    if (!to)
      return showConsultation(
        request,
        reply,
        { errors: { transition: t('consultationSetup.lifecycle.refused.notNext') } },
        HttpStatus.badRequest,
      )
    const render = (state: FormState, status: number) => showConsultation(request, reply, state, status)
    const done = await orRender(
      async () => (await setup.transition(request.params.id, to, staffActor(request))) ?? true,
      render,
      {},
    )
    if (done !== true) return done
    const flash = t('consultationSetup.flash.statusChanged', { status: presentStatus(to).text.toLowerCase() })
    return reply.redirectWithFlash(base(request.params.id), flash)
  })

  const renderProposalForm = async (
    reply: FastifyReply,
    consultationId: string,
    proposalId: string | undefined,
    form: FormState,
    status: number,
  ) => {
    const view = await setup.getAdminView(consultationId)
    return reply.page(
      'features/consultations/setup/views/admin-proposal-form.njk',
      { ...presentProposalForm(view.consultation, proposalId), ...formModel(form) },
      status,
    )
  }

  app.get<WithId>('/admin/consultations/:id/proposals/new', withId, (request, reply) =>
    renderProposalForm(reply, request.params.id, undefined, {}, HttpStatus.ok),
  )

  app.post<WithId>('/admin/consultations/:id/proposals', withId, async (request, reply) => {
    const { id } = request.params
    const form = parseProposalForm(request.body)
    if (!form.ok) return renderProposalForm(reply, id, undefined, form, HttpStatus.badRequest)
    await setup.addProposal(id, form.value, staffActor(request))
    return reply.redirectWithFlash(`${base(id)}#proposals`, t('consultationSetup.flash.proposalAdded'))
  })

  app.get<WithProposal>(
    '/admin/consultations/:id/proposals/:proposalId/edit',
    withProposal,
    async (request, reply) => {
      const { id, proposalId } = request.params
      const values = proposalFormValues(await setup.getProposal(id, proposalId))
      return renderProposalForm(reply, id, proposalId, { values }, HttpStatus.ok)
    },
  )

  app.post<WithProposal>(
    '/admin/consultations/:id/proposals/:proposalId',
    withProposal,
    async (request, reply) => {
      const { id, proposalId } = request.params
      const form = parseProposalForm(request.body)
      if (!form.ok) return renderProposalForm(reply, id, proposalId, form, HttpStatus.badRequest)
      await setup.updateProposal(id, proposalId, form.value, staffActor(request))
      return reply.redirectWithFlash(`${base(id)}#proposals`, t('consultationSetup.flash.proposalUpdated'))
    },
  )

  app.post<WithProposal>(
    '/admin/consultations/:id/proposals/:proposalId/move',
    withProposal,
    async (request, reply) => {
      const { id, proposalId } = request.params
      const direction = field(request.body, 'direction') === 'up' ? 'up' : 'down'
      await setup.moveProposal(id, proposalId, direction, staffActor(request))
      return reply.redirectWithFlash(`${base(id)}#proposals`, t('consultationSetup.flash.proposalMoved'))
    },
  )

  const renderDocumentForm = async (
    reply: FastifyReply,
    consultationId: string,
    form: FormState,
    status: number,
  ) => {
    const view = await setup.getAdminView(consultationId)
    return reply.page(
      'features/consultations/setup/views/admin-document-form.njk',
      { ...presentDocumentForm(view.consultation, form.values?.kind, uploadLimitBytes), ...formModel(form) },
      status,
    )
  }

  app.get<WithId>('/admin/consultations/:id/documents/new', withId, (request, reply) =>
    renderDocumentForm(reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<WithId>('/admin/consultations/:id/documents', withId, async (request, reply) => {
    const { id } = request.params
    const form = parseDocumentForm(request.body)
    if (!form.ok) return renderDocumentForm(reply, id, form, HttpStatus.badRequest)
    const render = (state: FormState, status: number) => renderDocumentForm(reply, id, state, status)
    const values = bodyValues(request.body)
    const added = await orRender(
      () => setup.addDocument(id, form.value, uploadLimitBytes, staffActor(request)),
      render,
      values,
      HttpStatus.unprocessable,
    )
    if (typeof added !== 'string') return added
    return reply.redirectWithFlash(`${base(id)}#documents`, t('consultationSetup.flash.documentAdded'))
  })
}
