import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, test } from 'node:test'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { sql } from 'kysely'
import { createServices, type Services } from '../../../app/services.js'
import { ValidationError } from '../../../platform/errors.js'
import { publishOpenConsultation } from '../../../testing/app.js'
import { createTestDatabase, type TestDatabase } from '../../../testing/databases.js'
import { findProgress, markImport, markProgress } from './repository.js'
import type { ImportMapping } from './rows.js'

// Every bad input the issue lists, end to end through the import service on the test database
// (PGlite, or PostgreSQL with DATABASE_URL): each is read correctly or refused with its row and
// column, and a refused file writes nothing.

const actor = { userId: null, label: 'importer@example.org' }
let database: TestDatabase
let services: Services
let consultationId: string

before(async () => {
  database = await createTestDatabase()
  services = createServices({ database, now: () => new Date(), importLimitBytes: 256 * 1024 })
  await publishOpenConsultation(services, 'import-test')
  consultationId = (await services.consultations.getBySlug('import-test')).id
})
after(() => database.close())

const mapping = {
  columns: {
    'How do you travel?': 'single',
    Uses: 'multiple',
    Comments: 'comments',
    Count: 'count',
    When: 'when',
  },
  idColumn: 'Form',
}
const heading = 'Form,How do you travel?,Uses,Comments,Count,When'

async function importFile(
  data: Buffer,
  options: { fileName?: string; sheet?: string; dryRun?: boolean; map?: ImportMapping } = {},
) {
  const uploaded = await services.imports.upload(
    consultationId,
    { fileName: options.fileName ?? 'paper.csv', stream: Readable.from([data]), sheet: options.sheet },
    actor,
  )
  await services.imports.setMapping(uploaded.importId, options.map ?? mapping, options.sheet ?? null)
  const outcome = await services.imports.run({
    importId: uploaded.importId,
    dryRun: options.dryRun ?? false,
    actor,
  })
  return { ...uploaded, outcome, stored: await services.imports.getImport(uploaded.importId) }
}

