import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, type TestDatabase } from '../../testing/databases.js'
import { createReadSnapshot } from './snapshot.js'

let database: TestDatabase
before(async () => {
  database = await createTestDatabase()
})
after(async () => database.close())

test('a snapshot is one repeatable read, read-only transaction on every lane', async () => {
  const readSnapshot = createReadSnapshot(database)
  const seen = await readSnapshot(2, (reader) =>
    Promise.all(
      [0, 1].map(async (lane) => {
        const row = await sql<{ isolation: string; readOnly: string }>`
          select current_setting('transaction_isolation') as isolation,
            current_setting('transaction_read_only') as "readOnly"`.execute(reader(lane))
        return row.rows[0]
      }),
    ),
  )
  assert.deepEqual(seen, [
    { isolation: 'repeatable read', readOnly: 'on' },
    { isolation: 'repeatable read', readOnly: 'on' },
  ])
  await assert.rejects(
    readSnapshot(1, (reader) =>
      sql`insert into settings (key, value) values ('snapshot', '1')`.execute(reader(0)),
    ),
    /read-only transaction/,
  )
})
