import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../../testing/databases.js'
import { createLogger } from '../logging/logger.js'
import { housekeepingJobs, startJobs } from './jobs.js'

test('the scheduled housekeeping job runs through the queue and clears expired sessions', async () => {
  const database = await createTestDatabase()
  const { db } = database
  const now = new Date()
  await db
    .insertInto('sessions')
    .values([
      { id: 'expired', data: '{}', expires_at: new Date(now.getTime() - 60_000) },
      { id: 'current', data: '{}', expires_at: new Date(now.getTime() + 60_000) },
    ])
    .execute()
  const definitions = housekeepingJobs(db, () => now)
  const jobs = await startJobs(database, definitions, createLogger('silent'), { work: true })
  try {
    const name = definitions[0]?.name ?? ''
    const schedules = await jobs.boss.getSchedules()
    assert.deepEqual(
      schedules.map((s) => [s.name, s.cron]),
      [[name, '*/15 * * * *']],
    )
    // Rather than wait up to fifteen minutes for the schedule, send the same job now.
    await jobs.boss.send(name)
    let remaining: string[] = []
    for (let i = 0; i < 60; i++) {
      remaining = (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id)
      if (remaining.length === 1) break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    assert.deepEqual(remaining, ['current'])
  } finally {
    await jobs.stop()
    await database.close()
  }
})
