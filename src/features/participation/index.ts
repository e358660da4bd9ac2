export { participationJobs } from './jobs.js'
export { participationRoutes } from './routes.js'
export { createParticipationService, type ParticipationService } from './service.js'
