import type { Writable } from 'node:stream'
import { createDemoService } from '../demo/service.js'
import {
  createAnalysisService,
  createAutoCodingService,
  createCodingService,
} from '../features/analysis/index.js'
import {
  createConsultationService,
  createConsultationSetupService,
  createQuestionnaireService,
  createWorkspaceService,
} from '../features/consultations/index.js'
import { createDecisionService, decisionEvidenceSources } from '../features/decisions/index.js'
import { createAuditService, createEvidencePackService } from '../features/evidence/index.js'
import { createGovernanceService, governanceEvidenceSource } from '../features/governance/index.js'
import { createParticipationService } from '../features/participation/index.js'
import { createProcessingRecordService, createSubjectRequestService } from '../features/privacy/index.js'
import { createExportService, createReportService, reportEvidenceSource } from '../features/reports/index.js'
import {
  createCorrespondenceService,
  createEventService,
  createImportService,
  createJourneyService,
  createPaperService,
  createPartnerService,
  createRecordedEntry,
  createResponseService,
  type ImportRequest,
} from '../features/responses/index.js'
import { systemActor } from '../platform/audit/audit-log.js'
import { createAuditSealer } from '../platform/audit/audit-sealer.js'
import type { PasswordHashCost } from '../platform/auth/passwords.js'
import { createSecurityKeyService } from '../platform/auth/security-key-service.js'
import { createUserService } from '../platform/auth/service.js'
import { createStaffService } from '../platform/auth/staff/service.js'
import { createTwoFactorService } from '../platform/auth/two-factor-service.js'
import { copyOut, withBulkCopy } from '../platform/db/bulk-copy.js'
import type { DatabaseHandle } from '../platform/db/database.js'
import { createReadSnapshot } from '../platform/db/snapshot.js'
import { createViews } from '../platform/http/views.js'
import type { JobQueue } from '../platform/jobs/jobs.js'
import { createLogger, type Logger } from '../platform/logging/logger.js'
import { createMailer, type Mailer } from '../platform/mail/mailer.js'
import { defaultDisclosureThreshold, defaultImportLimitBytes } from './config.js'

export interface ServiceDeps {
  database: DatabaseHandle
  /** The clock every service reads; tests swap in a fixed one. */
  now: () => Date
  /** Minutes after the close during which a form started before it may still be sent (default 30). */
  submitGraceMinutes?: number
  /** Sends mail to respondents and committee reminders; by default, without SMTP, messages go to the outbox table. */
  mailer?: Mailer
  /** Counts from 1 to this − 1 are hidden in analysis (the configured default when not given). */
  disclosureThreshold?: number
  /** Where failures that no request sees are told (sealing queued audit entries); silent if not given. */
  logger?: Logger
  /** The largest import file accepted, in bytes (the configured default when not given). */
  importLimitBytes?: number
  /** Hands an import to the job queue, saying whether it did; if not, imports run in this process. */
  dispatchImport?: (request: ImportRequest) => Promise<boolean>
  /** Where background jobs are sent (pg-boss once started; tests record them). */
  jobs?: JobQueue
  /** The site's address, for links in files that leave it (report spreadsheets); none in tests. */
  baseUrl?: string
  /** The work a password hash takes; OWASP's recommendation unless a test asks for less. */
  passwordHashCost?: PasswordHashCost
}

