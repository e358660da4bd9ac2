import type { JobDefinition } from '../../platform/jobs/jobs.js'
import type { ConsultationSetupService } from './setup/service.js'

/** Opens and closes consultations at their set times: every minute, so a page view never has to. */
export function consultationJobs(setup: ConsultationSetupService): JobDefinition[] {
  return [
    {
      name: 'consultations.open-and-close',
      cron: '* * * * *',
      run: () => setup.runDueTransitions(),
    },
  ]
}
