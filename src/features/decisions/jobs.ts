import type { JobDefinition } from '../../platform/jobs/jobs.js'
import type { DecisionService } from './service.js'

/** Sends the weekly digest of overdue follow-up actions, on Monday mornings. */
export function decisionJobs(decisions: DecisionService): JobDefinition[] {
  return [{ name: 'decisions.overdue-digest', cron: '0 7 * * 1', run: () => decisions.sendOverdueDigest() }]
}
