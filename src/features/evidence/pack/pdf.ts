import { fileLine, type PackIndex } from './pack-index.js'

/**
 * The pack's index as a tagged PDF (PDF/UA's structure: a language, a title shown in the window,
 * headings, paragraphs and lists), for readers who print or file it, and for screen readers.
 */
export async function packIndexPdf(
  index: PackIndex,
  files: { path: string; sha256: string }[],
): Promise<Buffer> {
  // Loaded on first use: importing it is a sizeable share of every process's start-up (docs/testing.md).
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    size: 'A4',
    margin: 56,
    info: { Title: index.title, Author: 'Heard', Subject: index.consultationTitle },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const document = doc.struct('Document')
  doc.addStructure(document)
  const heading = (level: 'H1' | 'H2' | 'H3', text: string, size: number) => {
    doc.font('Helvetica-Bold').fontSize(size).text(text, { structParent: document, structType: level })
    doc.moveDown(0.3)
  }
  const paragraph = (text: string, size = 10) => {
    doc.font('Helvetica').fontSize(size).text(text, { structParent: document, structType: 'P' })
    doc.moveDown(0.3)
  }
  const list = (items: string[]) => {
    if (items.length === 0) return
    doc.font('Helvetica').fontSize(10).list(items, { structParent: document, bulletRadius: 2 })
    doc.moveDown(0.5)
  }

  heading('H1', index.title, 18)
  paragraph(index.intro)
  for (const p of index.principles) {
    heading('H2', p.name, 13)
    paragraph(`${p.status}. ${p.asks}`)
    heading('H3', index.words.records, 11)
    if (p.records.length > 0)
      list(p.records.map((r) => [r.date, r.title, r.detail].filter(Boolean).join(' - ')))
    else paragraph(index.words.noRecords)
    if (p.gaps.length > 0) {
      heading('H3', index.words.gaps, 11)
      list(p.gaps)
    }
  }
  heading('H2', index.words.files, 13)
  paragraph(index.words.filesIntro)
  list(files.map(fileLine))
  doc.end()
  return done
}
