import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../../testing/databases.js'
import { withBulkCopy } from './bulk-copy.js'

test('COPY stores awkward values exactly, and an empty string is not NULL', async () => {
  const database = await createTestDatabase()
  try {
    const { id } = await database.db
      .insertInto('organisations')
      .values({ name: 'Org', kind: 'vcs' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const names = ['Comma, quote " and\nnew line', '', 'café 😀 \\ back', null]
    // consultation_id is required, so the whole batch, and the transaction, must be refused.
    await assert.rejects(
      withBulkCopy(database, (copy) =>
        copy(
          'events',
          ['consultation_id', 'title', 'held_at', 'format', 'organisation_id', 'notes'],
          names.map((n, i) => [null, `e${i}`, new Date(Date.UTC(2021, 5, i + 1)), 'online', id, n ?? '']),
        ),
      ),
      /null value|not-null/,
    )
    assert.equal((await database.db.selectFrom('events').selectAll().execute()).length, 0)

    const consultation = await database.db
      .insertInto('consultations')
      .values({ slug: 'c', title: 'C', opens_at: '2021-05-24T00:00:00Z', closes_at: '2021-08-15T23:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await withBulkCopy(database, async (copy) => {
      const rows = names.map((n, i) => [
        consultation.id,
        `e${i}`,
        new Date(Date.UTC(2021, 5, i + 1)),
        'online',
        i === 3 ? null : id,
        n ?? '',
      ])
      await copy(
        'events',
        ['consultation_id', 'title', 'held_at', 'format', 'organisation_id', 'notes'],
        rows,
      )
    })
    const stored = await database.db
      .selectFrom('events')
      .select(['title', 'notes', 'held_at', 'organisation_id'])
      .orderBy('title')
      .execute()
    assert.deepEqual(
      stored.map((e) => e.notes),
      ['Comma, quote " and\nnew line', '', 'café 😀 \\ back', ''],
    )
    assert.equal(stored[0]?.held_at.toISOString(), '2021-06-01T00:00:00.000Z')
    assert.equal(stored[3]?.organisation_id, null)
  } finally {
    await database.close()
  }
})

test('a batch longer than one piece of COPY text is stored whole, row for row', async () => {
  const database = await createTestDatabase()
  try {
    const consultation = await database.db
      .insertInto('consultations')
      .values({ slug: 'c', title: 'C', opens_at: '2021-05-24T00:00:00Z', closes_at: '2021-08-15T23:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow()
    // 250 rows go in three pieces; a value with a line break sits on each side of each join.
    const notes = Array.from({ length: 250 }, (_, i) =>
      i % 100 === 99 || i % 100 === 0 ? `n${i}\n"x"` : `n${i}`,
    )
    await withBulkCopy(database, (copy) =>
      copy(
        'events',
        ['consultation_id', 'title', 'held_at', 'format', 'notes'],
        notes.map((n, i) => [consultation.id, `e${String(i).padStart(3, '0')}`, new Date(0), 'online', n]),
      ),
    )
    const stored = await database.db.selectFrom('events').select('notes').orderBy('title').execute()
    assert.deepEqual(
      stored.map((e) => e.notes),
      notes,
    )
  } finally {
    await database.close()
  }
})
