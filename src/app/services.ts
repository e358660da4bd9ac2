import { createCodingService } from '../features/analysis/qualitative/coding-service.js'
import { createConsultationService } from '../features/consultations/service.js'
import { createDemoService } from '../features/demo/service.js'
import { createResponseService } from '../features/responses/service.js'
import { createUserService } from '../platform/auth/service.js'
import { withBulkCopy } from '../platform/db/bulk-copy.js'
import type { DatabaseHandle } from '../platform/db/database.js'

export interface ServiceDeps {
  database: DatabaseHandle
  /** The clock every service reads; tests swap in a fixed one. */
  now: () => Date
}

export function createServices(deps: ServiceDeps) {
  const base = { db: deps.database.db, now: deps.now }
  const users = createUserService(base)
  const consultations = createConsultationService(base)
  const responses = createResponseService({ ...base, consultations })
  const demo = createDemoService({
    ...base,
    bulkCopy: (work) => withBulkCopy(deps.database, work),
    consultations,
    responses,
    users,
  })
  const coding = createCodingService({ ...base, consultations })
  return { users, consultations, responses, demo, coding }
}

export type Services = ReturnType<typeof createServices>
