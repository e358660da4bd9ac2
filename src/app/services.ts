import { createConsultationService } from '../features/consultations/service.js'
import { createDemoService } from '../features/demo/service.js'
import { createJourneyService } from '../features/responses/journey-service.js'
import { createResponseService } from '../features/responses/service.js'
import { createUserService } from '../platform/auth/service.js'
import { withBulkCopy } from '../platform/db/bulk-copy.js'
import type { DatabaseHandle } from '../platform/db/database.js'
import { createMailer, type Mailer } from '../platform/mail/mailer.js'

export interface ServiceDeps {
  database: DatabaseHandle
  /** The clock every service reads; tests swap in a fixed one. */
  now: () => Date
  /** Minutes after the close during which a form started before it may still be sent (default 30). */
  submitGraceMinutes?: number
  /** Sends mail to respondents; by default, without SMTP, messages go to the outbox table. */
  mailer?: Mailer
}

export function createServices(deps: ServiceDeps) {
  const base = { db: deps.database.db, now: deps.now }
  const users = createUserService(base)
  const consultations = createConsultationService(base)
  const responses = createResponseService({ ...base, consultations })
  const journeys = createJourneyService({
    ...base,
    consultations,
    responses,
    mailer: deps.mailer ?? createMailer({ db: base.db, smtpUrl: undefined, from: '' }),
    graceMinutes: deps.submitGraceMinutes ?? 30,
  })
  const demo = createDemoService({
    ...base,
    bulkCopy: (work) => withBulkCopy(deps.database, work),
    consultations,
    responses,
    users,
  })
  return { users, consultations, responses, journeys, demo }
}

export type Services = ReturnType<typeof createServices>
