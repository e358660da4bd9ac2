import { Transform, type TransformCallback } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { CellKind, ExportColumn } from './columns.js'
import { columnLetter } from './xlsx-package.js'

// The responses sheet's rows as XML, built here from each cell's text as the database works it
// out (the same cells as the CSV). The database used to write the XML itself, but its text
// functions made a cell's markup several times slower than the cell (docs/benchmarks.md, export);
// here it is a few string joins a cell, on the other core from the database's work.

/**
 * A row's cells as the database gives them, in column order: text, or null for an empty cell. An
 * answer's text starts with `n` when it is a number and `s` when it is text; a position's cell is
 * empty, as the row's number is counted here.
 */
export type SheetCells = readonly (string | null)[]

/**
 * The strings a sheet keeps once (the codes its columns repeat), each cell holding its index:
 * a shared string cell is less than half the markup of an inline one.
 */
export interface SharedStrings {
  index: ReadonlyMap<string, number>
  /** The shared strings part, listing them in index order. */
  xml: string
}

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'

export function sharedStringsOf(columns: readonly ExportColumn[]): SharedStrings {
  const index = new Map<string, number>()
  for (const c of columns) for (const s of c.shared ?? []) if (!index.has(s)) index.set(s, index.size)
  const items = [...index.keys()].map((s) => `<si><t>${escapeCellText(s)}</t></si>`).join('')
  return {
    index,
    xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${main}" count="${index.size}" uniqueCount="${index.size}">${items}</sst>`,
  }
}

// What a cell's text cannot hold as it is: XML's three (quotes are fine in text), a carriage
// return (a reader would take it for a line feed) and the control characters XML 1.0 cannot hold,
// which are dropped, as exceljs does.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const needsEscape = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const escapable = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' }

function escapeCellText(text: string): string {
  return needsEscape.test(text) ? text.replace(escapable, (c) => escapes[c] ?? '') : text
}

const inlineCell = (at: string, text: string) =>
  // Only text that starts or ends with a space needs xml:space; most cells are without it.
  /^\s|\s$/.test(text)
    ? `<c r="${at}" t="inlineStr"><is><t xml:space="preserve">${escapeCellText(text)}</t></is></c>`
    : `<c r="${at}" t="inlineStr"><is><t>${escapeCellText(text)}</t></is></c>`

/** Builds the sheet's rows from their cells: a row's XML given its cells and its sheet row number. */
export function sheetRowWriter(columns: readonly ExportColumn[], shared: SharedStrings) {
  const letters = columns.map((_, i) => columnLetter(i))
  const kinds: CellKind[] = columns.map((c) => c.sql.kind)
  const sharing = columns.map((c) => (c.shared?.length ?? 0) > 0)
  const text = (i: number, at: string, value: string) => {
    const s = sharing[i] ? shared.index.get(value) : undefined
    return s === undefined ? inlineCell(at, value) : `<c r="${at}" t="s"><v>${s}</v></c>`
  }
  /** `position` is the response's number among those written, for a column that shows it. */
  return (cells: SheetCells, rowNumber: number, position: number): string => {
    let xml = `<row r="${rowNumber}">`
    for (let i = 0; i < kinds.length; i++) {
      const at = `${letters[i]}${rowNumber}`
      const kind = kinds[i]
      if (kind === 'position') {
        xml += `<c r="${at}"><v>${position}</v></c>`
        continue
      }
      const value = cells[i]
      if (value === null || value === undefined) continue
      if (kind === 'truth') xml += `<c r="${at}" t="b"><v>${value === 'true' ? 1 : 0}</v></c>`
      else if (kind === 'answer')
        xml += value[0] === 'n' ? `<c r="${at}"><v>${value.slice(1)}</v></c>` : text(i, at, value.slice(1))
      else xml += text(i, at, value)
    }
    return `${xml}</row>`
  }
}

const copyEscapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }

/**
 * One line of `COPY … TO` in its text format as its cells: tab between cells, `\N` for null, and
 * a backslash before the characters it escapes.
 */
export function copyTextCells(line: string): (string | null)[] {
  const fields = line.split('\t')
  if (!line.includes('\\')) return fields
  return fields.map((f) =>
    f === '\\N' ? null : f.includes('\\') ? f.replace(/\\(.)/g, (_, c: string) => copyEscapes[c] ?? c) : f,
  )
}

/**
 * A stream from `COPY … TO` text (whole lines or not, as the connection gives them) to the
 * sheet's rows as XML, numbered from `firstRow`.
 */
export function copyToSheetRows(columns: readonly ExportColumn[], shared: SharedStrings, firstRow: number) {
  const rowXml = sheetRowWriter(columns, shared)
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let written = 0
  const rows = (text: string) => {
    const lines = (rest + text).split('\n')
    rest = lines.pop() ?? ''
    let xml = ''
    for (const line of lines) {
      written++
      xml += rowXml(copyTextCells(line), firstRow + written - 1, written)
    }
    return xml
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const xml = rows(decoder.write(chunk))
      done(null, xml === '' ? undefined : xml)
    },
    flush(done: TransformCallback) {
      const xml = rows(`${decoder.end()}`)
      if (rest !== '') done(new Error('The copied rows ended part way through a line'))
      else done(null, xml === '' ? undefined : xml)
    },
  })
}
