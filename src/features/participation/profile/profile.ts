import type { AnswerValue } from '../../../platform/db/schema.js'
import { type Relation, suppressCounts } from '../../../platform/disclosure/suppression.js'
import { chiSquareGoodnessOfFit } from './goodness-of-fit.js'

// Tables of who responded, and of who responded against who lives in the area, as plain data
// with small counts already suppressed, ready for a page or a CSV.

export interface Choice {
  value: string
  label: string
}

export interface ProfileQuestion {
  key: string
  title: string
  options: Choice[]
  /** Several answers each: the options' counts need not add up to the people. */
  multiple?: boolean
}

export interface ProfileRow {
  value: string
  label: string
  count: number | undefined
  percent: number | undefined
  suppressed: boolean
}

export interface ProfileTable {
  key: string
  title: string
  rows: ProfileRow[]
  total: number
}

export const notStated = '__not_stated'

const percentOf = (n: number, total: number) => (total > 0 ? (100 * n) / total : 0)

/**
 * What a reader knows of a profile table's counts, the last of which is "not stated": with one
 * answer each they add up to the total shown; with several, each option's count and the not stated
 * are no more than the total together, and the options' counts at least the people who answered.
 */
export function profileRelations(entries: number, total: number, multiple: boolean): Relation[] {
  const all = Array.from({ length: entries }, (_, i) => i)
  if (!multiple) return [{ parts: all, sum: null, total }]
  const notStatedIndex = entries - 1
  return [
    ...all
      .slice(0, -1)
      .map((i): Relation => ({ parts: [i, notStatedIndex], sum: null, total, bound: 'atMost' })),
    { parts: all, sum: null, total, bound: 'atLeast' },
  ]
}

/** Which of a table's counts to hide: small ones, and enough others that the shown total gives none away. */
function hiddenCounts(
  counts: readonly number[],
  threshold: number,
  total: number,
  multiple: boolean,
): boolean[] {
  return suppressCounts(counts, profileRelations(counts.length, total, multiple), { threshold }).map(
    (reason) => reason !== null,
  )
}

/** Counts of each answer to a question; several choices count once each; unanswered is "not stated". */
export function tallyAnswers(
  rows: readonly { key: string; value: AnswerValue | null; n: number }[],
  key: string,
): Map<string, number> {
  const counts = new Map<string, number>()
  for (const r of rows) {
    if (r.key !== key || r.value === null) continue
    for (const v of Array.isArray(r.value) ? r.value : [r.value])
      counts.set(String(v), (counts.get(String(v)) ?? 0) + r.n)
  }
  return counts
}

export function profileTable(
  question: ProfileQuestion,
  counts: Map<string, number>,
  answeredBy: number,
  total: number,
  threshold: number,
  notStatedLabel: string,
): ProfileTable {
  const entries = [
    ...question.options.map((o) => ({ value: o.value, label: o.label, n: counts.get(o.value) ?? 0 })),
    { value: notStated, label: notStatedLabel, n: Math.max(0, total - answeredBy) },
  ]
  const hidden = hiddenCounts(
    entries.map((e) => e.n),
    threshold,
    total,
    question.multiple ?? false,
  )
  const rows = entries.map(
    ({ value, label, n }, i): ProfileRow =>
      hidden[i]
        ? { value, label, count: undefined, percent: undefined, suppressed: true }
        : { value, label, count: n, percent: percentOf(n, total), suppressed: false },
  )
  return { key: question.key, title: question.title, rows, total }
}

export interface ReachRow {
  value: string
  label: string
  count: number | undefined
  share: number | undefined
  populationShare: number
  /** Respondents' share less the population's, in percentage points. */
  difference: number | undefined
  /** Respondents' share over the population's: 1 is heard in proportion. */
  ratio: number | undefined
  residual: number | undefined
  /** Two-sided p of the residual, Holm-adjusted across the table's groups. */
  adjustedP: number | undefined
  underHeard: boolean
  overHeard: boolean
  suppressed: boolean
}

export interface ReachTable {
  key: string
  title: string
  rows: ReachRow[]
  /** Respondents who gave a category in the comparison. */
  total: number
  /** The goodness-of-fit test of the whole table; none when a row's count is hidden. */
  fit: { statistic: number; degreesOfFreedom: number; pValue: number; smallExpected: boolean } | null
}

/**
 * The groups compared with the population: one per population count, which may cover several
 * answer options together (`under_18+18_24`) where the Census does not split them.
 */
export function comparisonGroups(options: readonly Choice[], populationKeys: Iterable<string>): Choice[] {
  const labelOf = new Map(options.map((o) => [o.value, o.label]))
  const position = (key: string) => options.findIndex((o) => o.value === key.split('+')[0])
  return [...populationKeys]
    .sort((a, b) => position(a) - position(b))
    .map((key) => ({
      value: key,
      label: key
        .split('+')
        .map((v) => labelOf.get(v) ?? v)
        .join(' + '),
    }))
}

/** The respondents who stated a category against the population, with the goodness-of-fit test. */
export function reachTable(
  key: string,
  title: string,
  categories: readonly Choice[],
  observedByOption: Map<string, number>,
  population: Map<string, number>,
  threshold: number,
): ReachTable {
  const observed = new Map(
    categories.map((c) => [
      c.value,
      c.value.split('+').reduce((n, v) => n + (observedByOption.get(v) ?? 0), 0),
    ]),
  )
  const populationTotal = categories.reduce((sum, c) => sum + (population.get(c.value) ?? 0), 0)
  const counts = categories.map((c) => observed.get(c.value) ?? 0)
  const hiddenRows = hiddenCounts(
    counts,
    threshold,
    counts.reduce((a, b) => a + b, 0),
    false,
  )
  // Tests are of shown counts only: a statistic or flag worked out from a hidden count tells a
  // reader something about it (a flag on a hidden row said it was below what was expected).
  const fit = chiSquareGoodnessOfFit(
    categories.map((c, i) => ({
      key: c.value,
      observed: counts[i] ?? 0,
      expectedShare: populationTotal > 0 ? (population.get(c.value) ?? 0) / populationTotal : 0,
    })),
    hiddenRows.map((hidden) => !hidden),
  )
  const rows = fit.categories.map((c, i): ReachRow => {
    const label = categories[i]?.label ?? c.key
    const populationShare = 100 * c.expectedShare
    const share = percentOf(c.observed, fit.total)
    const hidden = hiddenRows[i] ?? false
    return {
      value: c.key,
      label,
      count: hidden ? undefined : c.observed,
      share: hidden ? undefined : share,
      populationShare,
      difference: hidden ? undefined : share - populationShare,
      ratio: hidden || populationShare === 0 ? undefined : share / populationShare,
      residual: hidden ? undefined : c.residual,
      adjustedP: hidden ? undefined : c.adjustedP,
      underHeard: c.underHeard,
      overHeard: c.overHeard,
      suppressed: hidden,
    }
  })
  return {
    key,
    title,
    rows,
    total: fit.total,
    fit: hiddenRows.some((hidden) => hidden)
      ? null
      : {
          statistic: fit.statistic,
          degreesOfFreedom: fit.degreesOfFreedom,
          pValue: fit.pValue,
          smallExpected: fit.smallExpected,
        },
  }
}
