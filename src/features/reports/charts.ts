import { t } from '../../platform/i18n/translate.js'
import type { ReportTable } from './model.js'

// A horizontal bar chart of a table's shares, as SVG for the HTML edition. Its title and
// description say every figure in words; the data table sits beside it. Hidden figures are left
// out and said to be. The PDF draws the same bars from `barLayout`.

export const chartWidth = 640
const labelWidth = 200
export const barHeight = 20
const gap = 8
const plotWidth = chartWidth - labelWidth - 60

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
const shortLabel = (label: string) => (label.length > 28 ? `${label.slice(0, 27)}…` : label)

export interface BarLayout {
  height: number
  bars: { label: string; y: number; width: number; text: string }[]
}

/** Where each bar goes, scaled so the largest share fills the plot. */
export function barLayout(table: ReportTable): BarLayout {
  const bars = table.bars ?? []
  const largest = Math.max(1, ...bars.map((b) => b.percent ?? 0))
  return {
    height: bars.length * (barHeight + gap) + gap,
    bars: bars.map((b, i) => ({
      label: shortLabel(b.label),
      y: gap + i * (barHeight + gap),
      width: b.percent === null ? 0 : (plotWidth * b.percent) / largest,
      text: b.percent === null ? t('reports.hidden') : `${Math.round(b.percent)}%`,
    })),
  }
}

/** Every bar's figure in words: the chart's text alternative. */
export function chartDescription(table: ReportTable): string {
  const parts = (table.bars ?? []).map((b) =>
    b.percent === null
      ? t('reports.chart.hiddenBar', { label: b.label })
      : t('reports.chart.bar', { label: b.label, percent: Math.round(b.percent) }),
  )
  return `${t('reports.chart.intro', { title: table.title })} ${parts.join('; ')}.`
}

export function barChartSvg(table: ReportTable): string {
  const layout = barLayout(table)
  const id = `chart-${table.id}`
  const body = layout.bars.flatMap((b) => [
    `<text x="${labelWidth - 8}" y="${b.y + barHeight * 0.7}" text-anchor="end" font-size="13" fill="#212b32">${escapeXml(b.label)}</text>`,
    `<rect x="${labelWidth}" y="${b.y}" width="${b.width.toFixed(1)}" height="${barHeight}" fill="#005eb8"/>`,
    `<text x="${labelWidth + b.width + 6}" y="${b.y + barHeight * 0.7}" font-size="13" fill="#212b32">${escapeXml(b.text)}</text>`,
  ])
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="heard-chart" viewBox="0 0 ${chartWidth} ${layout.height}" width="100%" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(table.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(chartDescription(table))}</desc>`,
    ...body,
    '</svg>',
  ].join('')
}
