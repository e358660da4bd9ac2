import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { openDatabase } from './database.js'

const sharedBuffers = async (buffersMb: number | undefined) => {
  const database = await openDatabase({
    databaseUrl: undefined,
    dataDir: 'memory://',
    pgliteBuffersMb: buffersMb,
  })
  try {
    const result = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(database.db)
    return result.rows[0]?.shared_buffers
  } finally {
    await database.close()
  }
}

test("PGlite's buffer pool is the size asked for, or PGlite's own when none is", async () => {
  assert.equal(await sharedBuffers(16), '16MB')
  assert.equal(await sharedBuffers(undefined), '128MB')
})
