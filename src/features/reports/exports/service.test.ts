import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { text } from 'node:stream/consumers'
import { after, before, test } from 'node:test'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { createTestApp, type TestApp } from '../../../testing/app.js'
import { createExportService } from './service.js'

let t: TestApp
before(async () => {
  t = await createTestApp({ referenceResponses: 60 })
})
after(() => t.close())

test('an export read in small batches has every response once, in reference order', async () => {
  const consultation = await t.services.consultations.getBySlug(referenceSlug)
  const exports = createExportService({
    db: t.database.db,
    now: () => new Date(),
    consultations: t.services.consultations,
    batchSize: 7,
  })
  const prepared = await exports.prepareResponseExport({
    consultation,
    format: 'jsonl',
    variant: 'analysis',
    withContacts: false,
    actor: { userId: null, label: 'test' },
  })
  const output = new PassThrough()
  const [written, body] = await Promise.all([prepared.writeTo(output), text(output)])
  const references = body
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line).reference as string)
  const stored = await t.database.db
    .selectFrom('responses')
    .select('reference')
    .where('consultation_id', '=', consultation.id)
    .orderBy('reference')
    .execute()
  assert.equal(written, 60)
  assert.deepEqual(
    references,
    stored.map((r) => r.reference),
  )
})

test('an export of a consultation with no responses is its header alone', async () => {
  // The small open consultation the test app always loads, here with no responses.
  const [empty] = await t.services.consultations.listOpen()
  if (!empty) throw new Error('the test app has no open consultation')
  const prepared = await t.services.exports.prepareResponseExport({
    consultation: empty,
    format: 'csv',
    variant: 'open-data',
    withContacts: false,
    actor: { userId: null, label: 'test' },
  })
  const output = new PassThrough()
  const [written, body] = await Promise.all([prepared.writeTo(output), text(output)])
  assert.equal(written, 0)
  assert.equal(body.trimEnd().split('\n').length, 1)
  assert.match(body, /^row,channel,status,counted,not_counted_because,submitted_on/)
})
