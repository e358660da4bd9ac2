import { neutraliseFormulas } from '../../../platform/csv/formula-cells.js'

// Downloads of a table, as CSV or XLSX, through exceljs. The rows come from the presenter, with
// suppression already applied, so a download never shows what the page hides. exceljs is loaded on
// the first download: importing it is a sizeable share of every process's start-up.

async function workbookOf(title: string, rows: readonly (readonly string[])[]) {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Heard'
  // Sheet names allow 31 characters and none of : \ / ? * [ ]
  const sheet = workbook.addWorksheet(title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Table')
  for (const row of rows) sheet.addRow([...row])
  const first = sheet.getRow(1)
  first.font = { bold: true }
  sheet.getRow(2).font = { bold: true }
  sheet.getColumn(1).width = 48
  return workbook
}

export async function tableAsXlsx(title: string, rows: readonly (readonly string[])[]): Promise<Buffer> {
  const buffer = await (await workbookOf(title, rows)).xlsx.writeBuffer()
  return Buffer.from(buffer)
}

// Only the CSV needs formulas neutralised: an XLSX cell written as a string is text, never a formula.
export async function tableAsCsv(title: string, rows: readonly (readonly string[])[]): Promise<Buffer> {
  const buffer = await (await workbookOf(title, neutraliseFormulas(rows))).csv.writeBuffer()
  return Buffer.from(buffer)
}
