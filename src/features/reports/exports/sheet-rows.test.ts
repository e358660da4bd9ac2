import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { test } from 'node:test'
import { sql } from 'kysely'
import type { CellKind, ExportColumn } from './columns.js'
import { copyTextCells, copyToSheetRows, sharedStringsOf, sheetRowWriter } from './sheet-rows.js'

const columnOf = (name: string, kind: CellKind, shared?: string[]): ExportColumn => ({
  name,
  about: name,
  cell: () => null,
  sql: { kind, text: sql`null` },
  ...(shared ? { shared } : {}),
})

const columns = [
  columnOf('row', 'position'),
  columnOf('channel', 'code', ['online', 'paper']),
  columnOf('counted', 'truth'),
  columnOf('travel', 'answer', ['bus', 'car']),
  columnOf('comment', 'text'),
]

test('a line of COPY text becomes its cells, with nulls and escapes undone', () => {
  assert.deepEqual(copyTextCells('a\tb\t\\N\t'), ['a', 'b', null, ''])
  assert.deepEqual(copyTextCells('one\\ttab\\nline\\rreturn\tback\\\\slash\t\\N'), [
    'one\ttab\nline\rreturn',
    'back\\slash',
    null,
  ])
  assert.deepEqual(copyTextCells('plain'), ['plain'])
})

test('shared strings are listed once each, in the order the columns give them', () => {
  const shared = sharedStringsOf([...columns, columnOf('again', 'code', ['paper', 'a&b'])])
  assert.deepEqual(
    [...shared.index.entries()],
    [
      ['online', 0],
      ['paper', 1],
      ['bus', 2],
      ['car', 3],
      ['a&b', 4],
    ],
  )
  assert.match(
    shared.xml,
    /count="5" uniqueCount="5"><si><t>online<\/t><\/si>.*<si><t>a&amp;b<\/t><\/si><\/sst>$/,
  )
})

test("a row's cells are typed: shared codes, truths, numbers, and text that is never a formula", () => {
  const row = sheetRowWriter(columns, sharedStringsOf(columns))
  assert.equal(
    row([null, 'paper', 'true', 'scar', '=SUM(A1) & <b>\r\u0007'], 7, 6),
    '<row r="7"><c r="A7"><v>6</v></c><c r="B7" t="s"><v>1</v></c><c r="C7" t="b"><v>1</v></c>' +
      '<c r="D7" t="s"><v>3</v></c>' +
      '<c r="E7" t="inlineStr"><is><t>=SUM(A1) &amp; &lt;b&gt;&#13;</t></is></c></row>',
  )
  // A code not in the shared list is inline; a number answer is a number; empty cells are left out.
  assert.equal(
    row([null, 'phone', 'false', 'n12.5', null], 2, 1),
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>phone</t></is></c>' +
      '<c r="C2" t="b"><v>0</v></c><c r="D2"><v>12.5</v></c></row>',
  )
  assert.match(
    row([null, null, null, 'sbus; car', ' spaced '], 3, 2),
    /<t>bus; car<\/t>.*<t xml:space="preserve"> spaced <\/t>/,
  )
})

test('COPY output split anywhere, even inside a character, makes the same rows', async () => {
  const copied = Buffer.from('\\N\tonline\ttrue\tsbus\tcafé ☕\n\\N\tpaper\tfalse\tn3\ttwo\\nlines\n')
  const shared = sharedStringsOf(columns)
  const whole = await text(Readable.from([copied]).pipe(copyToSheetRows(columns, shared, 2)))
  assert.equal(
    whole,
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c><c r="C2" t="b"><v>1</v></c>' +
      '<c r="D2" t="s"><v>2</v></c><c r="E2" t="inlineStr"><is><t>café ☕</t></is></c></row>' +
      '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="b"><v>0</v></c>' +
      '<c r="D3"><v>3</v></c><c r="E3" t="inlineStr"><is><t>two\nlines</t></is></c></row>',
  )
  for (let cut = 1; cut < copied.length; cut++) {
    const pieces = [copied.subarray(0, cut), copied.subarray(cut)]
    assert.equal(
      await text(Readable.from(pieces).pipe(copyToSheetRows(columns, shared, 2))),
      whole,
      `cut at ${cut}`,
    )
  }
  await assert.rejects(
    text(Readable.from([Buffer.from('\\N\tonline')]).pipe(copyToSheetRows(columns, shared, 2))),
    /part way through a line/,
  )
})
