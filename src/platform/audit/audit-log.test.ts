import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../../app/testing.js'
import { auditHash, recordAudit, systemActor, verifyAuditChain } from './audit-log.js'

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
    assert.deepEqual(await verifyAuditChain(db, 2), { checked: 3, brokenAtSeq: undefined })
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
