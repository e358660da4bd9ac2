import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { text } from 'node:stream/consumers'
import { parse } from 'csv-parse/sync'
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

test('a CSV the database writes with COPY has the cells of one built row by row, formula-safe', async () => {
  const consultation = await t.services.consultations.getBySlug(referenceSlug)
  const [first, second] = await t.database.db
    .selectFrom('responses')
    .select(['id', 'answers'])
    .where('consultation_id', '=', consultation.id)
    .orderBy('reference')
    .limit(2)
    .execute()
  if (!first || !second) throw new Error('the reference consultation has no responses')
  const tricky = {
    ...first.answers,
    p1_comments: '=HYPERLINK("http://example.org")',
    overall_comments: 'one, "two"\nthree\r',
    relationship: '',
  }
  await t.database.db
    .updateTable('responses')
    .set({ answers: JSON.stringify(tricky), responding_for: '@someone', exclusion_reason: '-12.5%' })
    .where('id', '=', first.id)
    .execute()
  await t.database.db
    .updateTable('responses')
    .set({ answers: JSON.stringify({ ...second.answers, p2_comments: '\\.', p1_comments: '+1 and more' }) })
    .where('id', '=', second.id)
    .execute()
  const rowByRow = createExportService({
    db: t.database.db,
    now: () => new Date(),
    consultations: t.services.consultations,
  })
  for (const variant of ['analysis', 'open-data'] as const)
    for (const withContacts of [false, true]) {
      const request = { consultation, format: 'csv', variant, withContacts, actor: { userId: null, label: 'test' } } as const
      const csvOf = async (service: typeof rowByRow) => {
        const prepared = await service.prepareResponseExport(request)
        const output = new PassThrough()
        const [written, body] = await Promise.all([prepared.writeTo(output), text(output)])
        return { written, records: parse(body) as string[][] }
      }
      const copied = await csvOf(t.services.exports)
      const built = await csvOf(rowByRow)
      assert.equal(copied.written, built.written)
      assert.deepEqual(copied.records, built.records, `${variant}, contacts ${withContacts}`)
      if (variant === 'analysis') {
        const [header = [], row = [], next = []] = copied.records
        const cell = (r: string[], name: string) => r[header.indexOf(name)]
        assert.equal(cell(row, 'p1_comments'), `'=HYPERLINK("http://example.org")`)
        assert.equal(cell(row, 'overall_comments'), 'one, "two"\nthree\r')
        assert.equal(cell(row, 'responding_for'), `'@someone`)
        assert.equal(cell(row, 'exclusion_reason'), '-12.5%')
        assert.equal(cell(row, 'relationship'), '')
        assert.equal(cell(next, 'p2_comments'), '\\.')
        assert.equal(cell(next, 'p1_comments'), `'+1 and more`)
        assert.equal(header.includes('contact_email'), withContacts)
      }
    }
})
