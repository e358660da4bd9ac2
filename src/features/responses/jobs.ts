import type { JobDefinition } from '../../platform/jobs/jobs.js'
import type { JourneyService } from './journey-service.js'

/** Background jobs of the online form: saved drafts are deleted once their consultation has closed. */
export function responseJobs(journeys: JourneyService): JobDefinition[] {
  return [
    {
      name: 'housekeeping.delete-expired-drafts',
      cron: '7 * * * *',
      run: async () => ({ drafts: await journeys.deleteExpiredDrafts() }),
    },
  ]
}
