import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase } from '../../testing/databases.js'
import {
  auditHash,
  featureAudit,
  genesisHash,
  publicActor,
  queueAudit,
  queueAuditFrom,
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

test('an entry records who, what, to which record and when, with the changes among its details', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    const at = new Date('2026-12-06T10:15:00.000Z')
    const actor = { userId: null, label: 'dana@example.org' }
    await db.transaction().execute((trx) =>
      recordAudit(
        trx,
        {
          actor,
          action: 'consultation.updated',
          entityType: 'consultation',
          entityId: 'c1',
          details: { note: 'dates moved' },
          changes: { closesAt: { before: '2026-12-01', after: '2026-12-08' } },
        },
        at,
      ),
    )
    await db
      .transaction()
      .execute((trx) =>
        recordAudit(
          trx,
          { actor: publicActor, action: 'response.viewed', entityType: 'response', entityId: 'r1' },
          at,
        ),
      )
    const rows = await db
      .selectFrom('audit_log')
      .select([
        'occurred_at',
        'actor_user_id',
        'actor_label',
        'action',
        'entity_type',
        'entity_id',
        'details',
        'prev_hash',
      ])
      .orderBy('seq')
      .execute()
    assert.deepEqual(rows[0], {
      occurred_at: at,
      actor_user_id: null,
      actor_label: 'dana@example.org',
      action: 'consultation.updated',
      entity_type: 'consultation',
      entity_id: 'c1',
      details: { note: 'dates moved', changes: { closesAt: { before: '2026-12-01', after: '2026-12-08' } } },
      prev_hash: genesisHash,
    })
    assert.deepEqual(rows[1]?.details, {})
    assert.equal(rows[1]?.actor_label, 'public')
    assert.deepEqual(await chainState(db), { checked: 2, brokenAtSeq: undefined })
  } finally {
    await database.close()
  }
})

test("a feature's actions are named after the feature and stamped with its clock", async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    const clock = new Date('2026-12-06T11:00:00.000Z')
    const audit = featureAudit('governance', () => clock)
    await db
      .transaction()
      .execute((trx) =>
        audit(trx, systemActor, 'meeting_added', { type: 'meeting', id: 'm1' }, { title: 'Governing Body' }),
      )
    const row = await db
      .selectFrom('audit_log')
      .select(['occurred_at', 'action', 'entity_type', 'entity_id', 'details', 'actor_label'])
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, {
      occurred_at: clock,
      action: 'governance.meeting_added',
      entity_type: 'meeting',
      entity_id: 'm1',
      details: { title: 'Governing Body' },
      actor_label: 'system',
    })
  } finally {
    await database.close()
  }
})

test('entries queued by the statement that writes their records are chained, one per record, as written', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    const at = new Date('2026-12-06T12:00:00.000Z')
    await sql`
      with written as (select unnest(array['r1', 'r2']) as id)
      ${queueAuditFrom('written', { actor: publicActor, action: 'response.submitted', entityType: 'response', details: { channel: 'online' } }, at)}
    `.execute(db)
    await db.transaction().execute((trx) =>
      queueAudit(
        trx,
        {
          actor: systemActor,
          action: 'response.flagged',
          entityType: 'response',
          entityId: 'r1',
          details: { why: 'busy' },
        },
        at,
      ),
    )
    assert.equal(await sealAuditEntries(db), 3)
    const rows = await db
      .selectFrom('audit_log')
      .select([
        'occurred_at',
        'actor_user_id',
        'actor_label',
        'action',
        'entity_type',
        'entity_id',
        'details',
      ])
      .orderBy('seq')
      .execute()
    assert.deepEqual(rows, [
      ...['r1', 'r2'].map((id) => ({
        occurred_at: at,
        actor_user_id: null,
        actor_label: 'public',
        action: 'response.submitted',
        entity_type: 'response',
        entity_id: id,
        details: { channel: 'online' },
      })),
      {
        occurred_at: at,
        actor_user_id: null,
        actor_label: 'system',
        action: 'response.flagged',
        entity_type: 'response',
        entity_id: 'r1',
        details: { why: 'busy' },
      },
    ])
    assert.deepEqual(await chainState(db), { checked: 3, brokenAtSeq: undefined })
  } finally {
    await database.close()
  }
})

test('the chain check says which entry breaks it and why, and gives the last good hash', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    for (const entityId of ['c1', 'c2', 'c3']) {
      await db.transaction().execute((trx) =>
        recordAudit(trx, {
          actor: systemActor,
          action: 'consultation.created',
          entityType: 'consultation',
          entityId,
        }),
      )
    }
    const entries = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq').execute()
    const last = entries[2]?.hash ?? ''
    assert.deepEqual(await verifyAuditChain(db, 2), { checked: 3, brokenAtSeq: undefined, headHash: last })
    assert.deepEqual(await verifyAuditChain(db, 1), { checked: 3, brokenAtSeq: undefined, headHash: last })

    // An entry added by hand that points at the right predecessor but carries a made-up hash.
    const forged = async (prevHash: string, hash: string) =>
      (
        await db
          .insertInto('audit_log')
          .values({
            actor_label: 'intruder',
            action: 'response.deleted',
            entity_type: 'response',
            entity_id: 'r1',
            details: '{}',
            prev_hash: prevHash,
            hash,
          })
          .returning('seq')
          .executeTakeFirstOrThrow()
      ).seq
    const badHash = await forged(last, 'f'.repeat(64))
    assert.deepEqual(await verifyAuditChain(db), {
      checked: 3,
      brokenAtSeq: String(badHash),
      brokenBecause: 'hash',
      headHash: last,
    })
    assert.deepEqual(await verifyAuditChain(db, 3), {
      checked: 3,
      brokenAtSeq: String(badHash),
      brokenBecause: 'hash',
      headHash: last,
    })
  } finally {
    await database.close()
  }
})

test('an entry that does not point at the one before it breaks the chain at its link', async () => {
  const database = await createTestDatabase()
  const { db } = database
  try {
    await db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor: systemActor,
        action: 'consultation.created',
        entityType: 'consultation',
        entityId: 'c1',
      }),
    )
    const first = await db.selectFrom('audit_log').select('hash').executeTakeFirstOrThrow()
    // A well-made entry, hashed correctly, but chained to the start rather than to the first entry.
    const fields = {
      occurredAt: '2026-12-06T09:00:00.000Z',
      actorUserId: null,
      actorLabel: 'intruder',
      action: 'response.deleted',
      entityType: 'response',
      entityId: 'r1',
      details: {},
    }
    const { seq } = await db
      .insertInto('audit_log')
      .values({
        occurred_at: new Date(fields.occurredAt),
        actor_label: fields.actorLabel,
        action: fields.action,
        entity_type: fields.entityType,
        entity_id: fields.entityId,
        details: '{}',
        prev_hash: genesisHash,
        hash: auditHash(genesisHash, fields),
      })
      .returning('seq')
      .executeTakeFirstOrThrow()
    assert.deepEqual(await verifyAuditChain(db), {
      checked: 1,
      brokenAtSeq: String(seq),
      brokenBecause: 'link',
      headHash: first.hash,
    })
  } finally {
    await database.close()
  }
})

test('an empty log holds, and its head is the start of the chain', async () => {
  const database = await createTestDatabase()
  try {
    assert.deepEqual(await verifyAuditChain(database.db), {
      checked: 0,
      brokenAtSeq: undefined,
      headHash: genesisHash,
    })
    assert.equal(await sealAuditEntries(database.db), 0)
  } finally {
    await database.close()
  }
})
