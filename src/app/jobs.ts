import { codingJobs } from '../features/analysis/index.js'
import { consultationJobs } from '../features/consultations/index.js'
import { decisionJobs } from '../features/decisions/index.js'
import { evidenceJobs } from '../features/evidence/index.js'
import { governanceJobs } from '../features/governance/index.js'
import { participationJobs } from '../features/participation/index.js'
import { privacyJobs } from '../features/privacy/index.js'
import { reportJobs } from '../features/reports/index.js'
import { importJobs, responseJobs } from '../features/responses/index.js'
import type { DatabaseHandle } from '../platform/db/database.js'
import { housekeepingJobs, type JobDefinition } from '../platform/jobs/jobs.js'
import type { Services } from './services.js'

/** Every scheduled job, for the server and the worker alike. */
export function allJobs(database: DatabaseHandle, services: Services): JobDefinition[] {
  return [
    ...housekeepingJobs(database.db, () => new Date()),
    ...consultationJobs(services.consultationSetup),
    ...responseJobs(services.journeys),
    ...importJobs(services.imports),
    ...participationJobs(services.participation),
    ...codingJobs(services.coding, services.autoCoding),
    ...evidenceJobs(services.evidencePacks),
    ...reportJobs(services.reports),
    ...governanceJobs(services.governance),
    ...decisionJobs(services.decisions),
    ...privacyJobs(services.processingRecords),
  ]
}
