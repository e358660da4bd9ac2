import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { openDatabase } from '../platform/db/database.js'
import { onceAtStartUp } from '../platform/db/start-up-lock.js'
import { createTestDatabase, testDatabaseKind } from '../testing/databases.js'
import { createServices } from './services.js'

// Finding 9 of issue 20: two processes started together on an empty PostgreSQL both found it
// empty, both loaded the demo, and one crashed on a duplicate slug.

test('two processes starting together on one empty PostgreSQL load the demo once', {
  skip: testDatabaseKind !== 'postgres' && 'PGlite has one process per data folder',
}, async () => {
  const first = await createTestDatabase()
  // A second pool on the same database stands in for a second process.
  const second = await openDatabase({ databaseUrl: first.url, dataDir: 'memory://', poolSize: 2 })
  try {
    const loaded: string[] = []
    const start = (name: string, database: typeof second) =>
      onceAtStartUp(database, async () => {
        const demo = createServices({ database, now: () => new Date() }).demo
        if (!(await demo.isDatabaseEmpty())) return
        // Long enough for the other process to look too, were it not waiting.
        await sleep(300)
        await demo.loadOpenConsultation({ responses: 3, seed: 1 })
        loaded.push(name)
      })
    await Promise.all([start('first', first), start('second', second)])
    assert.equal(loaded.length, 1)
    const consultations = await first.db.selectFrom('consultations').select('slug').execute()
    assert.equal(consultations.length, 1)
  } finally {
    await second.close()
    await first.close()
  }
})
