import { createCodingService } from '../features/analysis/qualitative/coding-service.js'
import { createAnalysisService } from '../features/analysis/service.js'
import { createQuestionnaireService } from '../features/consultations/questionnaire-service.js'
import { createConsultationService } from '../features/consultations/service.js'
import { createConsultationSetupService } from '../features/consultations/setup-service.js'
import { createDemoService } from '../features/demo/service.js'
import { createParticipationService } from '../features/participation/service.js'
import { createJourneyService } from '../features/responses/journey-service.js'
import { createPaperService } from '../features/responses/paper-service.js'
import { createResponseService } from '../features/responses/service.js'
import { createUserService } from '../platform/auth/service.js'
import { withBulkCopy } from '../platform/db/bulk-copy.js'
import type { DatabaseHandle } from '../platform/db/database.js'
import type { JobQueue } from '../platform/jobs/jobs.js'
import { createMailer, type Mailer } from '../platform/mail/mailer.js'
import { defaultDisclosureThreshold } from './config.js'

export interface ServiceDeps {
  database: DatabaseHandle
  /** The clock every service reads; tests swap in a fixed one. */
  now: () => Date
  /** Minutes after the close during which a form started before it may still be sent (default 30). */
  submitGraceMinutes?: number
  /** Sends mail to respondents; by default, without SMTP, messages go to the outbox table. */
  mailer?: Mailer
  /** Counts from 1 to this − 1 are hidden in analysis (the configured default when not given). */
  disclosureThreshold?: number
  /** Where background jobs are sent (pg-boss once started; tests record them). */
  jobs?: JobQueue
}

export function createServices(deps: ServiceDeps) {
  const base = { db: deps.database.db, now: deps.now }
  const users = createUserService(base)
  const consultations = createConsultationService(base)
  const consultationSetup = createConsultationSetupService(base)
  const responses = createResponseService({ ...base, consultations })
  const questionnaires = createQuestionnaireService(base)
  const paper = createPaperService({ ...base, consultations })
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
    consultationSetup,
    responses,
    users,
  })
  const analysis = createAnalysisService({
    ...base,
    consultations,
    disclosureThreshold: deps.disclosureThreshold ?? defaultDisclosureThreshold,
  })
  const participation = createParticipationService({ ...base, consultations, responses, jobs: deps.jobs })
  const coding = createCodingService({ ...base, consultations })
  return {
    users,
    consultations,
    consultationSetup,
    questionnaires,
    responses,
    journeys,
    demo,
    analysis,
    participation,
    coding,
    paper,
  }
}

export type Services = ReturnType<typeof createServices>
