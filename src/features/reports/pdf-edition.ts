import { t } from '../../platform/i18n/translate.js'
import { barHeight, barLayout, chartDescription, chartWidth } from './charts.js'
import type { Block, EditionDocument } from './editions.js'
import { reportFonts } from './fonts.js'
import { icons } from './icons.js'

// The PDF edition, tagged without a browser: a structure tree of sections, headings, paragraphs,
// tables with header cells, and figures whose alternative text says every figure in words; the
// title shown in the window, the document language, and bookmarks for every heading.

const margin = 56
// Names the embedded fonts are registered under.
const regular = 'Body'
const bold = 'Body-Bold'
const blue = '#005eb8'
const ink = '#212b32'

type Doc = PDFKit.PDFDocument
type Section = PDFKit.PDFStructureElement

function ensureRoom(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - margin) doc.addPage()
}

function drawChart(doc: Doc, section: Section, block: Extract<Block, { type: 'table' }>) {
  const layout = barLayout(block.table)
  const scale = (doc.page.width - 2 * margin) / chartWidth
  ensureRoom(doc, layout.height * scale + 8)
  const top = doc.y
  section.add(
    doc.struct('Figure', { alt: chartDescription(block.table) }, () => {
      for (const bar of layout.bars) {
        const y = top + bar.y * scale
        doc
          .fillColor(ink)
          .fontSize(9)
          .text(bar.label, margin, y + 4 * scale, { width: 190 * scale, align: 'right', lineBreak: false })
        doc.rect(margin + 200 * scale, y, bar.width * scale, barHeight * scale).fill(blue)
        doc
          .fillColor(ink)
          .text(bar.text, margin + (206 + bar.width) * scale, y + 4 * scale, { lineBreak: false })
      }
    }),
  )
  doc.x = margin
  doc.y = top + layout.height * scale + 8
}

function drawTable(doc: Doc, section: Section, block: Extract<Block, { type: 'table' }>) {
  const { table } = block
  // The caption stays on the page with its chart (when drawn) and the table's first rows.
  const chartHeight =
    block.chart && table.bars ? barLayout(table).height * ((doc.page.width - 2 * margin) / chartWidth) : 0
  ensureRoom(doc, 80 + chartHeight)
  doc.fillColor(ink).fontSize(11).font(bold)
  doc.text(table.title, margin, doc.y, { structParent: section, structType: 'Caption' })
  doc.font(regular).fontSize(9)
  if (block.chart && table.bars) drawChart(doc, section, block)
  doc.table({
    structParent: section,
    data: [
      table.headers.map((text) => ({ text, type: 'TH', scope: 'column', font: { src: bold } })),
      ...table.rows.map((row) => [
        { text: row.label, type: 'TH', scope: 'row' },
        ...row.cells.map((text) => ({ text })),
      ]),
    ],
  } as PDFKit.Mixins.TableOptions)
  doc.moveDown(0.5)
  for (const note of table.notes) doc.fontSize(8).text(note, margin, doc.y, { structParent: section })
  doc.fontSize(11).moveDown(0.5)
}

function drawIdea(doc: Doc, section: Section, icon: keyof typeof icons, text: string) {
  ensureRoom(doc, 56)
  const top = doc.y
  // The picture repeats the sentence beside it, so it is an artifact, not content to read twice.
  doc.markContent('Artifact', { type: 'Layout' })
  doc.save().translate(margin, top).scale(2).path(icons[icon]).fill(blue).restore()
  doc.endMarkedContent()
  doc
    .fillColor(ink)
    .fontSize(18)
    .text(text, margin + 64, top + 12, { structParent: section, width: 380 })
  doc.x = margin
  doc.y = Math.max(doc.y, top + 52)
}

export async function editionAsPdf(edition: EditionDocument): Promise<Buffer> {
  // Loaded on first use: importing it is a sizeable share of every process's start-up (docs/testing.md).
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    pdfVersion: '1.7',
    tagged: true,
    lang: edition.lang,
    displayTitle: true,
    info: { Title: edition.title, Author: 'Heard', Subject: edition.subtitle },
    // Without this PDFKit starts in Helvetica, a standard font it does not embed.
    font: reportFonts.regular,
  })
  doc.registerFont(regular, reportFonts.regular)
  doc.registerFont(bold, reportFonts.bold)
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const body = edition.largeType ? 16 : 11
  const document = doc.struct('Document')
  doc.addStructure(document)
  doc.fillColor(ink).font(bold).fontSize(24)
  doc.text(edition.title, { structParent: document, structType: 'H1' })
  doc.font(regular).fontSize(body).text(edition.subtitle, { structParent: document })
  doc.moveDown()
  let section: Section = document
  let bookmark = doc.outline
  for (const block of edition.blocks) {
    switch (block.type) {
      case 'heading': {
        if (block.level === 2) {
          section = doc.struct('Sect')
          document.add(section)
          bookmark = doc.outline.addItem(block.text)
        } else bookmark.addItem(block.text)
        ensureRoom(doc, 80)
        doc
          .font(bold)
          .fontSize(block.level === 2 ? 18 : 14)
          .fillColor(ink)
        doc.text(block.text, margin, doc.y, {
          structParent: section,
          structType: block.level === 2 ? 'H2' : 'H3',
        })
        doc.font(regular).fontSize(body).moveDown(0.4)
        break
      }
      case 'paragraph':
        doc.fontSize(body).text(block.text, margin, doc.y, { structParent: section }).moveDown(0.4)
        break
      case 'figures':
        for (const item of block.items)
          doc.fontSize(body).text(item.text, margin, doc.y, { structParent: section }).moveDown(0.4)
        break
      case 'quote':
        doc.fontSize(body).text(`“${block.quote.text}”`, margin + 16, doc.y, {
          structParent: section,
          structType: 'BlockQuote',
        })
        doc
          .fontSize(body - 2)
          .text(
            `${t('reports.labels.quoteTheme')} ${block.quote.theme}. ${t('reports.labels.response')} ${block.quote.reference}`,
            {
              structParent: section,
            },
          )
          .moveDown(0.4)
        doc.x = margin
        break
      case 'idea':
        drawIdea(doc, section, block.icon, block.text)
        break
      case 'table':
        drawTable(doc, section, block)
        break
    }
  }
  const about = doc.struct('Sect')
  document.add(about)
  doc.outline.addItem(t('reports.labels.about'))
  doc
    .font(bold)
    .fontSize(14)
    .text(t('reports.labels.about'), margin, doc.y, { structParent: about, structType: 'H2' })
  doc.font(regular).fontSize(9)
  for (const line of edition.provenance) doc.text(line, { structParent: about })
  about.end()
  document.end()
  doc.end()
  return done
}