async function importedCount() {
  const row = await database.db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('channel', '=', 'import')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

test('a file is imported whole, with labels or values, and importing it again adds nothing', async () => {
  const csv = `${heading}\nP1,Bus,car;Walk,Too far,2,24/05/2021\nP2,walk,,"=HYPERLINK(""x"")",0,2021-05-25\n`
  const first = await importFile(Buffer.from(csv))
  assert.equal(first.outcome.problemCount, 0)
  assert.equal(first.outcome.rowsNew, 2)
  assert.equal(first.stored.status, 'imported')
  assert.equal(first.stored.formula_like, 1)
  const rows = await database.db
    .selectFrom('responses')
    .select(['answers', 'channel', 'import_row_key', 'import_id'])
    .where('import_id', '=', first.importId)
    .orderBy('import_row_key')
    .execute()
  assert.deepEqual(rows[0]?.answers, {
    single: 'bus',
    multiple: ['car', 'walk'],
    comments: 'Too far',
    count: 2,
    when: '2021-05-24',
  })
  // Free text that looks like a formula is kept as typed; exports are what must escape it.
  assert.equal(rows[1]?.answers.comments, '=HYPERLINK("x")')
  assert.equal(rows[0]?.import_row_key, 'id:P1')
  const audit = await database.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('entity_id', '=', first.importId)
    .orderBy('seq')
    .execute()
  assert.deepEqual(
    audit.map((a) => a.action),
    ['import.uploaded', 'responses.imported'],
  )

  const again = await importFile(Buffer.from(csv))
  assert.ok(again.importedBefore, 'the same file is recognised by its hash')
  assert.equal(again.outcome.rowsNew, 0)
  assert.equal(again.outcome.rowsAlready, 2)

  // A later file repeating one row (by its ID) adds only the new one.
  const more = await importFile(Buffer.from(`${heading}\nP2,Walk,,changed,0,\nP3,Car,,,1,\n`))
  assert.equal(more.outcome.rowsNew, 1)
  assert.equal(more.outcome.rowsAlready, 1)
  assert.equal(await importedCount(), 3)
})

test('comments starting with = + - or @ are stored as typed, and each is counted', async () => {
  const cells = ['=1+2', '+44 20 7946 0000', '-not a minus', '@mention']
  const lines = [heading, ...cells.map((cell, i) => `F${i},Bus,,"${cell}",1,`)]
  const result = await importFile(Buffer.from(`${lines.join('\n')}\n`))
  assert.equal(result.outcome.rowsNew, 4)
  assert.equal(result.stored.formula_like, 4)
  const stored = await database.db
    .selectFrom('responses')
    .select(sql<string>`answers->>'comments'`.as('comments'))
    .where('import_id', '=', result.importId)
    .orderBy('import_row_key')
    .execute()
  assert.deepEqual(
    stored.map((r) => r.comments),
    cells,
  )
})

test('without an ID column, a row is known by its values: the same row twice is one response', async () => {
  const noId = { ...mapping, idColumn: null }
  const csv = 'How do you travel?,Comments\nBus,same words\nBus,same words\nCar,other words\n'
  const before = await importedCount()
  const result = await importFile(Buffer.from(csv), {
    map: { ...noId, columns: { 'How do you travel?': 'single', Comments: 'comments' } },
  })
  assert.equal(result.outcome.rowsNew, 2)
  assert.equal(result.outcome.rowsAlready, 1)
  assert.equal(await importedCount(), before + 2)
})

test('a dry run checks and counts everything but writes nothing', async () => {
  const before = await importedCount()
  const result = await importFile(Buffer.from(`${heading}\nD1,Bus,,,1,\nD2,Car,,,2,\n`), { dryRun: true })
  assert.equal(result.outcome.rowsNew, 2)
  assert.equal(result.stored.status, 'checked')
  assert.equal(await importedCount(), before)
})

test('one bad row anywhere, even after batches were written, and nothing is stored: each problem has its row and column', async () => {
  const before = await importedCount()
  const lines = [heading]
  for (let i = 1; i <= 4500; i++) lines.push(`B${i},Bus,,,${i},`)
  lines.push('B4501,Maybe,Car;Boat,,x,31/02/2021')
  lines.push('B4502,=cmd|calc,,,1,')
  lines.push('B4503,Bus,,,1,,,extra')
  const result = await importFile(Buffer.from(`${lines.join('\n')}\n`))
  assert.equal(result.stored.status, 'refused')
  assert.equal(await importedCount(), before)
  const problems = result.stored.problems.map((p) => `${p.row}|${p.column}|${p.problem}`)
  assert.ok(problems.some((p) => p.startsWith('4502|How do you travel?|"Maybe" is not one of the answers')))
  assert.ok(problems.some((p) => p.startsWith('4502|Uses|"Boat" is not one of the answers')))
  assert.ok(
    problems.some((p) => p.startsWith('4503|How do you travel?|"=cmd|calc" is not one of the answers')),
  )
  assert.ok(problems.some((p) => p.startsWith('4504|null|This row has 8 cells')))
  assert.equal(result.stored.problem_count, 4)
})

test('form checks name the column: a number that is not one, a date that does not exist', async () => {
  const result = await importFile(Buffer.from(`${heading}\nN1,Bus,,,many,31/02/2021\n`))
  assert.deepEqual(
    result.stored.problems.map((p) => [p.row, p.column, p.problem]),
    [
      [2, 'Count', 'Enter a number, like 12'],
      [2, 'When', 'Enter a real date'],
    ],
  )
})

test('Windows-1252 and UTF-8 with a byte order mark are stored as the same text', async () => {
  const text = `${heading}\nE1,Bus,,Café – “too far”,1,\n`
  const cp = await importFile(iconv.encode(text, 'windows1252'))
  const bom = await importFile(
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('E1', 'E2'))]),
  )
  assert.equal(cp.outcome.rowsNew, 1)
  assert.equal(bom.outcome.rowsNew, 1)
  const comments = await database.db
    .selectFrom('responses')
    .select((eb) => eb.ref('answers').as('answers'))
    .where('import_row_key', 'in', ['id:E1', 'id:E2'])
    .execute()
  assert.deepEqual(
    comments.map((c) => c.answers.comments),
    ['Café – “too far”', 'Café – “too far”'],
  )
})

