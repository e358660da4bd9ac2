import type { JobDefinition } from '../../platform/jobs/jobs.js'
import type { ProcessingRecordService } from './records/service.js'

/** Nightly: contact details of consultations whose retention has run out are erased or anonymised. */
export function privacyJobs(records: ProcessingRecordService): JobDefinition[] {
  return [{ name: 'privacy.apply-retention', cron: '30 2 * * *', run: () => records.applyDueRetention() }]
}
