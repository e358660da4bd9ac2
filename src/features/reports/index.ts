export { exportFormats, exportVariants } from './exports/columns.js'
export { exportRoutes } from './exports/routes.js'
export { createExportService, type ExportService } from './exports/service.js'
