export { meetingsCalendar } from './calendar.js'
export { governanceEvidenceSource } from './evidence-source.js'
export type {
  ActionDetails,
  CommitteeDetails,
  ItemDetails,
  MeetingDetails,
  PaperDetails,
  QuestionDetails,
} from './forms.js'
export { governanceJobs } from './jobs.js'
export { publicGovernanceRoutes } from './public-routes.js'
export { governanceRoutes } from './routes.js'
export { createGovernanceService, type GovernanceService } from './service.js'
