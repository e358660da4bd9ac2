import contentDisposition from 'content-disposition'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { requireRole } from '../../../platform/auth/guards.js'
import {
  canSetUpConsultations,
  canUseWorkspace,
  canViewAudit,
  canViewGovernance,
  canViewResponses,
  hasAnyRole,
  roles,
} from '../../../platform/auth/roles.js'
import { consultationSlug, recordId } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { presentPublicListItem, presentStaffListItem } from '../presenters.js'
import type { ConsultationService } from '../service.js'
import { downloadName } from '../setup/document-files.js'
import { extensionOf, presentPublicPage } from '../setup/presenters.js'
import type { ConsultationSetupService } from '../setup/service.js'

/** A public meeting that took the consultation up, as the governance feature lists them. */
export interface ConsultationMeetingLink {
  title: string
  meeting_id: string
  starts_at: Date
  committee_name: string
  committee_slug: string
}

export interface ConsultationRouteOptions {
  consultations: ConsultationService
  setup: ConsultationSetupService
  /**
   * The published Report of Findings, if there is one, for the public page to link to. Taken by
   * shape, so the consultations feature needs nothing of the reports feature.
   */
  publishedReport?: (slug: string) => Promise<{ href: string; version: number } | undefined>
  /**
   * The public meetings that took a consultation up. Given by the app rather than imported, since
   * the governance feature already depends on this one.
   */
  meetingsFor?: (consultationId: string) => Promise<ConsultationMeetingLink[]>
  /** Where the public reads "You said, we did", once a decision is recorded; taken by shape too. */
  youSaidWeDid?: (slug: string) => Promise<{ href: string } | undefined>
}

/** Staff who set consultations up may see a draft's public page before anyone else. */
const asStaff = (request: FastifyRequest) => ({
  asStaff: hasAnyRole(request.currentUser?.roles ?? [], canSetUpConsultations),
})

const slugParams = Type.Object({ slug: consultationSlug })
const documentParams = Type.Object({ slug: consultationSlug, documentId: recordId })

// Files a browser shows or plays itself open in place; others download.
const shownInline = new Set(['application/pdf', 'audio/mpeg', 'video/mp4'])

export async function consultationRoutes(app: FastifyInstance, options: ConsultationRouteOptions) {
  const { consultations, setup } = options

  app.get('/', { config: { access: 'public' } }, async (_request, reply) => {
    const [open, closed] = await Promise.all([consultations.listOpen(), consultations.listClosed()])
    return reply.page('features/consultations/public/views/index.njk', {
      pageTitle: t('consultations.titles.public'),
      activeNav: 'consultations',
      consultations: open.map(presentPublicListItem),
      closed: closed.map(presentPublicListItem),
    })
  })

  app.get<{ Params: Static<typeof slugParams> }>(
    '/consultations/:slug',
    { schema: { params: slugParams }, config: { access: 'public' } },
    async (request, reply) => {
      const page = await setup.getPublicPage(request.params.slug, asStaff(request))
      const [{ questionnaire }, meetings, report, followUp] = await Promise.all([
        consultations.openQuestionnaire(request.params.slug),
        options.meetingsFor?.(page.consultation.id) ?? [],
        options.publishedReport?.(request.params.slug),
        options.youSaidWeDid?.(request.params.slug),
      ])
      return reply.page('features/consultations/public/views/show.njk', {
        report,
        followUp,
        pageTitle: page.consultation.title,
        activeNav: 'consultations',
        page: presentPublicPage(page),
        canRespond: questionnaire !== undefined,
        meetings: meetings.map((m) => ({
          ...m,
          href: `/committees/${m.committee_slug}/meetings/${m.meeting_id}`,
        })),
      })
    },
  )

  app.get<{ Params: Static<typeof documentParams> }>(
    '/consultations/:slug/documents/:documentId',
    { schema: { params: documentParams }, config: { access: 'public' } },
    async (request, reply) => {
      const { slug, documentId } = request.params
      const file = await setup.getDocumentFile(slug, documentId, asStaff(request))
      const mediaType = file.media_type ?? 'application/octet-stream'
      const name = downloadName(file.title, extensionOf(mediaType))
      return reply
        .type(mediaType)
        .header(
          'content-disposition',
          contentDisposition(name, { type: shownInline.has(mediaType) ? 'inline' : 'attachment' }),
        )
        .header('etag', `"${file.sha256 ?? file.id}"`)
        .header('cache-control', 'public, max-age=300')
        .send(file.content)
    },
  )

  app.get('/admin', { preHandler: requireRole(...roles) }, async (request, reply) => {
    const userRoles = request.currentUser?.roles ?? []
    // Someone who only collects for a partner has nothing here: their work is on the partner home.
    if (!hasAnyRole(userRoles, canUseWorkspace)) return reply.redirect('/partner', HttpStatus.seeOther)
    const all = await consultations.listForStaff()
    return reply.page('features/consultations/setup/views/admin-index.njk', {
      pageTitle: t('consultations.titles.staff'),
      activeNav: 'consultations',
      canSetUp: asStaff(request).asStaff,
      canViewAudit: hasAnyRole(userRoles, canViewAudit),
      canSeeGovernance: hasAnyRole(userRoles, canViewGovernance),
      canSeeCounts: hasAnyRole(userRoles, canViewResponses),
      consultations: all.map((c) => presentStaffListItem(c, userRoles)),
    })
  })
}
