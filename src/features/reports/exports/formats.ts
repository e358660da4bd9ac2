import type { Writable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import { neutraliseFormula } from '../../../platform/csv/formula-cells.js'
import { t } from '../../../platform/i18n/translate.js'
import type { Cell, ExportColumn, ExportedResponse, ExportFormat } from './columns.js'

// Each format takes the responses a batch at a time and writes them to the output as they come,
// waiting whenever the output is behind, so memory holds one batch whatever the consultation's size.

/** What the export says about itself: in the XLSX README sheet, and in the guide for the others. */
export interface ExportAbout {
  consultationTitle: string
  generatedAt: Date
  variant: string
  withContacts: boolean
}

export interface ExportWriter {
  write(rows: readonly ExportedResponse[], firstPosition: number): Promise<void>
  end(): Promise<void>
}

/** Resolves once the output can take more; fails if it closes first, as a download cancelled does. */
function drained(output: Writable): Promise<void> {
  if (!output.writableNeedDrain) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      output.off('drain', onDrain)
      output.off('close', onClose)
      output.off('error', finish)
      if (error) reject(error)
      else resolve()
    }
    const onDrain = () => finish()
    const onClose = () => finish(new Error('The output closed before the export finished'))
    output.on('drain', onDrain)
    output.on('close', onClose)
    output.on('error', finish)
  })
}

async function put(output: Writable, chunk: string) {
  if (output.destroyed) throw new Error('The output closed before the export finished')
  output.write(chunk)
  await drained(output)
}

export function ended(output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    output.once('error', reject)
    output.end(() => resolve())
  })
}

const textOf = (cell: Cell) => (cell === null ? '' : String(cell))

/** The CSV's first line: the column names. */
export const csvHeader = (columns: readonly ExportColumn[]) => stringify([columns.map((c) => c.name)])

function csvWriter(columns: readonly ExportColumn[], output: Writable): ExportWriter {
  let started = false
  return {
    async write(rows, firstPosition) {
      const records = rows.map((row, i) =>
        columns.map((c) => neutraliseFormula(textOf(c.cell(row, firstPosition + i)))),
      )
      if (!started) await put(output, csvHeader(columns))
      started = true
      await put(output, stringify(records))
    },
    async end() {
      if (!started) await put(output, csvHeader(columns))
      await ended(output)
    },
  }
}

function jsonLinesWriter(columns: readonly ExportColumn[], output: Writable): ExportWriter {
  return {
    async write(rows, firstPosition) {
      let lines = ''
      rows.forEach((row, i) => {
        const record: Record<string, Cell> = {}
        for (const c of columns) record[c.name] = c.cell(row, firstPosition + i)
        lines += `${JSON.stringify(record)}\n`
      })
      await put(output, lines)
    },
    end: () => ended(output),
  }
}

/** The XLSX's README sheet: what the file holds, the counted definition, and each column. */
export function readmeRows(columns: readonly ExportColumn[], about: ExportAbout): string[][] {
  return [
    [t('exports.readme.consultation'), about.consultationTitle],
    [t('exports.readme.generatedAt'), about.generatedAt.toISOString()],
    [t('exports.readme.variant'), t(`exports.variants.${about.variant}.label`)],
    [
      t('exports.readme.contacts'),
      t(about.withContacts ? 'exports.readme.contactsIn' : 'exports.readme.contactsOut'),
    ],
    [t('exports.readme.counted'), t('exports.counted')],
    [],
    [t('exports.readme.column'), t('exports.readme.holds')],
    ...columns.map((c) => [c.name, c.about]),
  ]
}

/** The writers of the formats built row by row here: CSV on PGlite, and JSON lines. */
export function exportWriter(
  format: Exclude<ExportFormat, 'xlsx'>,
  columns: readonly ExportColumn[],
  output: Writable,
): ExportWriter {
  return format === 'csv' ? csvWriter(columns, output) : jsonLinesWriter(columns, output)
}
