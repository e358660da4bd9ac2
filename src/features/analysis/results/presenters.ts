import { describeLeftOut } from '../../../platform/db/counted.js'
import { pValueText } from '../../../platform/i18n/p-values.js'
import { t } from '../../../platform/i18n/translate.js'
import { chartFor } from './charts.js'
import type { Crosstab, Figure } from './crosstab.js'
import type { ResultsQuery } from './forms.js'
import { inclusionQuery } from './inclusion.js'
import type { AnalysisService } from './service.js'
import type { ClosedQuestion } from './tabulate.js'

// View models for the results pages and the rows of the CSV and XLSX downloads, from one place,
// so a page and its download always say the same.

const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en-GB')

const hiddenMark = () => t('analysis.hiddenMark')
const count = (n: number | null) => (n === null ? hiddenMark() : whole.format(n))
const percent = (p: number | null) => (p === null ? '' : `${oneDecimal.format(p)}%`)
const interval = (f: Pick<Figure, 'interval'>) =>
  f.interval ? `${oneDecimal.format(f.interval.lower)}–${oneDecimal.format(f.interval.upper)}` : ''

function testSentence(table: Crosstab): string {
  if (table.test) {
    const p = pValueText(table.test.p)
    const key = table.test.method === 'fisher_exact' ? 'analysis.test.fisher' : 'analysis.test.chiSquare'
    const sentence = t(key, {
      statistic: oneDecimal.format(table.test.statistic ?? 0),
      df: table.test.df ?? 0,
      p,
    })
    return table.test.expectedCountsAdequate ? sentence : `${sentence} ${t('analysis.test.lowExpected')}`
  }
  return table.untestedBecause ? t(`analysis.untested.${table.untestedBecause}`) : ''
}

export interface TableOptions {
  threshold: number
  footnote: string
  /** Whether the table is by a breakdown (several groups) or of everyone. */
  byGroup: boolean
}

/** A question's table, chart and notes for the results pages. */
export function presentQuestionTable(question: ClosedQuestion, table: Crosstab, options: TableOptions) {
  const id = `chart-${question.key}`
  const chart = chartFor(id, question.title, table, t('analysis.hiddenInChart'))
  const columns = table.columns.map((c) => ({
    label: options.byGroup ? c.category.label : t('analysis.everyone'),
    base: count(c.base),
    notAnswered: count(c.notAnswered),
    effectiveBase: c.effectiveBase === null ? '' : oneDecimal.format(c.effectiveBase),
  }))
  const rows = table.rows.map((r) => ({
    label: r.category.label,
    cells: r.cells.map((cell) => ({
      count: count(cell.count),
      percent: percent(cell.percent),
      interval: interval(cell),
      weightedPercent: percent(cell.weightedPercent),
      weightedInterval: interval({ interval: cell.weightedInterval }),
      flag: cell.difference
        ? t(`analysis.difference.${cell.difference.direction}`, { p: pValueText(cell.difference.adjustedP) })
        : '',
      flagSymbol: cell.difference ? (cell.difference.direction === 'higher' ? '▲' : '▼') : '',
    })),
    total: { count: count(r.total.count), percent: percent(r.total.percent) },
  }))
  const agreement = table.agreement && {
    agree: table.agreement.agree.map((f) => ({ count: count(f.count), percent: percent(f.percent) })),
    disagree: table.agreement.disagree.map((f) => ({ count: count(f.count), percent: percent(f.percent) })),
    net: table.agreement.net.map((n) =>
      n === null ? hiddenMark() : `${n > 0 ? '+' : ''}${oneDecimal.format(n)}`,
    ),
  }
  return {
    key: question.key,
    title: question.title,
    chart,
    columns,
    rows,
    agreement,
    showTotal: options.byGroup,
    base: count(table.base),
    notAnswered: count(table.notAnswered),
    test: options.byGroup ? testSentence(table) : '',
    allSuppressed: table.allSuppressed,
    multiple: question.type === 'multiple_choice',
    notes: [
      options.footnote,
      t('analysis.notes.suppression', { threshold: options.threshold }),
      t('analysis.notes.percentages'),
      ...(question.type === 'multiple_choice' ? [t('analysis.notes.multiple')] : []),
      ...(question.type === 'ranking' ? [t('analysis.notes.ranking')] : []),
      ...(options.byGroup ? [t('analysis.notes.differences')] : []),
      ...(table.rows.some((r) => r.cells.some((c) => c.weightedPercent !== null))
        ? [t('analysis.notes.weighting'), t('analysis.notes.weightedInterval')]
        : []),
    ],
    weighted: table.columns.some((c) => c.effectiveBase !== null),
  }
}

export type QuestionTableView = ReturnType<typeof presentQuestionTable>

