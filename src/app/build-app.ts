import { randomBytes, randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { analysisRoutes, autoCodingRoutes, codingRoutes } from '../features/analysis/index.js'
import {
  consultationAdminRoutes,
  consultationRoutes,
  findWorkspaceConsultation,
  questionnaireRoutes,
  workspacePageContext,
  workspaceRoutes,
} from '../features/consultations/index.js'
import { decisionRoutes } from '../features/decisions/index.js'
import { auditRoutes, evidencePackRoutes } from '../features/evidence/index.js'
import { governanceRoutes, publicGovernanceRoutes } from '../features/governance/index.js'
import { participationRoutes } from '../features/participation/index.js'
import { processingRecordRoutes, subjectRequestRoutes } from '../features/privacy/index.js'
import { exportRoutes, reportRoutes } from '../features/reports/index.js'
import {
  correspondenceRoutes,
  eventRoutes,
  importRoutes,
  journeyRoutes,
  paperRoutes,
  partnerRoutes,
  previewRoutes,
  responseAdminRoutes,
  responseRoutes,
} from '../features/responses/index.js'
import { siteRoutes } from '../features/site/index.js'
import { registerRouteAccess } from '../platform/auth/route-access.js'
import { authRoutes } from '../platform/auth/routes.js'
import { securityKeyRoutes } from '../platform/auth/security-key-routes.js'
import { relyingPartyFor } from '../platform/auth/security-keys.js'
import { staffRoutes } from '../platform/auth/staff/routes.js'
import { twoFactorRoutes } from '../platform/auth/two-factor-routes.js'
import { pingDatabase } from '../platform/db/database.js'
import type { Database } from '../platform/db/schema.js'
import { getOrCreateSetting } from '../platform/db/settings.js'
import { healthRoutes } from '../platform/http/health-routes.js'
import { registerHttpShell } from '../platform/http/http-shell.js'
import { createViews } from '../platform/http/views.js'
import type { Logger } from '../platform/logging/logger.js'
import { outboxRoutes } from '../platform/mail/routes.js'
import type { Config } from './config.js'
import type { Services } from './services.js'

export interface AppDeps {
  config: Config
  db: Kysely<Database>
  services: Services
  logger: Logger
}

/** The whole web application, ready for `inject` or `listen`; it never listens by itself. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, services, logger } = deps
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
  })
  const secret =
    config.sessionSecret ??
    (await getOrCreateSetting(db, 'session_secret', () => randomBytes(48).toString('base64url')))

  await registerHttpShell(app, {
    db,
    views: createViews(),
    secret,
    secureCookies: config.baseUrl.startsWith('https://'),
    loadUser: (id) => services.users.loadCurrentUser(id),
    pageContext: workspacePageContext,
  })
  // After the shell's own hook, which finds who is signed in.
  app.addHook('preHandler', findWorkspaceConsultation(services.consultations))

  registerRouteAccess(app)
  // Every route is registered here, in one list, so any route can be found by reading this file.
  await app.register(healthRoutes, { checkDatabase: () => pingDatabase(db) })
  await app.register(authRoutes, {
    users: services.users,
    twoFactor: services.twoFactor,
    signInAttempts: config.signInAttempts,
    signInWindowMinutes: config.signInWindowMinutes,
  })
  const relyingParty = relyingPartyFor(config.baseUrl)
  await app.register(twoFactorRoutes, {
    users: services.users,
    twoFactor: services.twoFactor,
    securityKeys: services.securityKeys,
    relyingParty,
  })
  await app.register(securityKeyRoutes, {
    securityKeys: services.securityKeys,
    twoFactor: services.twoFactor,
    relyingParty,
  })
  await app.register(consultationRoutes, {
    consultations: services.consultations,
    setup: services.consultationSetup,
    publishedReport: services.reports.publishedLink,
    meetingsFor: (consultationId: string) => services.governance.publicItemsFor(consultationId),
    youSaidWeDid: services.decisions.publicLink,
  })
  await app.register(staffRoutes, { staff: services.staff, baseUrl: config.baseUrl })
  await app.register(workspaceRoutes, {
    consultations: services.consultations,
    workspace: services.workspace,
  })
  await app.register(consultationAdminRoutes, {
    setup: services.consultationSetup,
    uploadLimitBytes: config.uploadLimitBytes,
  })
  const submitLimits = { flagPerHour: config.submitFlagPerHour, limitPerHour: config.submitLimitPerHour }
  await app.register(responseRoutes, { responses: services.responses, submitLimits })
  await app.register(journeyRoutes, {
    responses: services.responses,
    journeys: services.journeys,
    graceMinutes: config.submitGraceMinutes,
    baseUrl: config.baseUrl,
    submitLimits,
  })
  await app.register(outboxRoutes, { db })
  await app.register(responseAdminRoutes, {
    consultations: services.consultations,
    responses: services.responses,
  })
  await app.register(exportRoutes, { consultations: services.consultations, exports: services.exports })
  await app.register(importRoutes, {
    consultations: services.consultations,
    imports: services.imports,
    importLimitBytes: config.importLimitBytes,
  })
  await app.register(paperRoutes, { paper: services.paper, uploadLimitBytes: config.uploadLimitBytes })
  await app.register(analysisRoutes, { analysis: services.analysis })
  await app.register(participationRoutes, {
    consultations: services.consultations,
    participation: services.participation,
    disclosureThreshold: config.disclosureThreshold,
  })
  await app.register(questionnaireRoutes, { questionnaires: services.questionnaires })
  await app.register(previewRoutes, { questionnaires: services.questionnaires })
  await app.register(codingRoutes, {
    consultations: services.consultations,
    coding: services.coding,
    analysis: services.analysis,
  })
  await app.register(eventRoutes, { events: services.events })
  await app.register(correspondenceRoutes, {
    correspondence: services.correspondence,
    uploadLimitBytes: config.uploadLimitBytes,
  })
  await app.register(partnerRoutes, {
    partners: services.partners,
    disclosureThreshold: config.disclosureThreshold,
  })
  await app.register(autoCodingRoutes, {
    consultations: services.consultations,
    coding: services.coding,
    autoCoding: services.autoCoding,
  })
  await app.register(auditRoutes, { audit: services.audit, consultations: services.consultations })
  await app.register(evidencePackRoutes, {
    consultations: services.consultations,
    packs: services.evidencePacks,
  })
  await app.register(reportRoutes, { consultations: services.consultations, reports: services.reports })
  await app.register(governanceRoutes, {
    governance: services.governance,
    consultations: services.consultations,
  })
  await app.register(publicGovernanceRoutes, { governance: services.governance, baseUrl: config.baseUrl })
  await app.register(decisionRoutes, { consultations: services.consultations, decisions: services.decisions })
  await app.register(processingRecordRoutes, {
    consultations: services.consultations,
    records: services.processingRecords,
  })
  await app.register(subjectRequestRoutes, { requests: services.subjectRequests })
  await app.register(siteRoutes, { retention: () => services.processingRecords.listRetention() })
  return app
}
