import type { JobDefinition } from '../../../platform/jobs/jobs.js'
import { type AutoCodingService, runQueuedJob } from './auto-coding-service.js'
import type { CodingService } from './service.js'

/**
 * Background work of free-text analysis: the queued auto-coding and discovery runs (sent when
 * asked for, and each minute for any left queued), and each minute the safeguarding scan of
 * responses that arrived since the last one, by any channel.
 */
export function codingJobs(coding: CodingService, autoCoding: AutoCodingService): JobDefinition[] {
  return [
    { name: runQueuedJob, cron: '* * * * *', run: () => autoCoding.runQueued() },
    { name: 'safeguarding.scan-arrivals', cron: '* * * * *', run: () => coding.scanArrivals() },
  ]
}
