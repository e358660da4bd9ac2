import type { JobDefinition } from '../../platform/jobs/jobs.js'
import type { GovernanceService } from './service.js'

/** Reminds each committee's contact of actions coming due, every morning. */
export function governanceJobs(governance: GovernanceService): JobDefinition[] {
  return [
    {
      name: 'governance.action-reminders',
      cron: '0 7 * * *',
      run: () => governance.remindDueActions(),
    },
  ]
}
