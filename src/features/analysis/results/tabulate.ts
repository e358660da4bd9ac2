import type { AnswerValue } from '../../../platform/db/schema.js'
import { choicesOf, type Question } from '../../../questionnaire/definition.js'
import type { Category, CrosstabCounts } from './crosstab.js'

// Turns grouped counts from the database (one row per stored answer and group) into the table
// a crosstab is built from. Pure.

/** Questions with a fixed set of answers, which can be counted. */
export type ClosedQuestion = Question & {
  type: 'single_choice' | 'multiple_choice' | 'ranking' | 'agreement' | 'rating'
}

export function isClosedQuestion(q: Question): q is ClosedQuestion {
  return choicesOf(q) !== undefined
}

/** Questions that give one answer per person, and so can break another question down. */
export function canBreakDown(q: Question): boolean {
  return q.type === 'single_choice' || q.type === 'agreement' || q.type === 'rating'
}

/** One row of grouped counts: a stored answer (or none), the person's group (or none), and how many. */
export interface GroupedCount {
  value: AnswerValue | null
  group: string | null
  n: number
}

/** The column for people whose group is not known (the breakdown question not answered). */
export const notStated = '__not_stated'

/**
 * What a stored answer counts as: a ranking counts its first preference, several choices count
 * each, and anything not among the question's answers counts as not answered.
 */
function answersCounted(q: ClosedQuestion, value: AnswerValue | null, known: Set<string>): string[] {
  if (value === null || value === '') return []
  if (Array.isArray(value)) {
    const chosen = q.type === 'ranking' ? value.slice(0, 1) : [...new Set(value)]
    return chosen.filter((v) => known.has(v))
  }
  const text = String(value)
  return known.has(text) ? [text] : []
}

export function tabulate(
  q: ClosedQuestion,
  groups: readonly Category[] | undefined,
  counted: readonly GroupedCount[],
  notStatedLabel: string,
): CrosstabCounts {
  const rows = choicesOf(q) ?? []
  const known = new Set(rows.map((r) => r.value))
  const columns: Category[] = groups ? [...groups] : [{ value: '', label: '' }]
  const columnOf = new Map(columns.map((c, j) => [c.value, j]))
  if (groups && counted.some((c) => c.group === null || !columnOf.has(c.group))) {
    columnOf.set(notStated, columns.length)
    columns.push({ value: notStated, label: notStatedLabel })
  }
  const rowOf = new Map(rows.map((r, i) => [r.value, i]))
  const counts = rows.map(() => columns.map(() => 0))
  const columnBases = columns.map(() => 0)
  const notAnswered = columns.map(() => 0)
  for (const { value, group, n } of counted) {
    const j = groups ? (columnOf.get(group ?? notStated) ?? columnOf.get(notStated) ?? 0) : 0
    const answers = answersCounted(q, value, known)
    if (answers.length === 0) {
      notAnswered[j] = (notAnswered[j] ?? 0) + n
      continue
    }
    columnBases[j] = (columnBases[j] ?? 0) + n
    for (const answer of answers) {
      const row = counts[rowOf.get(answer) ?? -1]
      if (row) row[j] = (row[j] ?? 0) + n
    }
  }
  return {
    rows,
    columns,
    counts,
    columnBases,
    notAnswered,
    multiple: q.type === 'multiple_choice',
  }
}
