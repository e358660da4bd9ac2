import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canExcludeResponses, canViewResponses, hasAnyRole } from '../../../platform/auth/roles.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { errorList, selectItems } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import { channelLabel, presentAnswerRows, presentPerDay } from '../presenters.js'
import type { ResponseService } from '../service.js'
import { channels, flagFilters, parseReason, parseResponseFilters, statuses } from './filters.js'

export interface ResponseAdminRouteOptions {
  consultations: ConsultationService
  responses: ResponseService
}

type IdParams = { Params: { id: string } }

export async function responseAdminRoutes(app: FastifyInstance, options: ResponseAdminRouteOptions) {
  const { consultations, responses } = options
  const canView = { preHandler: requireRole(...canViewResponses) }
  const canExclude = { preHandler: requireRole(...canExcludeResponses) }

  app.get<IdParams>('/admin/consultations/:id/responses', canView, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const questionnaire = await consultations.getLatestQuestionnaire(consultation.id)
    const questions = allQuestions(questionnaire.definition)
    const query = request.query as Record<string, unknown>
    const form = parseResponseFilters(
      query,
      questions.map((q) => q.key),
    )
    const filters = form.ok ? form.value : {}
    const values: Record<string, string | undefined> = form.ok ? { ...filters } : form.values
    const page = Math.max(1, Number.parseInt(String(query.page ?? '1'), 10) || 1)
    const [found, counted] = await Promise.all([
      responses.findResponses(consultation.id, filters, page),
      responses.countResponses(consultation.id),
    ])
    // Page links keep the filters.
    const kept = new URLSearchParams()
    for (const [name, value] of Object.entries(form.ok ? filters : {}))
      if (value) kept.append(name, String(value))
    const pageHref = (n: number) => {
      const params = new URLSearchParams(kept)
      params.set('page', String(n))
      return `?${params.toString()}`
    }
    return reply.page(
      'features/responses/staff/views/admin-list.njk',
      {
        pageTitle: `Responses: ${consultation.title}`,
        activeNav: 'consultations',
        backHref: '/admin',
        consultation,
        counted,
        found,
        page,
        previousHref: page > 1 ? pageHref(page - 1) : undefined,
        nextHref: page < found.pages ? pageHref(page + 1) : undefined,
        values,
        errors: form.ok ? undefined : form.errors,
        errorList: form.ok ? undefined : errorList(form.errors),
        channelItems: selectItems(
          channels.map((c) => ({ value: c, text: channelLabel(c) })),
          values.channel,
          'filters.anyChannel',
        ),
        statusItems: selectItems(
          statuses.map((s) => ({ value: s, text: t(`responses.status.${s}`) })),
          values.status,
          'filters.anyStatus',
        ),
        questionItems: selectItems(
          questions.map((q) => ({ value: q.key, text: q.title })),
          values.question,
          'filters.anyQuestion',
        ),
        flagItems: selectItems(
          flagFilters.map((f) => ({ value: f, text: t(`flags.${f}`) })),
          values.flag,
          'filters.anyFlag',
        ),
        responses: found.rows.map((r) => ({
          ...r,
          channel: channelLabel(r.channel),
          flags: r.flags.map((f) => t(`flags.${f}`)),
        })),
      },
      form.ok ? HttpStatus.ok : HttpStatus.badRequest,
    )
  })

  app.get<IdParams>('/admin/consultations/:id/responses/per-day', canView, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const rows = await responses.countResponsesPerDay(consultation.id)
    return reply.page('features/responses/staff/views/admin-per-day.njk', {
      pageTitle: `Responses per day: ${consultation.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${consultation.id}/responses`,
      consultation,
      table: presentPerDay(rows),
    })
  })

  const showResponse = async (
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> } = {},
    status: number = HttpStatus.ok,
  ) => {
    const detail = await responses.getResponse(request.params.id)
    return reply.page(
      'features/responses/staff/views/admin-show.njk',
      {
        pageTitle: `Response ${detail.response.reference}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${detail.consultation.id}/responses`,
        ...detail,
        answerRows: presentAnswerRows(detail.questions),
        channel: channelLabel(detail.response.channel),
        flags: detail.response.flags.map((f) => t(`flags.${f}`)),
        canExclude: hasAnyRole(request.currentUser?.roles ?? [], canExcludeResponses),
        errors: form.errors,
        errorList: form.errors ? errorList(form.errors) : undefined,
        values: form.values ?? {},
      },
      status,
    )
  }

  app.get<IdParams>('/admin/responses/:id', canView, (request, reply) => showResponse(request, reply))

  for (const action of ['exclude', 'reinstate'] as const) {
    app.post<IdParams>(`/admin/responses/:id/${action}`, canExclude, async (request, reply) => {
      const missing =
        action === 'exclude'
          ? 'validation.exclusion.reasonMissing'
          : 'validation.exclusion.reinstateReasonMissing'
      const form = parseReason(request.body, missing)
      if (!form.ok) return showResponse(request, reply, form, HttpStatus.badRequest)
      const user = request.currentUser
      if (!user) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
      const actor = { userId: user.id, label: user.email }
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
