import type { FastifyRequest } from 'fastify'
import { staffBreadcrumbs } from '../../../platform/auth/staff-breadcrumbs.js'
import { NotFoundError } from '../../../platform/errors.js'
import { isRecordId } from '../../../platform/http/schemas.js'
import type { ViewModel } from '../../../platform/http/views.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ConsultationService } from '../service.js'
import { presentWorkspace } from './sections.js'

type ConsultationName = { id: string; title: string }

declare module 'fastify' {
  interface FastifyRequest {
    /** The consultation whose workspace this staff page belongs to, when it belongs to one. */
    workspaceConsultation?: ConsultationName
  }
}

const consultationPaths = '/admin/consultations/:id'

/**
 * A hook for every request: on a staff page under `/admin/consultations/:id`, finds which
 * consultation it belongs to, so the page can show that consultation's sections. An unknown id
 * is left for the route to refuse.
 */
export function findWorkspaceConsultation(consultations: Pick<ConsultationService, 'getById'>) {
  return async (request: FastifyRequest) => {
    if (!request.currentUser || !request.routeOptions.url?.startsWith(consultationPaths)) return
    const { id } = request.params as { id?: string }
    if (!id || !isRecordId(id)) return
    try {
      const found = await consultations.getById(id)
      request.workspaceConsultation = { id: found.id, title: found.title }
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error
    }
  }
}

type Crumb = { text: string; href: string }

// A page below a place that has no place of its own (a meeting, an agenda item) names the pages
// between as its `trail`, so its breadcrumbs lead back through them.
function trailOfModel(model: ViewModel): Crumb[] {
  const trail = model.trail
  if (!Array.isArray(trail)) return []
  return trail.filter((c): c is Crumb => typeof c?.text === 'string' && typeof c?.href === 'string')
}

function consultationOfModel(model: ViewModel): ConsultationName | undefined {
  const c = model.consultation
  if (typeof c !== 'object' || c === null) return undefined
  const { id, title } = c as Record<string, unknown>
  return typeof id === 'string' && typeof title === 'string' ? { id, title } : undefined
}

/**
 * What every staff page of a consultation adds to its view model: the workspace sections the
 * signed-in person may open, and breadcrumbs. Pages elsewhere (a response, an import) belong to
 * the consultation their model names; staff pages of no consultation get the breadcrumbs of
 * the staff places above them.
 */
export function workspacePageContext(request: FastifyRequest, model: ViewModel): ViewModel {
  const user = request.currentUser
  const path = request.url.split('?')[0] ?? request.url
  if (!user || !(path.startsWith('/admin/') || path.startsWith('/partner/'))) return {}
  const consultation = path.startsWith('/admin/')
    ? (request.workspaceConsultation ?? consultationOfModel(model))
    : undefined
  const trail = trailOfModel(model)
  const elsewhere = { breadcrumbs: [...staffBreadcrumbs(path, user.roles), ...trail] }
  if (!consultation) return elsewhere
  const workspace = presentWorkspace(consultation, user.roles, path)
  if (workspace.sections.length === 0) return elsewhere
  return {
    workspace,
    workspaceLabel: t('workspace.navigationLabel'),
    breadcrumbs: [...workspace.breadcrumbs, ...trail],
  }
}
