import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canViewAudit } from '../../../platform/auth/roles.js'
import { HttpStatus } from '../../../platform/http/status.js'
import type { ConsultationService } from '../../consultations/index.js'
import { parseAuditFilters } from './filters.js'
import { presentAuditList } from './presenters.js'
import type { AuditService } from './service.js'

export interface AuditRouteOptions {
  audit: AuditService
  consultations: ConsultationService
}

export async function auditRoutes(app: FastifyInstance, options: AuditRouteOptions) {
  const { audit, consultations } = options

  app.get('/admin/audit', { preHandler: requireRole(...canViewAudit) }, async (request, reply) => {
    const form = parseAuditFilters(request.query)
    const [found, all] = await Promise.all([
      form.ok ? audit.listEntries(form.value) : { entries: [], olderBefore: undefined, unknownPerson: false },
      consultations.listForStaff(),
    ])
    return reply.page(
      'features/evidence/audit/views/admin-list.njk',
      presentAuditList({ form, found, consultations: all }),
      form.ok ? HttpStatus.ok : HttpStatus.badRequest,
    )
  })
}
