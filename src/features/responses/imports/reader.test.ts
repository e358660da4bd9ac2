import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { detectEncoding, formatOf, readSheetRows, UnreadableFileError } from './reader.js'

const bytes = (data: Buffer) => () => Readable.from([data])

async function rowsOf(data: Buffer, format: 'csv' | 'xlsx' = 'csv', sheet?: string) {
  const rows: { row: number; cells: string[] }[] = []
  for await (const row of readSheetRows(bytes(data), format, sheet)) rows.push(row)
  return rows
}

test('UTF-8 with and without a byte order mark reads the same', async () => {
  const text = 'name,comment\nZoë,Café – “good”\n'
  const plain = await rowsOf(Buffer.from(text, 'utf8'))
  const bom = await rowsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
  assert.deepEqual(plain, bom)
  assert.deepEqual(plain[0]?.cells, ['name', 'comment'])
  assert.deepEqual(plain[1]?.cells, ['Zoë', 'Café – “good”'])
})

test('Windows-1252 is recognised and read as the same characters', async () => {
  const data = iconv.encode('name,comment\nZoë,Café – “good” £5\n', 'windows1252')
  assert.equal(detectEncoding(data).encoding, 'windows1252')
  const rows = await rowsOf(data)
  assert.deepEqual(rows[1]?.cells, ['Zoë', 'Café – “good” £5'])
})

test('mixed line endings, quoted newlines and blank lines give the rows a spreadsheet shows', async () => {
  const rows = await rowsOf(Buffer.from('a,b\r\n1,"two\nlines"\n\n3,4\r5,"x\r\ny"\r\n'))
  assert.deepEqual(
    rows.map((r) => r.cells),
    [
      ['a', 'b'],
      ['1', 'two\nlines'],
      ['3', '4'],
      ['5', 'x\r\ny'],
    ],
  )
  assert.deepEqual(
    rows.map((r) => r.row),
    [1, 2, 3, 4],
  )
})

test('ragged rows are read with the cells they have', async () => {
  const rows = await rowsOf(Buffer.from('a,b,c\n1\n1,2,3,4\n'))
  assert.deepEqual(rows[1]?.cells, ['1'])
  assert.deepEqual(rows[2]?.cells, ['1', '2', '3', '4'])
})

test('an unclosed quote is reported at the row where it starts', async () => {
  await assert.rejects(rowsOf(Buffer.from('a,b\n1,2\n3,"oops\n4,5\n')), (error: unknown) => {
    assert.ok(error instanceof UnreadableFileError)
    assert.equal(error.messageKey, 'import.problem.quoteNotClosed')
    assert.equal(error.row, 3)
    return true
  })
})

test('an empty file has no rows', async () => {
  assert.deepEqual(await rowsOf(Buffer.alloc(0)), [])
})

async function workbook(sheets: Record<string, (string | number | Date)[][]>) {
  const book = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name)
    for (const row of rows) sheet.addRow(row)
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

test('XLSX: the chosen sheet is read, and a missing sheet is named with the ones there are', async () => {
  const data = await workbook({
    Notes: [['nothing here']],
    Responses: [
      ['single', 'count', 'when'],
      ['bus', 3, new Date(Date.UTC(2021, 4, 24))],
    ],
  })
  const rows = await rowsOf(data, 'xlsx', 'Responses')
  assert.deepEqual(rows[1]?.cells, ['bus', '3', '2021-05-24'])
  assert.deepEqual((await rowsOf(data, 'xlsx'))[0]?.cells, ['nothing here'])
  await assert.rejects(rowsOf(data, 'xlsx', 'Sheet9'), (error: unknown) => {
    assert.ok(error instanceof UnreadableFileError)
    assert.equal(error.messageKey, 'import.problem.sheetMissing')
    assert.equal(error.params.sheets, 'Notes, Responses')
    return true
  })
})

test('a file that is not a workbook is reported, not thrown as a crash', async () => {
  await assert.rejects(rowsOf(Buffer.from('PK not really a zip'), 'xlsx'), UnreadableFileError)
})

test('the format comes from the name and the first bytes agreeing', () => {
  assert.equal(formatOf('a.csv', Buffer.from('a,b')), 'csv')
  assert.equal(formatOf('a.XLSX', Buffer.from('PK\u0003\u0004')), 'xlsx')
  assert.equal(formatOf('a.xlsx', Buffer.from('a,b')), undefined)
  assert.equal(formatOf('a.pdf', Buffer.from('%PDF')), undefined)
})
