export { consultationInPath, loadConsultationInPath } from './consultation-in-path.js'
export { consultationJobs } from './jobs.js'
export { consultationRoutes } from './public/routes.js'
export { questionnaireRoutes } from './questionnaires/routes.js'
export { createQuestionnaireService, type QuestionnaireService } from './questionnaires/service.js'
export { findConsultationBySlug, findLatestPublishedQuestionnaire, listProposals } from './repository.js'
export {
  type ConsultationService,
  createConsultationService,
  type OpenQuestionnaire,
  type PublishedQuestionnaire,
} from './service.js'
export { fileSize } from './setup/document-files.js'
export { openPeriods, weeksAndDays } from './setup/open-periods.js'
export { consultationAdminRoutes } from './setup/routes.js'
export { type ConsultationSetupService, createConsultationSetupService } from './setup/service.js'
export { findWorkspaceConsultation, workspacePageContext } from './workspace/page-context.js'
export { workspaceRoutes } from './workspace/routes.js'
export { landingFor, presentWorkspace, sectionsFor, workspaceSections } from './workspace/sections.js'
export { createWorkspaceService, type WorkspaceService } from './workspace/service.js'
