import type { JobDefinition } from '../../platform/jobs/jobs.js'
import { gatherJob, type ReportService } from './service.js'

/** Gathering a report's evidence, sent from the report page and run by whichever process works jobs. */
export function reportJobs(reports: ReportService): JobDefinition[] {
  return [
    {
      name: gatherJob,
      run: async (data) => {
        const consultationId = data?.consultationId
        if (typeof consultationId !== 'string') return { skipped: true }
        const userId = typeof data?.userId === 'string' ? data.userId : null
        const label = typeof data?.label === 'string' ? data.label : 'system'
        return reports.runGatherJob(consultationId, { userId, label })
      },
    },
  ]
}
