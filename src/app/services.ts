import type { Kysely } from 'kysely'
import { createConsultationService } from '../features/consultations/service.js'
import { createDemoService } from '../features/demo/service.js'
import { createResponseService } from '../features/responses/service.js'
import { createUserService } from '../platform/auth/service.js'
import type { Database } from '../platform/db/schema.js'

export interface ServiceDeps {
  db: Kysely<Database>
  /** The clock every service reads; tests swap in a fixed one. */
  now: () => Date
}

export function createServices(deps: ServiceDeps) {
  const users = createUserService(deps)
  const consultations = createConsultationService(deps)
  const responses = createResponseService({ ...deps, consultations })
  const demo = createDemoService({ ...deps, consultations, responses, users })
  return { users, consultations, responses, demo }
}

export type Services = ReturnType<typeof createServices>
