import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import contentDisposition from 'content-disposition'
import type { FastifyInstance } from 'fastify'
import { requireRole, staffActor } from '../../platform/auth/guards.js'
import { canApproveReports, canViewReports, canWriteReports, hasAnyRole } from '../../platform/auth/roles.js'
import { NotFoundError } from '../../platform/errors.js'
import { idParams } from '../../platform/http/schemas.js'
import { HttpStatus } from '../../platform/http/status.js'
import { t } from '../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../consultations/index.js'
import {
  downloadParams,
  parseDirection,
  parseSectionForm,
  publicDownloadParams,
  publicEditionParams,
  sectionParams,
} from './forms.js'
import { presentEdition } from './html-edition.js'
import { editions } from './model.js'
import { presentOverview, presentSectionForm, reportPath } from './presenters.js'
import { ApprovalRefusedError, contentTypes, type ReportService } from './service.js'

export interface ReportRouteOptions {
  consultations: ConsultationService
  reports: ReportService
}

const fileName = (slug: string, edition: string, version: number, format: string) =>
  `${slug}-report-${edition}-v${version}.${format}`

export async function reportRoutes(fastify: FastifyInstance, options: ReportRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { reports } = options
  const loadConsultation = loadConsultationInPath(options.consultations)
  const asViewer = {
    schema: { params: idParams },
    preHandler: [requireRole(...canViewReports), loadConsultation],
  }
  const asWriter = {
    schema: { params: idParams },
    preHandler: [requireRole(...canWriteReports), loadConsultation],
  }
  const onSection = {
    schema: { params: sectionParams },
    preHandler: [requireRole(...canWriteReports), loadConsultation],
  }
  const may = (roles: readonly string[]) => ({
    write: hasAnyRole(roles, canWriteReports),
    approve: hasAnyRole(roles, canApproveReports),
  })

  app.get('/admin/consultations/:id/report', asViewer, async (request, reply) => {
    const overview = await reports.overview(consultationInPath(request).id)
    return reply.page(
      'features/reports/views/overview.njk',
      presentOverview(overview, may(request.currentUser?.roles ?? [])),
    )
  })

  app.post('/admin/consultations/:id/report/drafts', asWriter, async (request, reply) => {
    const { id } = consultationInPath(request)
    const { version } = await reports.startDraft(id, staffActor(request))
    return reply.redirectWithFlash(reportPath(id), t('reports.flash.draftStarted', { version }))
  })

  app.post('/admin/consultations/:id/report/evidence', asWriter, async (request, reply) => {
    const { id } = consultationInPath(request)
    const { queued } = await reports.requestEvidence(id, staffActor(request))
    return reply.redirectWithFlash(
      reportPath(id),
      t(queued ? 'reports.flash.evidenceQueued' : 'reports.flash.evidenceGathered'),
    )
  })

  app.get('/admin/consultations/:id/report/sections/:index', onSection, async (request, reply) => {
    const consultation = consultationInPath(request)
    const { section } = await reports.section(consultation.id, request.params.index)
    return reply.page(
      'features/reports/views/section.njk',
      presentSectionForm(consultation, request.params.index, section),
    )
  })

  app.post('/admin/consultations/:id/report/sections/:index', onSection, async (request, reply) => {
    const consultation = consultationInPath(request)
    const { index } = request.params
    const form = parseSectionForm(request.body)
    if (!form.ok) {
      const { section } = await reports.section(consultation.id, index)
      return reply.page(
        'features/reports/views/section.njk',
        presentSectionForm(consultation, index, section, form),
        HttpStatus.badRequest,
      )
    }
    await reports.updateSection(consultation.id, index, form.value, staffActor(request))
    return reply.redirectWithFlash(
      reportPath(consultation.id),
      t('reports.flash.sectionSaved', { heading: form.value.heading }),
    )
  })

  app.post('/admin/consultations/:id/report/sections/:index/move', onSection, async (request, reply) => {
    const { id } = consultationInPath(request)
    const direction = parseDirection(request.body)
    if (!direction) throw new NotFoundError('No such direction')
    await reports.moveSection(id, request.params.index, direction, staffActor(request))
    return reply.redirect(`${reportPath(id)}#sections`, HttpStatus.seeOther)
  })

  app.post(
    '/admin/consultations/:id/report/approve',
    { schema: { params: idParams }, preHandler: [requireRole(...canApproveReports), loadConsultation] },
    async (request, reply) => {
      const { id } = consultationInPath(request)
      try {
        const { version } = await reports.approve(id, staffActor(request))
        return reply.redirectWithFlash(reportPath(id), t('reports.flash.approved', { version }))
      } catch (error) {
        if (!(error instanceof ApprovalRefusedError)) throw error
        const overview = await reports.overview(id)
        return reply.page(
          'features/reports/views/overview.njk',
          presentOverview(overview, may(request.currentUser?.roles ?? []), error.refusals),
          HttpStatus.unprocessable,
        )
      }
    },
  )

  app.get(
    '/admin/consultations/:id/report/download/:edition/:format',
    { schema: { params: downloadParams }, preHandler: [requireRole(...canViewReports), loadConsultation] },
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const { edition, format } = request.params
      const { body, snapshot } = await reports.build(consultation.id, edition, format)
      return reply
        .type(contentTypes[format])
        .header(
          'content-disposition',
          contentDisposition(fileName(consultation.slug, edition, snapshot.version, format)),
        )
        .send(body)
    },
  )

  // The public side: only approved versions, the newest one.
  app.get(
    '/consultations/:slug/report/:edition',
    { schema: { params: publicEditionParams }, config: { access: 'public' } },
    async (request, reply) => {
      const { slug, edition } = request.params
      const published = await reports.published(slug)
      if (!published) throw new NotFoundError('No published report')
      const doc = reports.buildEdition(published.snapshot, edition, published.hash)
      return reply.page('features/reports/views/public.njk', {
        pageTitle: doc.title,
        activeNav: 'consultations',
        backHref: `/consultations/${slug}`,
        ...presentEdition(doc),
        changes: published.changes,
        otherEditions: editions
          .filter((e) => e !== edition)
          .map((e) => ({
            href: `/consultations/${slug}/report/${e}`,
            text: t(`reports.editions.${e}.name`),
          })),
        downloads: (['pdf', 'docx', 'xlsx'] as const).map((format) => ({
          href: `/consultations/${slug}/report/${edition}/${format}`,
          text: t(`reports.formats.${format}`),
        })),
      })
    },
  )

  app.get(
    '/consultations/:slug/report/:edition/:format',
    { schema: { params: publicDownloadParams }, config: { access: 'public' } },
    async (request, reply) => {
      const { slug, edition, format } = request.params
      const published = await reports.published(slug)
      if (!published) throw new NotFoundError('No published report')
      const body = await reports.render(published.snapshot, published.hash, edition, format)
      return reply
        .type(contentTypes[format])
        .header(
          'content-disposition',
          contentDisposition(fileName(slug, edition, published.snapshot.version, format)),
        )
        .header('etag', `"${published.hash}-${edition}-${format}"`)
        .send(body)
    },
  )
}
