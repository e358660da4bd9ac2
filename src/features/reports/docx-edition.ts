import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { t } from '../../platform/i18n/translate.js'
import { barChartSvg, chartDescription, chartWidth } from './charts.js'
import type { Block, EditionDocument } from './editions.js'
import { reportFonts } from './fonts.js'

// The DOCX edition, for officers to edit: real heading styles (so Word's navigation pane lists
// them), a table of contents field Word fills in on opening, tables whose first row repeats as a
// header, and each chart as a picture with its description in words as alternative text, beside
// the table it draws.

const font = 'Arial'

// The picture's width on the page in pixels (at 96 to the inch, about 15.9 cm), and how many
// times finer it is drawn, so it stays sharp printed or zoomed.
const pictureWidth = 600
const pictureScale = 2

type Resvg = typeof import('@resvg/resvg-js').Resvg

/** The HTML edition's SVG chart drawn as a PNG by resvg, in the fonts the PDF embeds. */
function chartPicture(Renderer: Resvg, table: Extract<Block, { type: 'table' }>['table']) {
  const svg = barChartSvg(table).replace('width="100%"', `width="${chartWidth}"`)
  const rendered = new Renderer(svg, {
    fitTo: { mode: 'width', value: chartWidth * pictureScale },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [reportFonts.regular, reportFonts.bold],
      defaultFontFamily: reportFonts.family,
    },
  }).render()
  const height = Math.round((pictureWidth * rendered.height) / rendered.width)
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'png',
        data: rendered.asPng(),
        transformation: { width: pictureWidth, height },
        altText: { name: table.title, title: table.title, description: chartDescription(table) },
      }),
    ],
  })
}

function table(Renderer: Resvg, block: Extract<Block, { type: 'table' }>): (Paragraph | Table)[] {
  const { table } = block
  const header = new TableRow({
    tableHeader: true,
    children: table.headers.map(
      (h) =>
        new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })] }),
    ),
  })
  const rows = table.rows.map(
    (row) =>
      new TableRow({
        children: [row.label, ...row.cells].map(
          (cell) => new TableCell({ children: [new Paragraph({ text: cell })] }),
        ),
      }),
  )
  return [
    new Paragraph({ text: table.title, style: 'Caption' }),
    ...(block.chart && table.bars ? [chartPicture(Renderer, table)] : []),
    new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
    ...table.notes.map((note) => new Paragraph({ children: [new TextRun({ text: note, size: 18 })] })),
  ]
}

function blockContent(Renderer: Resvg, block: Block, largeType: boolean): (Paragraph | Table)[] {
  switch (block.type) {
    case 'heading':
      return [
        new Paragraph({
          text: block.text,
          heading: block.level === 2 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        }),
      ]
    case 'paragraph':
      return [new Paragraph({ text: block.text })]
    case 'idea':
      return [new Paragraph({ children: [new TextRun({ text: block.text, size: largeType ? 32 : 24 })] })]
    case 'figures':
      return block.items.map(
        (item) =>
          new Paragraph({
            children: [
              new ExternalHyperlink({
                link: item.href,
                children: [new TextRun({ text: item.text, style: 'Hyperlink' })],
              }),
            ],
          }),
      )
    case 'quote':
      return [
        new Paragraph({ style: 'IntenseQuote', text: `“${block.quote.text}”` }),
        new Paragraph({
          text: `${t('reports.labels.quoteTheme')} ${block.quote.theme}. ${t('reports.labels.response')} ${block.quote.reference}`,
        }),
      ]
    case 'table':
      return table(Renderer, block)
  }
}

export async function editionAsDocx(doc: EditionDocument): Promise<Buffer> {
  // Loaded on first use, as PDFKit is: most processes never draw a chart.
  const { Resvg } = await import('@resvg/resvg-js')
  const document = new Document({
    title: doc.title,
    creator: 'Heard',
    description: doc.subtitle,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font, size: doc.largeType ? 32 : 24 }, paragraph: { spacing: { after: 120 } } },
      },
    },
    sections: [
      {
        properties: {},
        children: [
          new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
          new Paragraph({ text: doc.subtitle, alignment: AlignmentType.LEFT }),
          new Paragraph({ text: t('reports.labels.contents'), heading: HeadingLevel.HEADING_1 }),
          new TableOfContents(t('reports.labels.contents'), { hyperlink: true, headingStyleRange: '1-2' }),
          ...doc.blocks.flatMap((b) => blockContent(Resvg, b, doc.largeType)),
          new Paragraph({ text: t('reports.labels.about'), heading: HeadingLevel.HEADING_1 }),
          ...doc.provenance.map((line) => new Paragraph({ text: line })),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}
