import { createRequire } from 'node:module'

// The fonts the PDF embeds and the DOCX's chart pictures are drawn in: DejaVu Sans (a free
// licence, wide Unicode coverage), from the dejavu-fonts-ttf package. PDF/UA asks for every font
// to be embedded, which PDFKit's standard 14 fonts are not; PDFKit embeds a TrueType file's
// glyphs in use, and resvg reads the same file to draw chart text without a browser.

const require = createRequire(import.meta.url)

export const reportFonts = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  family: 'DejaVu Sans',
} as const