test('mixed line endings and quoted newlines are read as the rows they are', async () => {
  const result = await importFile(Buffer.from(`${heading}\r\nL1,Bus,,"line one\nline two",1,\rL2,Car,,,2,\n`))
  assert.equal(result.outcome.rowsNew, 2)
})

test('an empty file, a heading with no rows, an unclosed quote and a wrong heading are refused precisely', async () => {
  await assert.rejects(
    services.imports.upload(consultationId, { fileName: 'e.csv', stream: Readable.from([]) }, actor),
    (error: unknown) => error instanceof ValidationError && error.fieldErrors.file === 'The file is empty',
  )
  const before = await importedCount()
  const onlyHeading = await importFile(Buffer.from(`${heading}\n`))
  assert.deepEqual(
    onlyHeading.stored.problems.map((p) => p.problem),
    ['The file has a heading row but no responses below it'],
  )
  const quote = await importFile(Buffer.from(`${heading}\nQ1,Bus,,"open,1,\nQ2,Car,,,1,\n`))
  assert.equal(quote.stored.status, 'refused')
  assert.equal(quote.stored.problems[0]?.row, 2)
  assert.match(quote.stored.problems[0]?.problem ?? '', /quoted cell is not closed/)
  const wrong = await importFile(Buffer.from('Form,Travel\nW1,Bus\n'))
  assert.deepEqual(wrong.stored.problems.map((p) => `${p.row} ${p.column}`).sort(), [
    '1 Comments',
    '1 Count',
    '1 How do you travel?',
    '1 Uses',
    '1 When',
    '1 null',
  ])
  assert.equal(await importedCount(), before)
})

test('a file over the limit is refused with the limit named, and nothing of it is kept', async () => {
  const rowsBefore = await database.db.selectFrom('imports').select('id').execute()
  const big = Buffer.alloc(300 * 1024, 'a')
  await assert.rejects(
    services.imports.upload(
      consultationId,
      { fileName: 'big.csv', stream: Readable.from([big.subarray(0, 40_000), big.subarray(40_000)]) },
      actor,
    ),
    (error: unknown) =>
      error instanceof ValidationError && /larger than 256 KB/.test(error.fieldErrors.file ?? ''),
  )
  assert.equal((await database.db.selectFrom('imports').select('id').execute()).length, rowsBefore.length)
})

test('XLSX: the named sheet is imported; a sheet that is not there is refused naming those that are', async () => {
  const book = new ExcelJS.Workbook()
  book.addWorksheet('Cover').addRow(['Responses from the roadshow'])
  const sheet = book.addWorksheet('Responses')
  sheet.addRow(heading.split(','))
  sheet.addRow(['X1', 'Bus', 'Walk', 'ok', 4, new Date(Date.UTC(2021, 4, 24))])
  const data = Buffer.from(await book.xlsx.writeBuffer())
  const good = await importFile(data, { fileName: 'roadshow.xlsx', sheet: 'Responses' })
  assert.equal(good.outcome.rowsNew, 1)
  const wrong = await importFile(data, { fileName: 'roadshow.xlsx', sheet: 'Sheet1' })
  assert.equal(wrong.stored.status, 'refused')
  assert.equal(
    wrong.stored.problems[0]?.problem,
    'The workbook has no sheet called "Sheet1". Its sheets are: Cover, Responses',
  )
})

