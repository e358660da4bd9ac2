import { suppressTable } from '../../../platform/disclosure/suppression.js'
import { t } from '../../../platform/i18n/translate.js'
import type { Category } from '../results/crosstab.js'

// Theme counts as a table for the page and its CSV, from one place so both hide the same cells:
// one column per group of the breakdown (in the order the results use), with small counts hidden.

export interface ThemeCounts {
  groups: readonly { group: string; codedComments: number }[]
  themes: readonly {
    code: string
    label: string
    depth: number
    counts: Readonly<Record<string, number>>
  }[]
}

export interface ThemeCountTable {
  columns: string[]
  rows: { theme: string; depth: number; cells: string[]; total: string }[]
  codedComments: { cells: string[]; total: string }
  anyHidden: boolean
}

const whole = new Intl.NumberFormat('en-GB')

/**
 * The groups of the breakdown as columns: every group the results offer, then any other value
 * found (an empty answer is "Not stated"). Without a breakdown, one column of everyone.
 */
function columnsOf(counts: ThemeCounts, groups: readonly Category[] | undefined) {
  if (!groups) return [{ value: '', label: t('coding.themeCounts.all') }]
  const known = new Set(groups.map((g) => g.value))
  const others = counts.groups
    .filter((g) => !known.has(g.group))
    .map((g) => ({ value: g.group, label: g.group || t('analysis.notStated') }))
  return [...groups.map((g) => ({ value: g.value, label: g.label })), ...others]
}

export function themeCountTable(
  counts: ThemeCounts,
  groups: readonly Category[] | undefined,
  threshold: number,
): ThemeCountTable {
  const columns = columnsOf(counts, groups)
  const cells = counts.themes.map((th) => columns.map((c) => th.counts[c.value] ?? 0))
  const columnTotals = columns.map((c) => counts.groups.find((g) => g.group === c.value)?.codedComments ?? 0)
  // A comment can carry several themes, so a column's cells need not add up to its total.
  const hidden = suppressTable({ cells, columnTotals, columnsAdd: false }, threshold)
  const shown = (n: number, reason: unknown) => (reason ? t('analysis.hiddenMark') : whole.format(n))
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0)
  return {
    columns: columns.map((c) => c.label),
    rows: counts.themes.map((th, i) => ({
      theme: `${th.code}: ${th.label}`,
      depth: th.depth,
      cells: (cells[i] ?? []).map((n, j) => shown(n, hidden.cells[i]?.[j])),
      total: shown(sum(cells[i] ?? []), hidden.rowTotals[i]),
    })),
    codedComments: {
      cells: columnTotals.map((n, j) => shown(n, hidden.columnTotals[j])),
      total: shown(sum(columnTotals), hidden.grandTotal),
    },
    anyHidden: [...hidden.cells.flat(), ...hidden.rowTotals, ...hidden.columnTotals, hidden.grandTotal].some(
      (r) => r !== null,
    ),
  }
}

/** The same table as rows of a CSV: a header, a row per theme, then the coded comments. */
export function themeCountRows(table: ThemeCountTable): string[][] {
  const total = t('coding.themeCounts.total')
  return [
    [t('coding.themeCounts.theme'), ...table.columns, total],
    ...table.rows.map((r) => [r.theme, ...r.cells, r.total]),
    [t('coding.themeCounts.codedComments'), ...table.codedComments.cells, table.codedComments.total],
  ]
}