export function createServices(deps: ServiceDeps) {
  const base = { db: deps.database.db, now: deps.now }
  const users = createUserService({ ...base, passwordHashCost: deps.passwordHashCost })
  const twoFactor = createTwoFactorService(base)
  const securityKeys = createSecurityKeyService(base)
  const consultations = createConsultationService(base)
  const consultationSetup = createConsultationSetupService(base)
  const workspace = createWorkspaceService(base)
  const logger = deps.logger ?? createLogger('silent')
  const auditSealer = createAuditSealer(base.db, (error) =>
    logger.error({ err: error }, 'sealing queued audit entries failed; they stay queued'),
  )
  const responses = createResponseService({ ...base, consultations, auditSealer })
  const questionnaires = createQuestionnaireService(base)
  const paper = createPaperService({ ...base, consultations })
  const mailer = deps.mailer ?? createMailer({ db: base.db, smtpUrl: undefined, from: '' })
  const staff = createStaffService({ ...base, mailer, passwordHashCost: deps.passwordHashCost })
  const journeys = createJourneyService({
    ...base,
    consultations,
    responses,
    mailer,
    graceMinutes: deps.submitGraceMinutes ?? 30,
  })
  const governance = createGovernanceService({ ...base, mailer, consultations })
  const participation = createParticipationService({ ...base, consultations, responses, jobs: deps.jobs })
  const analysis = createAnalysisService({
    ...base,
    readSnapshot: createReadSnapshot(deps.database),
    consultations,
    participation,
    disclosureThreshold: deps.disclosureThreshold ?? defaultDisclosureThreshold,
  })
  const coding = createCodingService({ ...base, consultations })
  const imports = createImportService({
    database: deps.database,
    now: deps.now,
    consultations,
    uploadLimitBytes: deps.importLimitBytes ?? defaultImportLimitBytes,
    ...(deps.dispatchImport ? { dispatch: deps.dispatchImport } : {}),
  })
  const recorded = createRecordedEntry({ ...base, consultations })
  const events = createEventService({ ...base, consultations, recorded })
  const correspondence = createCorrespondenceService({ ...base, consultations, recorded })
  const partners = createPartnerService({ ...base, consultations, participation, recorded })
  const exports = createExportService({
    ...base,
    consultations,
    ...(deps.database.connectionString
      ? { copyOut: (statement: string, output: Writable) => copyOut(deps.database, statement, output) }
      : {}),
  })
  const autoCoding = createAutoCodingService({ ...base, coding, jobs: deps.jobs })
  const processingRecords = createProcessingRecordService(base)
  const subjectRequests = createSubjectRequestService(base)
  const audit = createAuditService(base)
  const disclosureThreshold = deps.disclosureThreshold ?? defaultDisclosureThreshold
  const reportDeps = {
    consultations,
    analysis,
    coding,
    participation,
    events,
    lateReturns: paper,
    baseUrl: deps.baseUrl ?? '',
  }
  const reports = createReportService({ ...base, ...reportDeps, jobs: deps.jobs })
  const decisionDeps = { threshold: disclosureThreshold, consultations, coding, mailer }
  const decisions = createDecisionService({ ...base, ...decisionDeps, consultationSetup, reports })
  // The demo replays the reference case's report, decision and follow-up on their own dates.
  const replay = (at: Date) => {
    const clock = { db: base.db, now: () => at }
    const setupThen = createConsultationSetupService(clock)
    const reportsThen = createReportService({ ...clock, ...reportDeps })
    return {
      consultationSetup: setupThen,
      reports: reportsThen,
      decisions: createDecisionService({
        ...clock,
        ...decisionDeps,
        consultationSetup: setupThen,
        reports: reportsThen,
      }),
    }
  }
  const evidencePacks = createEvidencePackService({
    ...base,
    consultations,
    audit,
    readReach: (consultationId) => participation.reach(consultationId, {}, disclosureThreshold),
    render: (template, model) => createViews().render(template, model),
    jobs: deps.jobs,
    keptSources: (consultationId) => [
      reportEvidenceSource(reports, consultationId),
      ...decisionEvidenceSources(decisions, consultationId),
      governanceEvidenceSource(governance, consultationId),
    ],
  })
  const demo = createDemoService({
    ...base,
    bulkCopy: (work) => withBulkCopy(deps.database, work),
    consultations,
    consultationSetup,
    responses,
    users,
    reports,
    governance,
    replay,
    detectDuplicates: (consultationId) => participation.detect(consultationId, systemActor),
  })
  return {
    users,
    twoFactor,
    securityKeys,
    staff,
    consultations,
    consultationSetup,
    workspace,
    questionnaires,
    responses,
    journeys,
    demo,
    analysis,
    participation,
    coding,
    imports,
    autoCoding,
    exports,
    paper,
    events,
    correspondence,
    partners,
    audit,
    evidencePacks,
    reports,
    governance,
    decisions,
    processingRecords,
    subjectRequests,
  }
}

export type Services = ReturnType<typeof createServices>
