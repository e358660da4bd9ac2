import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { openDatabase } from '../platform/db/database.js'
import { createLogger } from '../platform/logging/logger.js'
import { createTestApp } from '../testing/app.js'
import { createTestDatabase, testDatabaseKind } from '../testing/databases.js'
import { startRelay } from '../testing/relay.js'
import { buildApp } from './build-app.js'
import { loadConfig } from './config.js'
import { createServices } from './services.js'

describe('when the database goes away', () => {
  test('PostgreSQL: pages and /readyz answer 503, /healthz stays up, and all recover by themselves', {
    skip: testDatabaseKind !== 'postgres' && 'needs PostgreSQL (DATABASE_URL)',
  }, async () => {
    const database = await createTestDatabase()
    const url = new URL(database.url as string)
    const relay = await startRelay(url)
    const relayed = new URL(url)
    relayed.host = `127.0.0.1:${relay.port}`
    const handle = await openDatabase({ databaseUrl: relayed.toString(), dataDir: 'memory://', poolSize: 2 })
    const services = createServices({ database: handle, now: () => new Date() })
    await services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
    const app = await buildApp({
      config: loadConfig({}),
      db: handle.db,
      services,
      logger: createLogger('silent'),
    })
    after(async () => {
      await app.close()
      await handle.close()
      await relay.cut()
      await database.close()
    })

    assert.equal((await app.inject('/')).statusCode, 200)
    assert.equal((await app.inject('/readyz')).statusCode, 200)

    await relay.cut()
    const ready = await app.inject('/readyz')
    assert.equal(ready.statusCode, 503)
    assert.equal(ready.json().title, 'Service unavailable')
    const page = await app.inject('/')
    assert.equal(page.statusCode, 503)
    assert.match(page.body, /Sorry, the service is unavailable/)
    assert.equal(page.headers['retry-after'], '30')
    assert.equal((await app.inject('/healthz')).statusCode, 200)

    await relay.open()
    let recovered = 0
    for (let i = 0; i < 20 && recovered !== 200; i++) {
      recovered = (await app.inject('/')).statusCode
      if (recovered !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    assert.equal(recovered, 200)
    assert.equal((await app.inject('/readyz')).statusCode, 200)
  })

  test('PGlite: a closed database gives 503 pages and a 503 /readyz, not a crash', {
    skip: testDatabaseKind !== 'pglite' && 'runs on the embedded database',
  }, async () => {
    const t = await createTestApp()
    after(() => t.app.close())
    assert.equal((await t.app.inject('/')).statusCode, 200)
    await t.database.pglite?.close()
    const page = await t.app.inject('/')
    assert.equal(page.statusCode, 503)
    assert.match(page.body, /Sorry, the service is unavailable/)
    assert.equal((await t.app.inject('/readyz')).statusCode, 503)
    assert.equal((await t.app.inject('/healthz')).statusCode, 200)
  })
})
