import { type Readable, Transform, type TransformCallback } from 'node:stream'
import { parse } from 'csv-parse'
import type ExcelJS from 'exceljs'
import iconv from 'iconv-lite'

// Reads an uploaded CSV or XLSX file as rows of text cells, one row at a time: a file of a million
// rows is never held whole. Row numbers are the ones a spreadsheet shows (the heading is row 1).

export type ImportFormat = 'csv' | 'xlsx'

export interface SheetRow {
  row: number
  cells: string[]
}

/** A file that cannot be read at all; `row` says where reading stopped, when known. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError'
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    readonly row: number | null = null,
  ) {
    super(messageKey)
  }
}

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1252'

const sampleBytes = 64 * 1024

/**
 * The encoding of a text file from its first bytes: a byte order mark says so; otherwise text that
 * is valid UTF-8 is UTF-8, and anything else is taken as Windows-1252, which is what Excel on
 * Windows writes as "CSV". Hand-written because guessing libraries weigh many encodings we never see
 * and can mistake short UTF-8 for Latin-1; this rule is exact for the two that matter.
 */
export function detectEncoding(sample: Buffer): { encoding: TextEncoding; bomLength: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf8', bomLength: 3 }
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 }
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 }
  // A multi-byte character may be cut at the end of a sample taken from a longer file.
  const cuts = sample.length < sampleBytes ? [0] : [0, 1, 2, 3]
  for (const cut of cuts) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut))
      return { encoding: 'utf8', bomLength: 0 }
    } catch {}
  }
  return { encoding: 'windows1252', bomLength: 0 }
}

/** Decodes a byte stream to text, choosing the encoding from its first bytes. */
class DecodeText extends Transform {
  #pending: Buffer[] = []
  #pendingLength = 0
  #decoder: ReturnType<typeof iconv.getDecoder> | undefined
  encoding: TextEncoding | undefined

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (this.#decoder) {
      this.push(this.#decoder.write(chunk))
      return done()
    }
    this.#pending.push(chunk)
    this.#pendingLength += chunk.length
    if (this.#pendingLength >= sampleBytes) this.#start()
    done()
  }

  #start() {
    const sample = Buffer.concat(this.#pending)
    this.#pending = []
    const { encoding, bomLength } = detectEncoding(sample)
    this.encoding = encoding
    this.#decoder = iconv.getDecoder(encoding, { stripBOM: false })
    this.push(this.#decoder.write(sample.subarray(bomLength)))
  }

  override _flush(done: TransformCallback) {
    if (!this.#decoder) this.#start()
    const rest = this.#decoder?.end()
    if (rest) this.push(rest)
    done()
  }
}

/** How many characters a cell may hold: the longest free-text answer, with room to say it is too long. */
const maxCellCharacters = 100_000

function csvProblem(error: unknown, rowsRead: number): UnreadableFileError {
  const info = error as { code?: string; records?: number }
  // The parser may have read ahead of the rows handed out: it knows how many it finished.
  const row = Math.max(rowsRead, info.records ?? 0) + 1
  if (info.code === 'CSV_QUOTE_NOT_CLOSED')
    return new UnreadableFileError('import.problem.quoteNotClosed', {}, row)
  if (info.code === 'CSV_MAX_RECORD_SIZE')
    return new UnreadableFileError('import.problem.cellTooLong', {}, row)
  return new UnreadableFileError(
    'import.problem.csvInvalid',
    { reason: String((error as Error).message) },
    row,
  )
}

async function* csvRows(open: () => Readable): AsyncGenerator<SheetRow> {
  const parser = parse({
    // Lines may end in CRLF, LF or CR, even mixed in one file; quoted cells may hold any of them.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: maxCellCharacters * 4,
  })
  const decode = new DecodeText()
  const source = open()
  source.on('error', (error) => parser.destroy(error))
  decode.on('error', (error) => parser.destroy(error))
  source.pipe(decode).pipe(parser)
  let row = 0
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++
      yield { row, cells: record }
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error
    throw csvProblem(error, row)
  } finally {
    source.destroy()
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result
    return result === undefined || typeof result === 'object'
      ? cellText(result as ExcelJS.CellValue)
      : String(result)
  }
  if ('text' in value) return String(value.text)
  if ('error' in value) return String(value.error)
  return ''
}

async function* xlsxRows(open: () => Readable, sheet: string | undefined): AsyncGenerator<SheetRow> {
  // Loaded on first use: it is about 20 MB of memory that a process reading only CSV never needs.
  const { default: Excel } = await import('exceljs')
  const reader = new Excel.stream.xlsx.WorkbookReader(open(), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles say which numbers are dates.
    styles: 'cache',
    worksheets: 'emit',
  })
  const seen: string[] = []
  let found = false
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name
      seen.push(name)
      if (found || (sheet !== undefined && name !== sheet)) {
        // A sheet left unread keeps exceljs reading its temporary copy after we have moved on.
        for await (const _skipped of worksheet);
        continue
      }
      found = true
      // Empty rows are not written to the file, so row numbers may jump.
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[]
        yield { row: row.number, cells: Array.from(values.slice(1), cellText) }
      }
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error
    throw new UnreadableFileError('import.problem.xlsxInvalid')
  }
  if (!found) {
    if (sheet !== undefined)
      throw new UnreadableFileError('import.problem.sheetMissing', { sheet, sheets: seen.join(', ') || '-' })
    throw new UnreadableFileError('import.problem.noSheets')
  }
}

/** Every row of the file, heading first, as text cells. */
export function readSheetRows(
  open: () => Readable,
  format: ImportFormat,
  sheet?: string,
): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? xlsxRows(open, sheet) : csvRows(open)
}

/** The format of an upload from its name and first bytes: an XLSX file is a ZIP archive. */
export function formatOf(fileName: string, firstBytes: Buffer): ImportFormat | undefined {
  const zip = firstBytes[0] === 0x50 && firstBytes[1] === 0x4b
  if (/\.xlsx$/i.test(fileName)) return zip ? 'xlsx' : undefined
  if (/\.(csv|txt)$/i.test(fileName)) return zip ? undefined : 'csv'
  return undefined
}
