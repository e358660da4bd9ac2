import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { buffer, text } from 'node:stream/consumers'
import { after, before, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { neutraliseFormula } from '../../../platform/csv/formula-cells.js'
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
      const request = {
        consultation,
        format: 'csv',
        variant,
        withContacts,
        actor: { userId: null, label: 'test' },
      } as const
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

test('an XLSX the database writes the rows of holds every cell the JSON lines hold, typed', async () => {
  const tricky = '<b>&amp; "x"</b>\u0007 =1+1\nsecond\tline \\ end\r '
  const consultation = await t.services.consultations.getBySlug(referenceSlug)
  const [first] = await t.database.db
    .selectFrom('responses')
    .select(['id', 'answers'])
    .where('consultation_id', '=', consultation.id)
    .orderBy('reference')
    .limit(1)
    .execute()
  if (!first) throw new Error('the reference consultation has no responses')
  await t.database.db
    .updateTable('responses')
    .set({ answers: JSON.stringify({ ...first.answers, p1_comments: tricky }) })
    .where('id', '=', first.id)
    .execute()
  const batched = createExportService({
    db: t.database.db,
    now: () => new Date(),
    consultations: t.services.consultations,
    batchSize: 7,
  })
  // In batches here; as the app wires it, which on PostgreSQL is COPY.
  for (const service of [batched, t.services.exports])
    for (const variant of ['analysis', 'open-data'] as const) {
      const request = { consultation, variant, withContacts: true, actor: { userId: null, label: 'test' } }
      const run = async (format: 'xlsx' | 'jsonl') => {
        const prepared = await service.prepareResponseExport({ ...request, format })
        const output = new PassThrough()
        const [written, body] = await Promise.all([prepared.writeTo(output), buffer(output)])
        return { written, body }
      }
      const xlsx = await run('xlsx')
      const lines = await run('jsonl')
      assert.equal(xlsx.written, 60)
      const records = lines.body
        .toString()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, string | number | boolean | null>)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer)
      const [readme, sheet] = workbook.worksheets
      assert.equal(readme?.getRow(1).getCell(2).value, consultation.title)
      if (!sheet) throw new Error('no responses sheet')
      const names = (sheet.getRow(1).values as unknown[]).slice(1)
      assert.deepEqual(names, Object.keys(records[0] ?? {}))
      assert.equal(sheet.rowCount, 61)
      records.forEach((record, i) => {
        const row = sheet.getRow(i + 2)
        names.forEach((name, j) => {
          const expected = record[String(name)]
          const value = row.getCell(j + 1).value
          const shown = expected === '' || expected === null ? null : expected
          // XML cannot hold the bell character, so it is dropped.
          assert.deepEqual(
            value ?? null,
            shown === tricky ? tricky.replace('\u0007', '') : shown,
            `${name} of row ${i + 2}`,
          )
        })
      })
    }
})

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const notInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g

test('an XLSX holds the values of the CSV, text that looks like a formula kept as text', async () => {
  const consultation = await t.services.consultations.getBySlug(referenceSlug)
  const formulas = ['=SUM(A1:A9)', '+44 7700 900000', '-1 or less', '@someone']
  const rows = await t.database.db
    .selectFrom('responses')
    .select(['id', 'answers'])
    .where('consultation_id', '=', consultation.id)
    .orderBy('reference', 'desc')
    .limit(formulas.length)
    .execute()
  for (const [i, row] of rows.entries())
    await t.database.db
      .updateTable('responses')
      .set({ answers: JSON.stringify({ ...row.answers, overall_comments: formulas[i] }) })
      .where('id', '=', row.id)
      .execute()
  const request = {
    consultation,
    variant: 'analysis' as const,
    withContacts: true,
    actor: { userId: null, label: 'test' },
  }
  const run = async (format: 'xlsx' | 'csv') => {
    const prepared = await t.services.exports.prepareResponseExport({ ...request, format } as const)
    const output = new PassThrough()
    return (await Promise.all([prepared.writeTo(output), buffer(output)]))[1]
  }
  const csv = parse(await run('csv')) as string[][]
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load((await run('xlsx')) as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[1]
  if (!sheet) throw new Error('no responses sheet')
  const [header = []] = csv
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), header)
  assert.equal(sheet.rowCount, csv.length)
  const comments = header.indexOf('overall_comments') + 1
  const seen: unknown[] = []
  csv.slice(1).forEach((record, i) => {
    const row = sheet.getRow(i + 2)
    seen.push(row.getCell(comments).value)
    record.forEach((expected, j) => {
      const value = row.getCell(j + 1).value
      // A formula would read back as an object; every cell is text, a number or a truth.
      assert.ok(value === null || ['string', 'number', 'boolean'].includes(typeof value), `${header[j]}`)
      const shown = typeof value === 'string' ? neutraliseFormula(value) : value === null ? '' : String(value)
      // XML cannot hold most control characters (an earlier test stored a bell), so the XLSX drops them.
      assert.equal(shown, expected.replace(notInXml, ''), `${header[j]} of row ${i + 2}`)
    })
  })
  for (const formula of formulas) assert.ok(seen.includes(formula), formula)
})
