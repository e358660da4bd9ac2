import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { systemActor } from '../../platform/audit/audit-log.js'
import { requireRole } from '../../platform/auth/guards.js'
import { canExcludeResponses, canViewResponses, hasAnyRole } from '../../platform/auth/roles.js'
import type { FieldErrors } from '../../platform/errors.js'
import { errorList } from '../../platform/http/forms.js'
import { HttpStatus } from '../../platform/http/status.js'
import { t } from '../../platform/i18n/translate.js'
import type { ConsultationService } from '../consultations/index.js'
import { channels } from '../responses/index.js'
import { parseDecision, parseGroupExclusion, parsePage, parseProfileFilter } from './forms.js'
import {
  presentPagination,
  presentProfileTable,
  presentReachTable,
  scrutinyCsv,
  scrutinyRows,
} from './presenters.js'
import type { ParticipationService } from './service.js'

export interface ParticipationRouteOptions {
  consultations: ConsultationService
  participation: ParticipationService
  disclosureThreshold: number
}

type IdParams = { Params: { id: string } }

export async function participationRoutes(app: FastifyInstance, options: ParticipationRouteOptions) {
  const { consultations, participation, disclosureThreshold: threshold } = options
  // Who may see a consultation's responses may see who was heard; only managers decide or exclude.
  const canView = { preHandler: requireRole(...canViewResponses) }
  const canDecide = { preHandler: requireRole(...canExcludeResponses) }
  const staff = (request: FastifyRequest) => {
    const user = request.currentUser
    return user ? { userId: user.id, label: user.email } : undefined
  }

  app.get<IdParams>('/admin/consultations/:id/participation', canView, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const partners = await participation.listPartners(consultation.id)
    const form = parseProfileFilter(
      request.query,
      partners.map((p) => p.id),
    )
    const filter = form.ok ? form.value : {}
    const detection = await participation.refreshDetection(consultation.id, systemActor)
    const [profile, reach, estimate] = await Promise.all([
      participation.profile(consultation.id, filter, threshold),
      participation.reach(consultation.id, filter, threshold),
      participation.estimate(consultation.id),
    ])
    return reply.page(
      'features/participation/views/dashboard.njk',
      {
        pageTitle: `Who we heard from: ${consultation.title}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${consultation.id}/responses`,
        consultation,
        estimate,
        detection,
        threshold,
        method: t('participation.method', { threshold }),
        profile: { ...profile, tables: profile.tables.map(presentProfileTable) },
        channelTable: presentProfileTable(profile.channels),
        partnerTable: presentProfileTable(profile.partners),
        reach: reach.available ? { ...reach, tables: reach.tables.map(presentReachTable) } : reach,
        channelItems: [
          { value: '', text: t('filters.anyChannel') },
          ...channels.map((c) => ({ value: c, text: c, selected: filter.channel === c })),
        ],
        partnerItems: [
          { value: '', text: t('participation.anyPartner') },
          ...partners.map((p) => ({ value: p.id, text: p.name, selected: filter.partnerId === p.id })),
        ],
        canDecide: hasAnyRole(request.currentUser?.roles ?? [], canExcludeResponses),
        errors: form.ok ? undefined : form.errors,
        errorList: form.ok ? undefined : errorList(form.errors),
      },
      form.ok ? HttpStatus.ok : HttpStatus.badRequest,
    )
  })

  app.post<IdParams>('/admin/consultations/:id/participation/detect', canDecide, async (request, reply) => {
    const actor = staff(request)
    if (!actor) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    const consultation = await consultations.getById(request.params.id)
    const { queued } = await participation.requestDetection(consultation.id, actor)
    return reply.redirectWithFlash(
      `/admin/consultations/${consultation.id}/participation/groups`,
      t(queued ? 'participation.flash.detectionQueued' : 'participation.flash.detectionBusy'),
    )
  })

  app.get<IdParams>('/admin/consultations/:id/participation/groups', canView, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const [listed, estimate, detection] = await Promise.all([
      participation.listGroupsPage(consultation.id, parsePage(request.query)),
      participation.estimate(consultation.id),
      participation.detectionStatus(consultation.id),
    ])
    const groupsUrl = `/admin/consultations/${consultation.id}/participation/groups`
    return reply.page('features/participation/views/groups.njk', {
      pageTitle: `Duplicates and campaigns${listed.pages > 1 ? ` (page ${listed.page} of ${listed.pages})` : ''}: ${consultation.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${consultation.id}/participation`,
      consultation,
      estimate,
      listed,
      pagination: presentPagination(listed.page, listed.pages, (n) =>
        n === 1 ? groupsUrl : `${groupsUrl}?page=${n}`,
      ),
      detection,
      canDecide: hasAnyRole(request.currentUser?.roles ?? [], canExcludeResponses),
    })
  })

  const showGroup = async (
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> } = {},
    status: number = HttpStatus.ok,
  ) => {
    const detail = await participation.getGroup(request.params.id)
    return reply.page(
      'features/participation/views/group.njk',
      {
        pageTitle: `${t(`participation.tier.${detail.group.tier}`)}: ${detail.consultation.title}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${detail.consultation.id}/participation/groups`,
        ...detail,
        tierLabel: t(`participation.tier.${detail.group.tier}`),
        reasons: ((detail.group.evidence.reasons as string[] | undefined) ?? []).map((r) =>
          t(`participation.reason.${r}`),
        ),
        canDecide: hasAnyRole(request.currentUser?.roles ?? [], canExcludeResponses),
        errors: form.errors,
        errorList: form.errors ? errorList(form.errors) : undefined,
        values: form.values ?? {},
      },
      status,
    )
  }

  app.get<IdParams>('/admin/participation/groups/:id', canView, (request, reply) => showGroup(request, reply))

  app.post<IdParams>('/admin/participation/groups/:id/decision', canDecide, async (request, reply) => {
    const form = parseDecision(request.body)
    if (!form.ok) return showGroup(request, reply, form, HttpStatus.badRequest)
    const actor = staff(request)
    if (!actor) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    await participation.decide(request.params.id, form.value.decision, form.value.reason, actor)
    return reply.redirectWithFlash(
      `/admin/participation/groups/${request.params.id}`,
      t(`participation.flash.${form.value.decision}`),
    )
  })

  app.post<IdParams>('/admin/participation/groups/:id/exclude', canDecide, async (request, reply) => {
    const form = parseGroupExclusion(request.body)
    if (!form.ok) return showGroup(request, reply, form, HttpStatus.badRequest)
    const actor = staff(request)
    if (!actor) return reply.redirect('/admin/sign-in', HttpStatus.seeOther)
    const changed = await participation.excludeFromGroup(
      request.params.id,
      form.value.responseId,
      form.value.reason,
      actor,
    )
    return reply.redirectWithFlash(
      `/admin/participation/groups/${request.params.id}`,
      t('flash.responseExcluded', { reference: changed.reference }),
    )
  })

  app.get<IdParams>('/admin/consultations/:id/participation/scrutiny', canView, async (request, reply) => {
    const answer = await participation.scrutiny(request.params.id, threshold, systemActor)
    const method = t('participation.method', { threshold })
    return reply.page('features/participation/views/scrutiny.njk', {
      pageTitle: `Who responded: ${answer.consultation.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${answer.consultation.id}/participation`,
      ...answer,
      rows: scrutinyRows(answer),
      method,
    })
  })

  app.get<IdParams>(
    '/admin/consultations/:id/participation/scrutiny.csv',
    canView,
    async (request, reply) => {
      const answer = await participation.scrutiny(request.params.id, threshold, systemActor)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${answer.consultation.slug}-who-responded.csv"`)
        .send(scrutinyCsv(answer, t('participation.method', { threshold })))
    },
  )
}
