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
  /** Cron expression, in UTC; without one, the job runs only when something sends it. */
  cron?: string
  run(data?: Record<string, unknown>): Promise<Record<string, unknown>>
}

/** Sends a job to the queue for whichever process works it. */
export interface JobQueue {
  /** Says whether the job was queued: false while no queue has started in this process. */
  send(name: string, data: Record<string, unknown>): Promise<boolean>
}

/** A queue that services can be given before pg-boss starts (services are wired first). */
export function createJobQueue(): JobQueue & { attach(boss: PgBoss | undefined): void } {
  let started: PgBoss | undefined
  return {
    attach(boss) {
      started = boss
    },
    async send(name, data) {
      if (!started) return false
      return (await started.send(name, data)) !== null
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
  options: { work: boolean; queue?: { attach(boss: PgBoss | undefined): void } },
): Promise<Jobs> {
  const boss = createBoss(handle)
  // A lost database must not end the process: pg-boss retries, and we log.
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'))
  await boss.start()
  for (const job of definitions) {
    await boss.createQueue(job.name)
    if (job.cron) await boss.schedule(job.name, job.cron)
    if (options.work) {
      await boss.work<Record<string, unknown>>(job.name, async ([sent]) => {
        const result = await job.run(sent?.data ?? {})
        logger.info({ job: job.name, ...result }, 'job done')
        return result
      })
    }
  }
  options.queue?.attach(boss)
  return {
    boss,
    stop: async () => {
      options.queue?.attach(undefined)
      await boss.stop({ graceful: true, timeout: 5000 })
    },
  }
}
