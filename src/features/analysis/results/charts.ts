import type { Crosstab } from './crosstab.js'

// Accessible SVG charts drawn on the server, so pages, reports and exports show the same picture.
// Each has a title and a description that says every figure in words (its text alternative); the
// page shows the data table beside it. Hidden (suppressed) figures are left out and said to be.

export interface Chart {
  svg: string
  /** The text alternative: every figure the chart shows, in words. */
  description: string
}

const width = 640
const labelWidth = 180
const barHeight = 22
const gap = 10
const plotWidth = width - labelWidth - 20

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

const percentText = (p: number) => `${Math.round(p)}%`

function svgDocument(id: string, title: string, description: string, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="heard-chart" viewBox="0 0 ${width} ${height}" width="100%" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    ...body,
    '</svg>',
  ].join('')
}

/** Wraps nothing: a label longer than the column is cut with an ellipsis; the full text is in the table. */
const shortLabel = (label: string) => (label.length > 24 ? `${label.slice(0, 23)}…` : label)

// In drawing order: outwards from the centre on each side, so "strongly" sits at the ends.
const agreementSegments = [
  { value: 'neither', colour: '#aeb7bd', side: 0 },
  { value: 'disagree', colour: '#d5281b', side: -1 },
  { value: 'strongly_disagree', colour: '#8a1538', side: -1 },
  { value: 'agree', colour: '#41b6e6', side: 1 },
  { value: 'strongly_agree', colour: '#005eb8', side: 1 },
] as const
const readingOrder = ['strongly_disagree', 'disagree', 'neither', 'agree', 'strongly_agree']

/**
 * Diverging stacked bars for an agreement scale: disagreement to the left of the centre line,
 * agreement to the right, "neither" split across it; one bar per group.
 */
export function agreementChart(id: string, title: string, table: Crosstab, hiddenText: string): Chart {
  const centre = labelWidth + plotWidth / 2
  // Each side reaches the largest share drawn on either side, rounded up to a quarter.
  const reach = Math.max(
    25,
    ...table.columns.map((_, j) => {
      const p = (value: string) => table.rows.find((r) => r.category.value === value)?.cells[j]?.percent ?? 0
      const half = p('neither') / 2
      return half + Math.max(p('agree') + p('strongly_agree'), p('disagree') + p('strongly_disagree'))
    }),
  )
  const scale = plotWidth / 2 / (Math.ceil(reach / 25) * 25)
  const body: string[] = []
  const sentences: string[] = []
  const labels = new Map(table.rows.map((r) => [r.category.value, r.category.label]))
  table.columns.forEach((column, j) => {
    const y = gap + j * (barHeight + gap)
    const name = column.category.label || title
    body.push(
      `<text x="${labelWidth - 8}" y="${y + barHeight / 2 + 5}" text-anchor="end" font-size="14" fill="#212b32">${escapeXml(shortLabel(name))}</text>`,
    )
    const percentOf = (value: string) =>
      table.rows.find((r) => r.category.value === value)?.cells[j]?.percent ?? null
    const neither = percentOf('neither') ?? 0
    let left = centre - (neither / 2) * scale
    let right = centre + (neither / 2) * scale
    const said = readingOrder.map((value) => {
      const p = percentOf(value)
      return `${labels.get(value) ?? value} ${p === null ? hiddenText : percentText(p)}`
    })
    for (const segment of agreementSegments) {
      const p = percentOf(segment.value)
      const label = labels.get(segment.value) ?? segment.value
      if (p === null) continue
      const w = p * scale
      let x: number
      if (segment.side === 0) x = centre - w / 2
      else if (segment.side < 0) {
        left -= w
        x = left
      } else {
        x = right
        right += w
      }
      body.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${segment.colour}"><title>${escapeXml(`${name}: ${label} ${percentText(p)}`)}</title></rect>`,
      )
    }
    sentences.push(`${name}: ${said.join(', ')}.`)
  })
  const height = gap + table.columns.length * (barHeight + gap) + 24
  body.push(
    `<line x1="${centre}" y1="0" x2="${centre}" y2="${height - 24}" stroke="#212b32" stroke-width="1"/>`,
    `<text x="${labelWidth}" y="${height - 6}" font-size="12" fill="#212b32">← Disagree</text>`,
    `<text x="${width - 20}" y="${height - 6}" font-size="12" text-anchor="end" fill="#212b32">Agree →</text>`,
  )
  const description = sentences.join(' ')
  return { svg: svgDocument(id, title, description, height, body), description }
}

/** Horizontal bars, one per answer, of the share of everyone answering who chose it. */
export function choiceChart(id: string, title: string, table: Crosstab, hiddenText: string): Chart {
  const single = table.columns.length === 1
  const bars = table.rows.map((r) => ({
    label: r.category.label,
    percent: single ? (r.cells[0]?.percent ?? null) : r.total.percent,
  }))
  const scale = plotWidth / 100
  const body: string[] = []
  const sentences: string[] = []
  bars.forEach((bar, i) => {
    const y = gap + i * (barHeight + gap)
    body.push(
      `<text x="${labelWidth - 8}" y="${y + barHeight / 2 + 5}" text-anchor="end" font-size="14" fill="#212b32">${escapeXml(shortLabel(bar.label))}</text>`,
    )
    if (bar.percent === null) {
      sentences.push(`${bar.label}: ${hiddenText}.`)
      body.push(
        `<text x="${labelWidth + 4}" y="${y + barHeight / 2 + 5}" font-size="12" fill="#4c6272">${escapeXml(hiddenText)}</text>`,
      )
      return
    }
    const w = bar.percent * scale
    sentences.push(`${bar.label}: ${percentText(bar.percent)}.`)
    body.push(
      `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="#005eb8"/>`,
      `<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight / 2 + 5}" font-size="12" fill="#212b32">${percentText(bar.percent)}</text>`,
    )
  })
  const height = gap + bars.length * (barHeight + gap)
  const description = sentences.join(' ')
  return { svg: svgDocument(id, title, description, height, body), description }
}

/** The chart that suits the question: diverging bars for agreement scales, bars otherwise. */
export function chartFor(id: string, title: string, table: Crosstab, hiddenText: string): Chart {
  return table.agreement
    ? agreementChart(id, title, table, hiddenText)
    : choiceChart(id, title, table, hiddenText)
}
