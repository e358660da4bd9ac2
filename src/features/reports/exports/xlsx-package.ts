import { once } from 'node:events'
import { PassThrough, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

// An XLSX package written as it goes: the few fixed parts, the shared strings, a small first sheet
// given whole, and a second sheet whose rows arrive as XML, deflated at the fastest level.
// Written here rather than with exceljs, whose streaming writer builds an object for every cell
// and so spent most of a million-row export in JavaScript (docs/benchmarks.md, export).

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const packageRelationships = 'http://schemas.openxmlformats.org/package/2006/relationships'
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'

// Characters XML 1.0 cannot hold are dropped, as the database side does.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const notInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g
const escapeXml = (text: string) =>
  text
    .replace(notInXml, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\r', '&#13;')

/** A row of text cells, as the first sheet and the header row hold them. */
export function textRowXml(rowNumber: number, cells: readonly string[]): string {
  return `<row r="${rowNumber}">${cells
    .map((text, i) =>
      text === ''
        ? ''
        : `<c r="${columnLetter(i)}${rowNumber}" t="inlineStr"><is><t${/^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''}>${escapeXml(text)}</t></is></c>`,
    )
    .join('')}</row>`
}

/** A column letter as a spreadsheet names it: A … Z, AA … */
export function columnLetter(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}

const worksheetStart = `${declaration}<worksheet xmlns="${main}"><sheetData>`
const worksheetEnd = '</sheetData></worksheet>'

function fixedParts(sheetNames: readonly [string, string], creator: string, createdAt: Date) {
  const created = createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return {
    '[Content_Types].xml': `${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${sheetType}"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="${sheetType}"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    '_rels/.rels': `${declaration}<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    'docProps/core.xml': `${declaration}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${escapeXml(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created></cp:coreProperties>`,
    'xl/workbook.xml': `${declaration}<workbook xmlns="${main}" xmlns:r="${relationships}"><sheets>${sheetNames
      .map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${declaration}<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${relationships}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${relationships}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${relationships}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${relationships}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    // The least a spreadsheet needs to show cells in its default style.
    'xl/styles.xml': `${declaration}<styleSheet xmlns="${main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  }
}

export interface XlsxPackage {
  /** Rows of the second sheet as XML, in order; resolves when the package can take more. */
  writeRows(xml: string): Promise<void>
  /** The second sheet's rows as a stream, for a writer that pipes them in (and leaves it open). */
  rows: Writable
  /** Closes the sheet and the package, and ends the output. */
  end(): Promise<void>
}

/**
 * Starts writing to `output`: the shared strings and the first sheet whole (their XML given), then
 * the second sheet's start.
 */
export async function startXlsxPackage(
  output: Writable,
  options: {
    sheetNames: readonly [string, string]
    sharedStrings: string
    firstSheetRows: string
    createdAt: Date
  },
): Promise<XlsxPackage> {
  // Loaded on first use, as the evidence pack does: importing it adds to every process's start-up.
  const { ZipArchive } = await import('archiver')
  // The fastest compression: the sheet is large and repetitive, so level 1 still shrinks it several times.
  const archive = new ZipArchive({ zlib: { level: 1 } })
  const written = pipeline(archive, output)
  written.catch(() => {})
  for (const [name, content] of Object.entries(fixedParts(options.sheetNames, 'Heard', options.createdAt)))
    archive.append(content, { name, date: options.createdAt })
  archive.append(options.sharedStrings, { name: 'xl/sharedStrings.xml', date: options.createdAt })
  archive.append(`${worksheetStart}${options.firstSheetRows}${worksheetEnd}`, {
    name: 'xl/worksheets/sheet1.xml',
    date: options.createdAt,
  })
  const sheet = new PassThrough()
  archive.append(sheet, { name: 'xl/worksheets/sheet2.xml', date: options.createdAt })
  sheet.write(worksheetStart)
  return {
    rows: sheet,
    async writeRows(xml) {
      if (output.destroyed) throw new Error('The output closed before the export finished')
      if (!sheet.write(xml)) await Promise.race([once(sheet, 'drain'), written])
    },
    async end() {
      sheet.end(worksheetEnd)
      await archive.finalize()
      await written
    },
  }
}
