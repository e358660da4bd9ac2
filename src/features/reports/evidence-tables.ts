import { t } from '../../platform/i18n/translate.js'
import type { Crosstab } from '../analysis/index.js'
import type { Headline, ReportTable } from './model.js'

// Turning the analysis's tables into report tables: counts, percentages and intervals as the
// results pages show them, with the same suppression already applied, and the link back.

const whole = (n: number) => n.toLocaleString('en-GB')
const percent = (p: number) => `${Math.round(p)}%`

/** A figure as text: its count, or the word for hidden when the disclosure rule suppressed it. */
export const countText = (n: number | null) => (n === null ? t('reports.hidden') : whole(n))
export const percentText = (p: number | null) => (p === null ? t('reports.hidden') : percent(p))

/** One closed question's overall answers: count, share, and the 95% interval of the share. */
export function questionTable(
  id: string,
  title: string,
  table: Crosstab,
  source: ReportTable['source'],
  footnote: string,
): ReportTable {
  return {
    id,
    title,
    headers: [
      t('reports.table.answer'),
      t('reports.table.count'),
      t('reports.table.percent'),
      t('reports.table.interval'),
    ],
    rows: table.rows.map((row) => ({
      label: row.category.label,
      cells: [
        countText(row.total.count),
        percentText(row.total.percent),
        row.total.interval
          ? t('reports.table.intervalRange', {
              lower: percent(row.total.interval.lower),
              upper: percent(row.total.interval.upper),
            })
          : '',
      ],
    })),
    bars: table.rows.map((row) => ({ label: row.category.label, percent: row.total.percent })),
    notes: [
      t('reports.table.base', { n: table.base === null ? t('reports.hidden') : whole(table.base) }),
      footnote,
    ],
    source,
  }
}

/** The agree and disagree totals of an agreement question, for the headline figures. */
export function headlineOf(proposal: string, table: Crosstab, href: string): Headline | null {
  if (!table.agreement) return null
  return {
    proposal,
    agree: table.agreement.agree[table.agreement.agree.length - 1]?.percent ?? null,
    disagree: table.agreement.disagree[table.agreement.disagree.length - 1]?.percent ?? null,
    base: table.base,
    href,
  }
}

/** Cells that differ from the rest of their row (after Holm correction), said in words. */
export function differencesOf(question: string, table: Crosstab, groupName: string): string[] {
  return table.rows.flatMap((row) =>
    row.cells.flatMap((cell, j) => {
      const column = table.columns[j]
      if (!cell.difference || !column || cell.percent === null) return []
      return [
        t(`reports.difference.${cell.difference.direction}`, {
          group: column.category.label,
          groupName,
          answer: row.category.label,
          question,
          percent: percent(cell.percent),
        }),
      ]
    }),
  )
}

/** Themes (rows) raised more or less often in one group's coded comments than the rest's, in words. */
export function themeDifferencesOf(table: Crosstab, groupName: string): string[] {
  return table.rows.flatMap((row) =>
    row.cells.flatMap((cell, j) => {
      const column = table.columns[j]
      if (!cell.difference || !column || cell.percent === null) return []
      return [
        t(`reports.themeDifference.${cell.difference.direction}`, {
          group: column.category.label,
          groupName,
          theme: row.category.label,
          percent: percent(cell.percent),
        }),
      ]
    }),
  )
}

/** A simple count table, such as responses by channel or who responded, from already suppressed rows. */
export function countTable(
  id: string,
  title: string,
  rows: { label: string; count: number | null; percent: number | null }[],
  source: ReportTable['source'],
  notes: string[] = [],
): ReportTable {
  return {
    id,
    title,
    headers: [t('reports.table.group'), t('reports.table.count'), t('reports.table.percent')],
    rows: rows.map((r) => ({ label: r.label, cells: [countText(r.count), percentText(r.percent)] })),
    bars: rows.map((r) => ({ label: r.label, percent: r.percent })),
    notes,
    source,
  }
}

/** Who responded against the reference population: shares side by side, under-heard groups in words. */
export function reachTableOf(
  table: {
    key: string
    title: string
    rows: {
      label: string
      count: number | undefined
      share: number | undefined
      populationShare: number
      underHeard: boolean
    }[]
  },
  source: ReportTable['source'],
  sourcesNote: string,
): ReportTable {
  const under = table.rows.filter((r) => r.underHeard && r.count !== undefined).map((r) => r.label)
  return {
    id: `reach_${table.key}`,
    title: t('reports.table.reachTitle', { title: table.title }),
    headers: [
      t('reports.table.group'),
      t('reports.table.count'),
      t('reports.table.respondentShare'),
      t('reports.table.populationShare'),
    ],
    rows: table.rows.map((r) => ({
      label: r.label,
      cells: [countText(r.count ?? null), percentText(r.share ?? null), percent(r.populationShare)],
    })),
    bars: table.rows.map((r) => ({ label: r.label, percent: r.share ?? null })),
    notes: [
      ...(under.length > 0 ? [t('reports.table.underHeard', { groups: under.join(', ') })] : []),
      sourcesNote,
    ],
    source,
  }
}
