import type { JobDefinition } from '../../../platform/jobs/jobs.js'
import type { AutoCodingService } from './auto-coding-service.js'
import type { CodingService } from './coding-service.js'

/**
 * Background work of free-text analysis, each minute: the queued auto-coding and discovery runs,
 * and the safeguarding scan of responses that arrived since the last one, by any channel.
 */
export function codingJobs(coding: CodingService, autoCoding: AutoCodingService): JobDefinition[] {
  return [
    { name: 'coding.run-queued', cron: '* * * * *', run: () => autoCoding.runQueued() },
    { name: 'safeguarding.scan-arrivals', cron: '* * * * *', run: () => coding.scanArrivals() },
  ]
}
