import { startJobs } from '../platform/jobs/jobs.js'
import type { Config } from './config.js'
import { ConfigError } from './config.js'
import { allJobs } from './jobs.js'
import { openRuntime } from './runtime.js'

/** `heard worker`: runs background jobs only, beside web processes started with HEARD_JOBS=off. */
export async function work(config: Config): Promise<() => Promise<void>> {
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'a separate worker needs PostgreSQL: the embedded database serves one process',
    )
  }
  const runtime = await openRuntime(config)
  const jobs = await startJobs(
    runtime.database,
    allJobs(runtime.database, runtime.services),
    runtime.logger,
    { work: true, queue: runtime.jobQueue },
  )
  runtime.logger.info('worker started')
  return async () => {
    await jobs.stop()
    await runtime.close()
  }
}