test('the preview shows the first rows as they would be stored, with a suggested mapping', async () => {
  const uploaded = await services.imports.upload(
    consultationId,
    { fileName: 'p.csv', stream: Readable.from([Buffer.from('single,Tell us why\nBus,hello\nNope,\n')]) },
    actor,
  )
  const preview = await services.imports.preview(uploaded.importId)
  assert.deepEqual(preview.mapping.columns, { single: 'single', 'Tell us why': 'comments' })
  assert.equal(preview.rows.length, 2)
  assert.deepEqual(preview.rows[0]?.result, {
    ok: true,
    answers: { single: 'bus', comments: 'hello' },
    identity: null,
    rowKey: preview.rows[0]?.result.ok ? preview.rows[0].result.rowKey : '',
    formulaLike: 0,
  })
  assert.equal(preview.rows[1]?.result.ok, false)
})

test('a running import shows its progress to another process, and the progress goes when it ends', async () => {
  const uploaded = await services.imports.upload(
    consultationId,
    { fileName: 'progress.csv', stream: Readable.from([Buffer.from(`${heading}\nQ1,Bus,,,,\n`)]) },
    actor,
  )
  await services.imports.setMapping(uploaded.importId, mapping, null)
  // As another server process would see it mid-run: the status says importing, the progress row how far.
  await markImport(database.db, uploaded.importId, { status: 'importing' })
  await markProgress(database.db, uploaded.importId, 4000, new Date())
  const elsewhere = createServices({ database, now: () => new Date(), importLimitBytes: 256 * 1024 })
  assert.equal((await elsewhere.imports.getImport(uploaded.importId)).rows_read, 4000)

  await services.imports.run({ importId: uploaded.importId, dryRun: false, actor })
  const finished = await elsewhere.imports.getImport(uploaded.importId)
  assert.equal(finished.status, 'imported')
  assert.equal(finished.rows_read, 1)
  assert.equal(await findProgress(database.db, uploaded.importId), undefined)
})

test('a file stored in several chunks is read back whole, with rows and characters split across chunks', async () => {
  const larger = createServices({ database, now: () => new Date(), importLimitBytes: 2 * 1024 * 1024 })
  // 9,000 rows of about 100 bytes: over three 256 KB chunks, and multi-byte characters throughout,
  // so the chunk boundaries fall inside rows and inside characters.
  const comment = (i: number) => `Ré ${i}: “naïve, café” ${'é'.repeat(i % 60)}.`
  const lines = [heading]
  for (let i = 1; i <= 9000; i++) lines.push(`C${i},Bus,,"${comment(i)}",${i % 5},`)
  const data = Buffer.from(`${lines.join('\n')}\n`)
  assert.ok(data.length > 3 * 256 * 1024)
  const uploaded = await larger.imports.upload(
    consultationId,
    { fileName: 'chunks.csv', stream: Readable.from([data]) },
    actor,
  )
  const chunks = await database.db
    .selectFrom('import_file_chunks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('import_id', '=', uploaded.importId)
    .executeTakeFirstOrThrow()
  assert.equal(Number(chunks.n), Math.ceil(data.length / (256 * 1024)))
  await larger.imports.setMapping(uploaded.importId, mapping, null)

  const preview = await larger.imports.preview(uploaded.importId)
  assert.equal(preview.rows.length, 10)
  assert.deepEqual(preview.rows[9]?.cells, ['C10', 'Bus', '', comment(10), '0', ''])

  const outcome = await larger.imports.run({ importId: uploaded.importId, dryRun: false, actor })
  assert.deepEqual(outcome.problems, [])
  assert.equal(outcome.rowsNew, 9000)
  const stored = await database.db
    .selectFrom('responses')
    .select(['import_row_key', sql<string>`answers->>'comments'`.as('comments')])
    .where('import_id', '=', uploaded.importId)
    .execute()
  assert.equal(stored.length, 9000)
  const byKey = new Map(stored.map((r) => [r.import_row_key, r.comments]))
  for (let i = 1; i <= 9000; i++) assert.equal(byKey.get(`id:C${i}`), comment(i), `row C${i}`)
})
