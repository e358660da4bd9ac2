import { type DatabaseHandle, openDatabase } from '../platform/db/database.js'
import { migrateToLatest } from '../platform/db/migrate.js'
import { onceAtStartUp } from '../platform/db/start-up-lock.js'
import { createJobQueue } from '../platform/jobs/jobs.js'
import { createLogger, type Logger } from '../platform/logging/logger.js'
import { createMailer } from '../platform/mail/mailer.js'
import type { Config } from './config.js'
import { createServices, type Services } from './services.js'

export interface Runtime {
  config: Config
  logger: Logger
  database: DatabaseHandle
  services: Services
  /** Services send jobs here; `startJobs` attaches it to pg-boss. */
  jobQueue: ReturnType<typeof createJobQueue>
  /** The migrations this opening applied, oldest first; empty when the schema was up to date. */
  migrated: string[]
  close(): Promise<void>
}

/** Opens the configured database, brings its schema up to date and wires the services. */
export async function openRuntime(config: Config, options: { logger?: Logger } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgliteBuffersMb: config.pgliteBuffersMb,
    onPoolError: (error) => logger.warn({ err: error }, 'database connection lost'),
  })
  let migrated: string[]
  try {
    migrated = (await onceAtStartUp(database, () => migrateToLatest(database.db))).applied
    if (migrated.length > 0) logger.info({ applied: migrated }, 'database migrated')
  } catch (error) {
    await database.close()
    throw error
  }
  const jobQueue = createJobQueue()
  const services = createServices({
    database,
    baseUrl: config.baseUrl,
    jobs: jobQueue,
    now: () => new Date(),
    submitGraceMinutes: config.submitGraceMinutes,
    mailer: createMailer({
      db: database.db,
      smtpUrl: config.smtpUrl,
      from: `Heard <no-reply@${new URL(config.baseUrl).hostname}>`,
    }),
    disclosureThreshold: config.disclosureThreshold,
    logger,
    importLimitBytes: config.importLimitBytes,
    dispatchImport: (request) => jobQueue.send('imports.run', { ...request }),
  })
  return { config, logger, database, services, jobQueue, migrated, close: () => database.close() }
}
