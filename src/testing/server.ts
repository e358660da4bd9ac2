import { buildApp } from '../app/build-app.js'
import { loadConfig } from '../app/config.js'
import { openRuntime } from '../app/runtime.js'

// Run as a child process by tests that kill a real server (server-crash.test.ts): the whole web
// application on the configured database, listening on the configured port. It is `heard serve`
// without the demo and background jobs, which take seconds that such a test, restarting the
// server again and again, would spend waiting.

// Started with an IPC channel, it stops when the test that started it goes, so none is left behind.
process.on('disconnect', () => process.exit(1))

const config = loadConfig()
const runtime = await openRuntime(config)
const app = await buildApp({
  config,
  db: runtime.database.db,
  services: runtime.services,
  logger: runtime.logger,
})
await app.listen({ port: config.port, host: config.host })
