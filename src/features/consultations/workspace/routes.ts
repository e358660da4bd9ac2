import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canUseWorkspace } from '../../../platform/auth/roles.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { consultationInPath, loadConsultationInPath } from '../consultation-in-path.js'
import type { ConsultationService } from '../service.js'
import { presentOverview } from './presenters.js'
import type { WorkspaceService } from './service.js'

export interface WorkspaceRouteOptions {
  consultations: ConsultationService
  workspace: WorkspaceService
}

export async function workspaceRoutes(app: FastifyInstance, options: WorkspaceRouteOptions) {
  const { consultations, workspace } = options
  const inConsultation = {
    schema: { params: idParams },
    preHandler: [requireRole(...canUseWorkspace), loadConsultationInPath(consultations)],
  }

  app.get<{ Params: IdParams }>(
    '/admin/consultations/:id/overview',
    inConsultation,
    async (request, reply) => {
      const overview = await workspace.overview(consultationInPath(request))
      return reply.page(
        'features/consultations/workspace/views/overview.njk',
        presentOverview(overview, request.currentUser?.roles ?? []),
      )
    },
  )
}
