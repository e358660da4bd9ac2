import type { AnswerValue } from '../../../platform/db/schema.js'
import type { GroupedCount } from './tabulate.js'
import { type RakingCell, type RakingResult, rake, type TargetMargins } from './weighting.js'

// Grouped counts split by the weighting variables' answers become weighted grouped counts: the
// cells are raked to the target margins and each count is multiplied by its cell's weight. The
// same counts times the squared weight give Σw² per group, for Kish's effective sample size. Pure.

export interface WeightingCellCount {
  value: AnswerValue | null
  grp: string | null
  /** The answer to each weighting variable, in the order of the margins' keys. */
  levels: readonly (string | null)[]
  n: number
}

export function weightCounts(
  cells: readonly WeightingCellCount[],
  margins: TargetMargins,
): { raking: RakingResult; counts: GroupedCount[]; squares: GroupedCount[] } {
  const variables = Object.keys(margins)
  const keyOf = (levels: readonly (string | null)[]) => JSON.stringify(levels)
  const people = new Map<string, RakingCell>()
  for (const cell of cells) {
    const key = keyOf(cell.levels)
    const known = people.get(key)
    if (known) known.count += cell.n
    else
      people.set(key, {
        levels: Object.fromEntries(variables.map((v, i) => [v, cell.levels[i] ?? undefined])),
        count: cell.n,
      })
  }
  const keys = [...people.keys()]
  const raking = rake([...people.values()], margins)
  const weightOf = new Map(keys.map((k, i) => [k, raking.weights[i] ?? 1]))
  const weighted = (power: number) =>
    cells.map((c) => ({
      value: c.value,
      group: c.grp,
      n: c.n * (weightOf.get(keyOf(c.levels)) ?? 1) ** power,
    }))
  return { raking, counts: weighted(1), squares: weighted(2) }
}
