import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../../testing/databases.js'
import { queueAudit, systemActor, verifyAuditChain } from './audit-log.js'
import { createAuditSealer } from './audit-sealer.js'

/** What a verification found, without the head hash, which differs from run to run. */
async function chainState(db: Parameters<typeof verifyAuditChain>[0], pageSize?: number) {
  const { checked, brokenAtSeq } = await verifyAuditChain(db, pageSize)
  return { checked, brokenAtSeq }
}

test('every caller finds its queued entry chained once its sealing resolves, however many call at once', async () => {
  const database = await createTestDatabase()
  const { db } = database
  const errors: unknown[] = []
  const sealer = createAuditSealer(db, (error) => errors.push(error))
  try {
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const entityId = `r${i}`
        await db.transaction().execute((trx) =>
          queueAudit(trx, {
            actor: systemActor,
            action: 'response.submitted',
            entityType: 'response',
            entityId,
          }),
        )
        await sealer.sealQueued()
        const chained = await db
          .selectFrom('audit_log')
          .select('seq')
          .where('entity_id', '=', entityId)
          .execute()
        assert.equal(chained.length, 1, `${entityId} chained when its sealing resolved`)
      }),
    )
    assert.deepEqual(errors, [])
    assert.deepEqual(await chainState(db), { checked: 20, brokenAtSeq: undefined })
  } finally {
    await database.close()
  }
})

test('a sealing that fails is reported and resolves, leaving the entries queued', async () => {
  const database = await createTestDatabase()
  const errors: unknown[] = []
  const sealer = createAuditSealer(database.db, (error) => errors.push(error))
  await database.close()
  await sealer.sealQueued()
  assert.equal(errors.length, 1)
})
