import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase } from '../../testing/databases.js'
import { migrateToLatest, migrationNames } from './migrate.js'

test('migrations create the core schema and a second run applies nothing', async () => {
  const database = await createTestDatabase({ migrate: false })
  try {
    const first = await migrateToLatest(database.db)
    assert.deepEqual(first.applied, migrationNames)
    const second = await migrateToLatest(database.db)
    assert.deepEqual(second.applied, [])
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name
    `.execute(database.db)
    const names = tables.rows.map((r) => r.table_name)
    for (const table of [
      'audit_log',
      'consultations',
      'organisations',
      'proposals',
      'questionnaire_versions',
      'responses',
      'sessions',
      'user_roles',
      'users',
    ]) {
      assert.ok(names.includes(table), `missing table ${table}`)
    }
  } finally {
    await database.close()
  }
})

test('the audit log refuses updates and deletes', async () => {
  const database = await createTestDatabase()
  try {
    await database.db
      .insertInto('audit_log')
      .values({
        actor_label: 'system',
        action: 'test',
        entity_type: 'test',
        entity_id: '1',
        details: '{}',
        prev_hash: '0',
        hash: 'a',
      })
      .execute()
    await assert.rejects(
      database.db.updateTable('audit_log').set({ action: 'changed' }).execute(),
      /append-only/,
    )
    await assert.rejects(database.db.deleteFrom('audit_log').execute(), /append-only/)
    const rows = await database.db.selectFrom('audit_log').select('action').execute()
    assert.deepEqual(rows, [{ action: 'test' }])
  } finally {
    await database.close()
  }
})

test('a published questionnaire version cannot be changed', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    const consultation = await db
      .insertInto('consultations')
      .values({
        slug: 'frozen',
        title: 'Frozen',
        opens_at: '2021-05-24T00:00:00Z',
        closes_at: '2021-08-15T23:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const version = await db
      .insertInto('questionnaire_versions')
      .values({
        consultation_id: consultation.id,
        version: 1,
        definition: JSON.stringify({ sections: [] }),
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await assert.rejects(
      db
        .updateTable('questionnaire_versions')
        .set({ definition: JSON.stringify({ sections: [1] }) })
        .where('id', '=', version.id)
        .execute(),
      /frozen/,
    )
  } finally {
    await database.close()
  }
})
