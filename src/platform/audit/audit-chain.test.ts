import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  auditHash,
  type ChainedFields,
  chainedFields,
  chainedFieldsOf,
  chainRows,
  checkChainPage,
  genesisHash,
  type StoredEntry,
} from './audit-chain.js'

// The chain without a database: what a hash covers, how entries link, where a chain stops holding.
// Writing, sealing and reading the log are in audit-log.test.ts.

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

test('an auditor can recompute a hash with any SHA-256 tool: the hash before, a newline, the fields as sorted JSON', () => {
  const fields = {
    occurredAt: '2021-05-24T08:00:00.000Z',
    actorUserId: null,
    actorLabel: 'system',
    action: 'consultation.opened',
    entityType: 'consultation',
    entityId: 'c1',
    details: { b: 1, a: 2 },
  }
  // printf '%s\n%s' 000…000 '{"action":"consultation.opened",…,"occurredAt":"2021-05-24T08:00:00.000Z"}' | sha256sum
  assert.equal(
    auditHash(genesisHash, fields),
    '956036ec2b2677d8b194a882fad0c5d707fa3620a4a44f3078fb1f41c10fc2af',
  )
  assert.equal(genesisHash, '0'.repeat(64))
})

const at = new Date('2026-12-06T10:15:00.000Z')

test('an entry covers who acted, what they did, to which record and when, with the changes among its details', () => {
  assert.deepEqual(
    chainedFields(
      {
        actor: { userId: 'u1', label: 'dana@example.org' },
        action: 'consultation.updated',
        entityType: 'consultation',
        entityId: 'c1',
        details: { note: 'dates moved' },
        changes: { closesAt: { before: '2026-12-01', after: '2026-12-08' } },
      },
      at,
    ),
    {
      occurredAt: '2026-12-06T10:15:00.000Z',
      actorUserId: 'u1',
      actorLabel: 'dana@example.org',
      action: 'consultation.updated',
      entityType: 'consultation',
      entityId: 'c1',
      details: { note: 'dates moved', changes: { closesAt: { before: '2026-12-01', after: '2026-12-08' } } },
    },
  )
})

test('an entry with no details records empty details, and one with only changes records just them', () => {
  const base = { actor: { userId: null, label: 'system' }, action: 'a.b', entityType: 'e', entityId: '1' }
  assert.deepEqual(chainedFields(base, at).details, {})
  assert.deepEqual(chainedFields({ ...base, changes: { title: { before: 'A', after: 'B' } } }, at).details, {
    changes: { title: { before: 'A', after: 'B' } },
  })
})

const fields = (entityId: string): ChainedFields => ({
  occurredAt: '2026-12-06T10:15:00.000Z',
  actorUserId: null,
  actorLabel: 'system',
  action: 'response.excluded',
  entityType: 'response',
  entityId,
  details: { reason: `reason ${entityId}` },
})

test('each entry of a batch points at the one before it, and the first at the hash it follows', () => {
  const start = 'a'.repeat(64)
  const rows = chainRows(start, [fields('r1'), fields('r2'), fields('r3')])
  assert.equal(rows[0]?.prev_hash, start)
  assert.equal(rows[0]?.hash, auditHash(start, fields('r1')))
  assert.equal(rows[1]?.prev_hash, rows[0]?.hash)
  assert.equal(rows[1]?.hash, auditHash(rows[0]?.hash ?? '', fields('r2')))
  assert.equal(rows[2]?.prev_hash, rows[1]?.hash)
  assert.deepEqual(chainRows(start, []), [])
})

test('a chained row stores each field where the log keeps it, details as JSON', () => {
  const [row] = chainRows(genesisHash, [
    { ...fields('r1'), actorUserId: 'u1', actorLabel: 'dana@example.org' },
  ])
  assert.deepEqual(row, {
    occurred_at: at,
    actor_user_id: 'u1',
    actor_label: 'dana@example.org',
    action: 'response.excluded',
    entity_type: 'response',
    entity_id: 'r1',
    details: '{"reason":"reason r1"}',
    prev_hash: genesisHash,
    hash: auditHash(genesisHash, { ...fields('r1'), actorUserId: 'u1', actorLabel: 'dana@example.org' }),
  })
})

/** Rows as the log returns them for a run of entries chained from `start`. */
function stored(start: string, ...entityIds: string[]): StoredEntry[] {
  return chainRows(start, entityIds.map(fields)).map((row, i) => ({
    ...row,
    seq: String(i + 1),
    details: JSON.parse(row.details) as Record<string, unknown>,
  }))
}

test('a stored entry is read back as the fields it was hashed with, whether its time comes as a date or text', () => {
  const [row] = stored(genesisHash, 'r1')
  assert.ok(row)
  assert.deepEqual(chainedFieldsOf(row), fields('r1'))
  assert.deepEqual(chainedFieldsOf({ ...row, occurred_at: '2026-12-06 10:15:00+00' }), fields('r1'))
})

test('an unbroken run of entries holds, and its head is the hash of the last', () => {
  const rows = stored(genesisHash, 'r1', 'r2', 'r3')
  assert.deepEqual(checkChainPage(genesisHash, rows), { checked: 3, headHash: rows[2]?.hash })
  assert.deepEqual(checkChainPage(genesisHash, []), { checked: 0, headHash: genesisHash })
  // A page further on is checked against the head of the page before.
  assert.deepEqual(checkChainPage(rows[0]?.hash ?? '', rows.slice(1)), {
    checked: 2,
    headHash: rows[2]?.hash,
  })
})

test('an entry whose recorded details were changed breaks the chain there, by its hash', () => {
  const rows = stored(genesisHash, 'r1', 'r2', 'r3')
  const changed = rows.map((row, i) => (i === 1 ? { ...row, details: { reason: 'a kinder reason' } } : row))
  assert.deepEqual(checkChainPage(genesisHash, changed), {
    checked: 1,
    headHash: rows[0]?.hash,
    broken: { seq: '2', because: 'hash' },
  })
})

test('an entry taken out of the chain breaks it at the next one, by its link', () => {
  const rows = stored(genesisHash, 'r1', 'r2', 'r3')
  assert.deepEqual(checkChainPage(genesisHash, [rows[0], rows[2]] as StoredEntry[]), {
    checked: 1,
    headHash: rows[0]?.hash,
    broken: { seq: '3', because: 'link' },
  })
  assert.deepEqual(checkChainPage(genesisHash, rows.slice(1)), {
    checked: 0,
    headHash: genesisHash,
    broken: { seq: '2', because: 'link' },
  })
})

test('every field an entry records is covered by its hash', () => {
  const [row] = stored(genesisHash, 'r1')
  assert.ok(row)
  const edits: Partial<StoredEntry>[] = [
    { occurred_at: new Date('2026-12-06T10:15:01.000Z') },
    { actor_user_id: 'u2' },
    { actor_label: 'someone else' },
    { action: 'response.reinstated' },
    { entity_type: 'comment' },
    { entity_id: 'r2' },
    { details: {} },
  ]
  for (const edit of edits) {
    assert.deepEqual(
      checkChainPage(genesisHash, [{ ...row, ...edit }]).broken,
      { seq: '1', because: 'hash' },
      JSON.stringify(edit),
    )
  }
})
