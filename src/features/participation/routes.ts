import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../platform/auth/guards.js'
import { canExcludeResponses, canViewResponses, hasAnyRole } from '../../platform/auth/roles.js'
import { type FieldErrors, NotFoundError } from '../../platform/errors.js'
import { errorList, field } from '../../platform/http/forms.js'
import { type IdParams, idParams } from '../../platform/http/schemas.js'
import { HttpStatus } from '../../platform/http/status.js'
import { t } from '../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../consultations/index.js'
import {
  parseDecision,
  parseGroupExclusion,
  parseMemberPage,
  parsePage,
  parseProfileFilter,
} from './forms.js'
import { presentDashboard, presentGroup, presentPagination, scrutinyCsv, scrutinyRows } from './presenters.js'
import type { ParticipationService } from './service.js'

export interface ParticipationRouteOptions {
  consultations: ConsultationService
  participation: ParticipationService
  disclosureThreshold: number
}

type WithId = { Params: IdParams }

/** The page a refresh was asked from, to go back to: the dashboard, the scrutiny answer, else the groups. */
const refreshedFrom = (from: string | undefined) =>
  from === 'dashboard' ? '' : from === 'scrutiny' ? '/scrutiny' : '/groups'

export async function participationRoutes(app: FastifyInstance, options: ParticipationRouteOptions) {
  const { consultations, participation, disclosureThreshold: threshold } = options
  // Who may see a consultation's responses may see who was heard; only managers decide or exclude.
  const canView = { preHandler: requireRole(...canViewResponses) }
  const canDecide = { preHandler: requireRole(...canExcludeResponses) }
  const loadConsultation = loadConsultationInPath(consultations)
  // The role check runs first, so a wrong role is refused before the consultation is looked up.
  const withConsultation = (guard: typeof canView) => ({
    schema: { params: idParams },
    preHandler: [guard.preHandler, loadConsultation],
  })
  const withId = (guard: typeof canView) => ({ schema: { params: idParams }, ...guard })
  const canDecideNow = (request: FastifyRequest) =>
    hasAnyRole(request.currentUser?.roles ?? [], canExcludeResponses)

  app.get<WithId>(
    '/admin/consultations/:id/participation',
    withConsultation(canView),
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const status = await participation.storedFigures(consultation.id)
      const form = parseProfileFilter(
        request.query,
        (status.figures?.partners ?? []).map((p) => p.id),
      )
      const filter = form.ok ? form.value : {}
      const view = presentDashboard({
        consultation,
        status,
        filter,
        figures: status.figures && participation.dashboardFigures(status.figures, filter, threshold),
        threshold,
        canDecide: canDecideNow(request),
      })
      const errors = form.ok ? undefined : form.errors
      return reply.page(
        'features/participation/views/dashboard.njk',
        { ...view, errors, errorList: errors ? errorList(errors) : undefined },
        form.ok ? HttpStatus.ok : HttpStatus.badRequest,
      )
    },
  )

  app.post<WithId>(
    '/admin/consultations/:id/participation/detect',
    withConsultation(canDecide),
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const { queued } = await participation.requestDetection(consultation.id, staffActor(request))
      return reply.redirectWithFlash(
        `/admin/consultations/${consultation.id}/participation${refreshedFrom(field(request.body, 'from'))}`,
        t(queued ? 'participation.flash.detectionQueued' : 'participation.flash.detectionBusy'),
      )
    },
  )

  app.get<WithId>(
    '/admin/consultations/:id/participation/groups',
    withConsultation(canView),
    async (request, reply) => {
      const consultation = consultationInPath(request)
      // The estimate is the one the last run stored: counting it live reads every group.
      const [listed, figures, detection] = await Promise.all([
        participation.listGroupsPage(consultation.id, parsePage(request.query)),
        participation.storedFigures(consultation.id),
        participation.detectionStatus(consultation.id),
      ])
      const groupsUrl = `/admin/consultations/${consultation.id}/participation/groups`
      const pageTitle =
        listed.pages > 1
          ? t('participation.titles.groupsPage', {
              page: listed.page,
              pages: listed.pages,
              title: consultation.title,
            })
          : t('participation.titles.groups', { title: consultation.title })
      return reply.page('features/participation/views/groups.njk', {
        pageTitle,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${consultation.id}/participation`,
        consultation,
        estimate: figures.figures?.estimate,
        figures,
        listed,
        pagination: presentPagination(listed.page, listed.pages, (n) =>
          n === 1 ? groupsUrl : `${groupsUrl}?page=${n}`,
        ),
        detection,
        canDecide: canDecideNow(request),
      })
    },
  )

  const showGroup = async (
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> } = {},
    status: number = HttpStatus.ok,
  ) => {
    const page = parseMemberPage(request.query)
    if (!page) throw new NotFoundError('No such page of this group')
    const detail = await participation.getGroup(request.params.id, page)
    return reply.page(
      'features/participation/views/group.njk',
      {
        ...presentGroup(detail, canDecideNow(request)),
        errors: form.errors,
        errorList: form.errors ? errorList(form.errors) : undefined,
        values: form.values ?? {},
      },
      status,
    )
  }

  app.get<WithId>('/admin/participation/groups/:id', withId(canView), (request, reply) =>
    showGroup(request, reply),
  )

  app.post<WithId>('/admin/participation/groups/:id/decision', withId(canDecide), async (request, reply) => {
    const form = parseDecision(request.body)
    if (!form.ok) return showGroup(request, reply, form, HttpStatus.badRequest)
    await participation.decide(request.params.id, form.value.decision, form.value.reason, staffActor(request))
    return reply.redirectWithFlash(
      `/admin/participation/groups/${request.params.id}`,
      t(`participation.flash.${form.value.decision}`),
    )
  })

  app.post<WithId>('/admin/participation/groups/:id/exclude', withId(canDecide), async (request, reply) => {
    const form = parseGroupExclusion(request.body)
    if (!form.ok) return showGroup(request, reply, form, HttpStatus.badRequest)
    const changed = await participation.excludeFromGroup(
      request.params.id,
      form.value.responseId,
      form.value.reason,
      staffActor(request),
    )
    return reply.redirectWithFlash(
      `/admin/participation/groups/${request.params.id}`,
      t('flash.responseExcluded', { reference: changed.reference }),
    )
  })

  app.get<WithId>(
    '/admin/consultations/:id/participation/scrutiny',
    withId(canView),
    async (request, reply) => {
      const answer = await participation.scrutiny(request.params.id, threshold)
      return reply.page('features/participation/views/scrutiny.njk', {
        pageTitle: t('participation.titles.scrutiny', { title: answer.consultation.title }),
        activeNav: 'consultations',
        backHref: `/admin/consultations/${answer.consultation.id}/participation`,
        ...answer,
        rows: answer.figures ? scrutinyRows(answer.figures) : [],
        method: t('participation.method', { threshold }),
        canDecide: canDecideNow(request),
      })
    },
  )

  app.get<WithId>(
    '/admin/consultations/:id/participation/scrutiny.csv',
    withId(canView),
    async (request, reply) => {
      const answer = await participation.scrutiny(request.params.id, threshold)
      const { figures, status } = answer
      if (!figures || !status.computedAt)
        throw new NotFoundError('There are no figures to download until duplicates have been checked')
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${answer.consultation.slug}-who-responded.csv"`)
        .send(scrutinyCsv(figures, status.computedAt, t('participation.method', { threshold })))
    },
  )
}
