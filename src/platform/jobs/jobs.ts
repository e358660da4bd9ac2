import type { Kysely } from 'kysely'
import { fromPglite, PgBoss } from 'pg-boss'
import { sealAuditEntries } from '../audit/audit-log.js'
import type { DatabaseHandle } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { deleteExpiredRateLimits } from '../http/rate-limit-store.js'
import { deleteExpiredSessions } from '../http/session-store.js'
import type { Logger } from '../logging/logger.js'

export interface Jobs {
  boss: PgBoss
  stop(): Promise<void>
}

export interface JobDefinition {
  name: string
  /** Cron expression, in UTC; a job without one runs only when sent. */
  cron?: string
  run(data?: unknown): Promise<Record<string, unknown>>
}

/** Sends jobs once this process has a queue; until then (or without one) `send` says it did not. */
export interface JobSender {
  send(name: string, data: object): Promise<boolean>
  attach(boss: PgBoss | undefined): void
}

export function createJobSender(): JobSender {
  let queue: PgBoss | undefined
  return {
    async send(name, data) {
      if (!queue) return false
      return (await queue.send(name, data)) !== null
    },
    attach(boss) {
      queue = boss
    },
  }
}

export function housekeepingJobs(db: Kysely<Database>, now: () => Date): JobDefinition[] {
  return [
    {
      name: 'housekeeping.clear-expired-sessions',
      cron: '*/15 * * * *',
      run: async () => ({
        sessions: await deleteExpiredSessions(db, now()),
        rateLimits: await deleteExpiredRateLimits(db, now()),
        // Submissions chain their own audit entries; this catches any a stopped process left queued.
        auditEntriesSealed: await sealAuditEntries(db),
      }),
    },
  ]
}

function createBoss(handle: DatabaseHandle): PgBoss {
  if (handle.pglite) return new PgBoss({ db: fromPglite(handle.pglite), backend: 'pglite' })
  return new PgBoss({ connectionString: handle.connectionString, max: 4 })
}

/**
 * Starts the queue. With `work`, this process also claims and runs jobs (the server does by
 * default; with HEARD_JOBS=off only `heard worker` processes do).
 */
export async function startJobs(
  handle: DatabaseHandle,
  definitions: JobDefinition[],
  logger: Logger,
  options: { work: boolean; sender?: JobSender },
): Promise<Jobs> {
  const boss = createBoss(handle)
  // A lost database must not end the process: pg-boss retries, and we log.
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'))
  await boss.start()
  for (const job of definitions) {
    await boss.createQueue(job.name)
    if (job.cron) await boss.schedule(job.name, job.cron)
    if (options.work) {
      await boss.work(job.name, async ([sent]) => {
        const result = await job.run(sent?.data)
        logger.info({ job: job.name, ...result }, 'job done')
        return result
      })
    }
  }
  options.sender?.attach(boss)
  return {
    boss,
    stop: async () => {
      options.sender?.attach(undefined)
      await boss.stop({ graceful: true, timeout: 5000 })
    },
  }
}
