export type { ReportEvents } from './gather.js'
export { type Edition, editions, type Format, formats } from './model.js'
export { reportRoutes } from './routes.js'
export { createReportService, type ReportService } from './service.js'
