import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase } from '../../testing/databases.js'
import { bytesValue, hexOf, withContent } from './bytes.js'

test('every byte value, and no bytes at all, are stored and read back exactly as hex', async () => {
  const database = await createTestDatabase()
  try {
    await sql`create temporary table blobs (id int primary key, data bytea not null)`.execute(database.db)
    const every = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256))
    const values = [every, Buffer.alloc(0), Buffer.from('café\u0000\r\n', 'utf8')]
    for (const [id, data] of values.entries())
      await sql`insert into blobs (id, data) values (${id}, ${bytesValue(data)})`.execute(database.db)
    // What the database holds is the bytes themselves, not their hex text.
    const sizes = await sql<{ n: number }>`select octet_length(data) as n from blobs order by id`.execute(
      database.db,
    )
    assert.deepEqual(
      sizes.rows.map((r) => r.n),
      values.map((v) => v.length),
    )
    const read = await sql<{ id: number; content_hex: string }>`
      select id, ${hexOf('data')} as content_hex from blobs order by id
    `.execute(database.db)
    assert.deepEqual(
      read.rows.map((row) => withContent(row)),
      values.map((content, id) => ({ id, content })),
    )
    assert.equal(withContent(undefined), undefined)
  } finally {
    await database.close()
  }
})
