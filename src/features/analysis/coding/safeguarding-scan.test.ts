import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { createTestApp, type TestApp } from '../../../testing/app.js'
import { testDatabaseKind } from '../../../testing/databases.js'

describe('the safeguarding arrival scan', () => {
  let t: TestApp
  let version: { id: string; consultation_id: string }
  const db = () => t.database.db
  const risky = 'Some days I think about killing myself.'

  const insertResponse = async (into: Kysely<Database>, reference: string, text: string) => {
    const row = await into
      .insertInto('responses')
      .values({
        consultation_id: version.consultation_id,
        questionnaire_version_id: version.id,
        reference,
        submission_key: `scan-${reference}`,
        channel: 'email',
        answers: JSON.stringify({ comments: text }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }
  const flagsOn = async (responseId: string) =>
    (await db().selectFrom('safeguarding_flags').select('id').where('response_id', '=', responseId).execute())
      .length

  before(async () => {
    t = await createTestApp()
    version = await db()
      .selectFrom('questionnaire_versions')
      .select(['id', 'consultation_id'])
      .limit(1)
      .executeTakeFirstOrThrow()
  })
  after(() => t.close())

  test('reads each new response once, in batches, and never again what a complete pass has read', async () => {
    await t.services.coding.scanArrivals()
    const ids = [
      await insertResponse(db(), 'SCAN-1', risky),
      await insertResponse(db(), 'SCAN-2', 'The clinic hours suit me.'),
      await insertResponse(db(), 'SCAN-3', 'Parking is hard.'),
    ]
    assert.deepEqual(await t.services.coding.scanArrivals(2), { scanned: 3, flagged: 1 })
    assert.equal(await flagsOn(ids[0] ?? ''), 1)
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: 0, flagged: 0 })

    // A pass looks only at responses inserted at or above the horizon the last complete pass
    // recorded: below it, a response is not looked at again even with its marker gone. (On a shared
    // PostgreSQL server another database's open transaction can hold the horizon back; then those
    // responses are read again, which is safe, and the count below says how many.)
    const horizon = await db()
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'safeguarding_scan_horizon')
      .executeTakeFirstOrThrow()
    const ours = await db()
      .selectFrom('responses')
      .select(sql<string>`inserted_xid::text`.as('xid'))
      .where('id', 'in', ids)
      .execute()
    const atOrAbove = ours.filter((r) => BigInt(r.xid) >= BigInt(horizon.value)).length
    if (testDatabaseKind === 'pglite')
      assert.equal(atOrAbove, 0, 'with one connection the horizon passes them')
    await db().deleteFrom('safeguarding_scans').where('response_id', 'in', ids).execute()
    // Read again or not, a comment already flagged is not flagged twice.
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: atOrAbove, flagged: 0 })

    const next = await insertResponse(db(), 'SCAN-4', risky)
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: 1, flagged: 1 })
    assert.equal(await flagsOn(next), 1)
  })

  test('a response whose transaction commits after a pass has run is read by the next pass', {
    skip: testDatabaseKind === 'pglite' && 'PGlite has one connection: nothing can commit during a pass',
  }, async () => {
    await t.services.coding.scanArrivals()
    let inserted: (id: string) => void = () => {}
    const insertedId = new Promise<string>((resolve) => {
      inserted = resolve
    })
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow = db()
      .transaction()
      .execute(async (trx) => {
        inserted(await insertResponse(trx, 'LATE-1', risky))
        await released
      })
    const lateId = await insertedId
    // A response that starts later but commits first moves any watermark past the slow one.
    await insertResponse(db(), 'EARLY-1', 'Nothing to worry about here.')
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: 1, flagged: 0 })
    release()
    await slow
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: 1, flagged: 1 })
    assert.equal(await flagsOn(lateId), 1)
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: 0, flagged: 0 })
  })
})
