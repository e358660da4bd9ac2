import type { JobDefinition } from '../../platform/jobs/jobs.js'
import { detectionJob, type ParticipationService } from './service.js'

/** Duplicate and campaign detection, sent from the page and run by whichever process works jobs. */
export function participationJobs(participation: ParticipationService): JobDefinition[] {
  return [
    {
      name: detectionJob,
      run: async (data) => {
        const consultationId = data?.consultationId
        if (typeof consultationId !== 'string') return { skipped: true }
        return participation.runDetectionJob(consultationId)
      },
    },
  ]
}
