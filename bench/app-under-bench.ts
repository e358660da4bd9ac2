import type { AddressInfo } from 'node:net'
import { buildApp } from '../src/app/build-app.js'
import { loadConfig } from '../src/app/config.js'
import { createServices, type Services } from '../src/app/services.js'
import type { DatabaseHandle } from '../src/platform/db/database.js'
import { createLogger } from '../src/platform/logging/logger.js'

export interface AppUnderBench {
  /** The origin it listens on, such as `http://127.0.0.1:41234`. */
  origin: string
  services: Services
  close(): Promise<void>
}

const benchAddressLimit = 100_000_000

/** The real web application on the given database, listening on a free local port, logging nothing. */
export async function startAppUnderBench(database: DatabaseHandle): Promise<AppUnderBench> {
  // The defaults rather than the environment, so that settings such as an https base URL
  // (which makes cookies secure) cannot change what is measured from one machine to another.
  // Every benchmark client is on 127.0.0.1: the per-address limits are set above anything a run
  // sends, so each submission is still counted against its address (that work is measured) but
  // none is flagged or refused.
  const config = loadConfig({
    HEARD_SUBMIT_FLAG_PER_HOUR: String(benchAddressLimit),
    HEARD_SUBMIT_LIMIT_PER_HOUR: String(benchAddressLimit),
  })
  const services = createServices({ database, now: () => new Date() })
  const app = await buildApp({ config, db: database.db, services, logger: createLogger('silent') })
  try {
    await app.listen({ port: 0, host: '127.0.0.1' })
  } catch (error) {
    await app.close()
    throw error
  }
  const { port } = app.server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, services, close: () => app.close() }
}
