import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../../testing/databases.js'
import {
  auditHash,
  queueAudit,
  recordAudit,
  sealAuditEntries,
  systemActor,
  verifyAuditChain,
} from './audit-log.js'

/** What a verification found, without the head hash, which differs from run to run. */
async function chainState(db: Parameters<typeof verifyAuditChain>[0], pageSize?: number) {
  const { checked, brokenAtSeq } = await verifyAuditChain(db, pageSize)
  return { checked, brokenAtSeq }
}

test('audit entries form a hash chain that verifies, and a forged entry breaks it', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    for (const action of ['consultation.created', 'consultation.opened', 'response.excluded']) {
      await db.transaction().execute((trx) =>
        recordAudit(trx, {
          actor: systemActor,
          action,
          entityType: 'consultation',
          entityId: 'c1',
          details: { n: 1 },
        }),
      )
    }
    assert.deepEqual(await chainState(db, 2), { checked: 3, brokenAtSeq: undefined })
    const entries = await db
      .selectFrom('audit_log')
      .select(['seq', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute()
    assert.equal(entries[1]?.prev_hash, entries[0]?.hash)
    assert.equal(entries[2]?.prev_hash, entries[1]?.hash)

    // Rows cannot be edited (a trigger refuses), but one can be appended by hand with a made-up hash.
    const last = entries[2]?.hash ?? ''
    await db
      .insertInto('audit_log')
      .values({
        actor_label: 'intruder',
        action: 'response.deleted',
        entity_type: 'response',
        entity_id: 'r1',
        details: '{}',
        prev_hash: last,
        hash: 'f'.repeat(64),
      })
      .execute()
    const check = await verifyAuditChain(db)
    assert.equal(check.checked, 3)
    assert.ok(check.brokenAtSeq)
  } finally {
    await database.close()
  }
})

test('the hash covers every field, in a stable order', () => {
  const fields = {
    occurredAt: '2021-05-24T08:00:00.000Z',
    actorUserId: null,
    actorLabel: 'system',
    action: 'a',
    entityType: 'e',
    entityId: '1',
    details: { b: 1, a: 2 },
  }
  const reordered = { ...fields, details: { a: 2, b: 1 } }
  assert.equal(auditHash('0', fields), auditHash('0', reordered))
  assert.notEqual(auditHash('0', fields), auditHash('0', { ...fields, entityId: '2' }))
  assert.notEqual(auditHash('0', fields), auditHash('1', fields))
  assert.match(auditHash('0', fields), /^[0-9a-f]{64}$/)
})

test('queued entries are chained by sealing, in the order they were written, after those recorded directly', async () => {
  const database = await createTestDatabase()
  const { db } = database
  const entry = (action: string, entityId: string) => ({
    actor: systemActor,
    action,
    entityType: 'response',
    entityId,
    details: { channel: 'online' },
  })
  try {
    await db.transaction().execute((trx) => recordAudit(trx, entry('consultation.created', 'c1')))
    // Writers queue at once without waiting for one another; one that rolls back leaves nothing.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction().execute((trx) => queueAudit(trx, entry('response.submitted', `r${i}`))),
      ),
    )
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await queueAudit(trx, entry('response.submitted', 'rolled-back'))
        throw new Error('the change failed')
      }),
      /the change failed/,
    )
    assert.equal((await db.selectFrom('audit_log').select('seq').execute()).length, 1)

    const queuedOrder = (
      await db.selectFrom('audit_pending').select('entity_id').orderBy('id').execute()
    ).map((r) => r.entity_id)
    assert.equal(await sealAuditEntries(db, 5), 12)
    assert.equal(await sealAuditEntries(db), 0)
    assert.deepEqual(await db.selectFrom('audit_pending').selectAll().execute(), [])
    const chained = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    assert.deepEqual(
      chained.map((r) => r.entity_id),
      ['c1', ...queuedOrder],
    )
    assert.deepEqual(chained[5]?.details, { channel: 'online' })
    assert.deepEqual(await chainState(db, 4), { checked: 13, brokenAtSeq: undefined })

    // A direct entry after sealing chains on to the sealed ones.
    await db.transaction().execute((trx) => recordAudit(trx, entry('response.excluded', 'r1')))
    assert.deepEqual(await chainState(db), { checked: 14, brokenAtSeq: undefined })
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await queueAudit(trx, entry('response.submitted', 'r99'))
        await trx.updateTable('audit_pending').set({ action: 'changed' }).execute()
      }),
      /append-only/,
    )
  } finally {
    await database.close()
  }
})

test('sealers in parallel, as several web processes run them, keep one unbroken chain', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    // A few writers at once (the test database's pool is small), each sealing after every entry.
    await Promise.all(
      Array.from({ length: 4 }, async (_, writer) => {
        for (let i = 0; i < 6; i++) {
          const entityId = `r${writer}-${i}`
          await db.transaction().execute((trx) =>
            queueAudit(trx, {
              actor: systemActor,
              action: 'response.submitted',
              entityType: 'response',
              entityId,
            }),
          )
          await sealAuditEntries(db, 4)
        }
      }),
    )
    await sealAuditEntries(db)
    assert.deepEqual(await chainState(db), { checked: 24, brokenAtSeq: undefined })
  } finally {
    await database.close()
  }
})
