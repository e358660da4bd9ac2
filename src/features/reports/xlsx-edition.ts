import { t } from '../../platform/i18n/translate.js'
import type { EditionDocument } from './editions.js'

// The XLSX of an edition: a contents sheet listing each data table with the settings it was
// queried with and the staff page that reproduces it, then one sheet a table. Cells are written
// as strings, so nothing in them is ever read as a formula. exceljs loads on first use.

const sheetName = (index: number, title: string) =>
  `${index + 1} ${title}`.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31)

export async function editionAsXlsx(doc: EditionDocument, baseUrl: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Heard'
  workbook.title = doc.title
  const contents = workbook.addWorksheet(t('reports.labels.contents'))
  contents.addRow([doc.title])
  contents.addRow([doc.subtitle])
  for (const line of doc.provenance) contents.addRow([line])
  contents.addRow([])
  const header = contents.addRow([
    t('reports.xlsx.sheet'),
    t('reports.xlsx.table'),
    t('reports.xlsx.source'),
    t('reports.xlsx.settings'),
  ])
  header.font = { bold: true }
  contents.getRow(1).font = { bold: true, size: 14 }
  doc.tables.forEach((table, i) => {
    const name = sheetName(i, table.title)
    contents.addRow([
      name,
      table.title,
      `${baseUrl}${table.source.href}`,
      table.source.settings.map(([k, v]) => `${k}: ${v}`).join('\n'),
    ])
    const sheet = workbook.addWorksheet(name)
    sheet.addRow([table.title]).font = { bold: true }
    sheet.addRow(table.headers).font = { bold: true }
    for (const row of table.rows) sheet.addRow([row.label, ...row.cells])
    sheet.addRow([])
    for (const note of table.notes) sheet.addRow([note])
    for (const [k, v] of table.source.settings) sheet.addRow([k, v])
    sheet.addRow([t('reports.xlsx.source'), `${baseUrl}${table.source.href}`])
    sheet.getColumn(1).width = 48
    sheet.views = [{ state: 'frozen', ySplit: 2 }]
  })
  contents.getColumn(1).width = 32
  contents.getColumn(2).width = 48
  contents.getColumn(3).width = 60
  contents.getColumn(4).width = 80
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
