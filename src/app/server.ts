import { onceAtStartUp } from '../platform/db/start-up-lock.js'
import { stylesheet } from '../platform/http/stylesheet.js'
import { type Jobs, startJobs } from '../platform/jobs/jobs.js'
import { buildApp } from './build-app.js'
import type { Config } from './config.js'
import { allJobs } from './jobs.js'
import { openRuntime } from './runtime.js'

/** `heard serve`: migrate, load the demo into an empty database when the demo is on, serve, and run jobs unless told not to. */
export async function serve(config: Config, print: (line: string) => void): Promise<() => Promise<void>> {
  const runtime = await openRuntime(config)
  const { services, logger, database } = runtime
  const { administrator, collector } = await onceAtStartUp(database, async () => {
    if (!config.loadDemo) return { administrator: undefined, collector: undefined }
    if (await services.demo.isDatabaseEmpty()) {
      const started = Date.now()
      const { reference } = await services.demo.loadStartupDemo()
      logger.info({ responses: reference.responses, ms: Date.now() - started }, 'demo consultations loaded')
    }
    // Demo accounts come with the demo only: a production database's first account is made with
    // `heard users create`, so no password is ever printed to a server's log.
    const demoAdministrator = await services.demo.ensureAdministrator()
    return {
      administrator: demoAdministrator,
      collector: demoAdministrator ? await services.demo.createPartnerCollector() : undefined,
    }
  })
  const app = await buildApp({ config, db: database.db, services, logger })
  // Read at start, so that a missing build stops the server here rather than leaving its pages unstyled.
  await stylesheet()
  // The queue always starts, so pages can send jobs; this process works them unless HEARD_JOBS=off.
  const jobs: Jobs = await startJobs(database, allJobs(database, services), logger, {
    work: config.runJobs,
    queue: runtime.jobQueue,
  })
  await app.listen({ port: config.port, host: config.host })

  print('')
  print(`Heard is running at ${config.baseUrl}/`)
  print(
    `Database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  )
  print(`Staff sign in: ${config.baseUrl}/admin/sign-in`)
  if (administrator) {
    print(`  email:    ${administrator.email}`)
    print(`  password: ${administrator.password}`)
    print('  (at first sign-in the administrator sets up two-factor sign-in with an authenticator app)')
    for (const keyer of administrator.dataEntry)
      print(`  data entry (paper): ${keyer.email}  password: ${keyer.password}`)
    if (collector)
      print(
        `  partner collector (${collector.organisation}, at /partner): ${collector.email}  password: ${collector.password}`,
      )
    print('  These passwords are shown only now. Keep them somewhere safe.')
  } else {
    print('  Use your account. To add one: npm run heard -- users create --help')
  }
  print('')

  return async () => {
    await app.close()
    await jobs.stop()
    await runtime.close()
  }
}