/** The same table as rows of plain text for a spreadsheet: a heading row, then one row per figure. */
export function exportRows(view: QuestionTableView): string[][] {
  const weighted = view.rows.some((r) => r.cells.some((c) => c.weightedPercent !== ''))
  const heading = [
    t('analysis.export.answer'),
    ...view.columns.flatMap((c) => [
      `${c.label}: ${t('analysis.export.count')}`,
      `${c.label}: ${t('analysis.export.percent')}`,
      `${c.label}: ${t('analysis.export.interval')}`,
      ...(weighted
        ? [
            `${c.label}: ${t('analysis.export.weightedPercent')}`,
            `${c.label}: ${t('analysis.export.weightedInterval')}`,
          ]
        : []),
      ...(view.showTotal ? [`${c.label}: ${t('analysis.export.difference')}`] : []),
    ]),
    ...(view.showTotal ? [t('analysis.export.totalCount'), t('analysis.export.totalPercent')] : []),
  ]
  const body = view.rows.map((r) => [
    r.label,
    ...r.cells.flatMap((c) => [
      c.count,
      c.percent,
      c.interval,
      ...(weighted ? [c.weightedPercent, c.weightedInterval] : []),
      ...(view.showTotal ? [c.flag] : []),
    ]),
    ...(view.showTotal ? [r.total.count, r.total.percent] : []),
  ])
  const perColumn = 3 + (weighted ? 2 : 0) + (view.showTotal ? 1 : 0)
  const bases = [
    t('analysis.export.base'),
    ...view.columns.flatMap((c) => [c.base, ...Array.from({ length: perColumn - 1 }, () => '')]),
    ...(view.showTotal ? [view.base, ''] : []),
  ]
  const notAnswered = [
    t('analysis.export.notAnswered'),
    ...view.columns.flatMap((c) => [c.notAnswered, ...Array.from({ length: perColumn - 1 }, () => '')]),
    ...(view.showTotal ? [view.notAnswered, ''] : []),
  ]
  const effective = view.weighted
    ? [
        [
          t('analysis.export.effectiveBase'),
          ...view.columns.flatMap((c) => [
            c.effectiveBase,
            ...Array.from({ length: perColumn - 1 }, () => ''),
          ]),
        ],
      ]
    : []
  return [
    [view.title],
    heading,
    ...body,
    bases,
    notAnswered,
    ...effective,
    [],
    ...(view.test ? [[view.test]] : []),
    ...view.notes.map((n) => [n]),
  ]
}

/** Tables in questionnaire order, gathered under the proposal they belong to (or none). */
export function groupByProposal<T extends { proposal: number | undefined }>(
  tables: T[],
  proposals: { position: number; title: string }[],
) {
  const sections: { proposal: { position: number; title: string } | undefined; tables: T[] }[] = []
  for (const table of tables) {
    const last = sections.at(-1)
    if (last && last.proposal?.position === table.proposal) last.tables.push(table)
    else sections.push({ proposal: proposals.find((p) => p.position === table.proposal), tables: [table] })
  }
  return sections
}

/** What the weighting did and rests on, in sentences for the question page. */
export function presentWeighting(
  weighting:
    | {
        raking: {
          converged: boolean
          iterations: number
          unweightedCells: number
          emptyLevels: { variable: string; level: string }[]
        }
        sources: string[]
        variables: string[]
      }
    | undefined,
  unavailable: boolean,
) {
  if (unavailable) return { lines: [t('analysis.weighting.unavailable')] }
  if (!weighting) return undefined
  const { raking } = weighting
  return {
    lines: [
      t('analysis.weighting.variables', { variables: weighting.variables.join(', ') }),
      t(raking.converged ? 'analysis.weighting.converged' : 'analysis.weighting.notConverged', {
        iterations: raking.iterations,
      }),
      ...(raking.unweightedCells > 0
        ? [t('analysis.weighting.unweightedCells', { cells: raking.unweightedCells })]
        : []),
      ...(raking.emptyLevels.length > 0
        ? [
            t('analysis.weighting.emptyLevels', {
              levels: raking.emptyLevels.map((e) => `${e.variable} ${e.level}`).join(', '),
            }),
          ]
        : []),
      t('analysis.weighting.sources', { sources: weighting.sources.join('; ') }),
      t('analysis.notes.weighting'),
    ],
  }
}

type AllTables = Awaited<ReturnType<AnalysisService['allTables']>>
type OneTable = Awaited<ReturnType<AnalysisService['questionTable']>>

/** A question's table as the question page and its downloads show it. */
export function presentOneTable(result: OneTable, threshold: number) {
  return presentQuestionTable(result.question, result.table, {
    threshold,
    footnote: result.footnote,
    byGroup: result.breakdown !== undefined,
  })
}

/** The choices every results page offers: the breakdown and which responses to count. */
const choices = (result: AllTables | OneTable, query: ResultsQuery) => ({
  activeNav: 'consultations',
  consultation: result.consultation,
  breakdowns: result.breakdowns,
  breakdown: result.breakdown,
  rules: query.rules,
  keep: inclusionQuery(query.rules),
})

/** Every closed question's table, under the proposal it belongs to. */
export function presentResultsPage(result: AllTables, query: ResultsQuery, threshold: number) {
  const options = { threshold, footnote: result.footnote, byGroup: result.breakdown !== undefined }
  return {
    pageTitle: t('analysis.titles.results', { title: result.consultation.title }),
    backHref: `/admin/consultations/${result.consultation.id}/responses`,
    ...choices(result, query),
    counted: result.counted.counted.toLocaleString('en-GB'),
    leftOut: describeLeftOut(result.counted),
    sections: groupByProposal(
      result.tables.map((table) => ({
        proposal: table.question.proposal,
        view: presentQuestionTable(table.question, table.table, options),
      })),
      result.proposals,
    ),
  }
}

/** One question's table, weighted if asked, with what the weighting rests on. */
export function presentQuestionPage(result: OneTable, query: ResultsQuery, threshold: number) {
  return {
    pageTitle: t('analysis.titles.question', { title: result.question.title }),
    backHref: `/admin/consultations/${result.consultation.id}/results`,
    ...choices(result, query),
    weighted: query.weighted,
    weighting: presentWeighting(result.weighting, result.weightingUnavailable),
    view: presentOneTable(result, threshold),
  }
}
