// Raking (iterative proportional fitting): weights for respondents so that, on each variable in
// turn (age, sex, area), the weighted shares match the reference population's. Pure.
//
// Assumptions, stated beside weighted figures: within each combination of the variables, those who
// answered are like those who did not; the target margins are right for the population; and people
// who did not give a level on some variable (or gave one with no target, such as "Prefer not to
// say") keep a weight of 1 and are left out of the fitting. A target may join several levels with
// `+` where the population is not split as the answers are (the Census's 15 to 24 band is
// `under_18+18_24`): everyone giving any of them is raked to it together.

/** A cell of respondents sharing one level on each variable, such as {age: '25_34', sex: 'female'}. */
export interface RakingCell {
  levels: Readonly<Record<string, string | undefined>>
  count: number
}

/**
 * For each variable, the population's size (or share) at each level, or at several levels joined
 * with `+`; scaled to the sample.
 */
export type TargetMargins = Readonly<Record<string, Readonly<Record<string, number>>>>

export interface RakingResult {
  /** The weight of each person in each cell, in the order given. */
  weights: number[]
  converged: boolean
  iterations: number
  /** Cells left at weight 1: a level missing or without a target. */
  unweightedCells: number
  /** Levels that have a target but nobody in the sample, so their target cannot be met. */
  emptyLevels: { variable: string; level: string }[]
}

/** The target a level is raked to: its own, or the one joining it with others. */
function targetLevel(margin: Readonly<Record<string, number>>, level: string | undefined) {
  if (level === undefined || Object.hasOwn(margin, level)) return level
  return Object.keys(margin).find((key) => key.split('+').includes(level)) ?? level
}

export function rake(
  rawCells: readonly RakingCell[],
  targets: TargetMargins,
  options: { maxIterations?: number; tolerance?: number } = {},
): RakingResult {
  const maxIterations = options.maxIterations ?? 100
  const tolerance = options.tolerance ?? 1e-9
  const variables = Object.keys(targets)
  const cells = rawCells.map((cell) => ({
    count: cell.count,
    levels: Object.fromEntries(variables.map((v) => [v, targetLevel(targets[v] ?? {}, cell.levels[v])])),
  }))
  const rakeable = cells.map((cell) =>
    variables.every((v) => {
      const level = cell.levels[v]
      return level !== undefined && (targets[v]?.[level] ?? 0) > 0
    }),
  )
  const weights = cells.map(() => 1)
  const sampleTotal = cells.reduce((total, c, i) => total + (rakeable[i] ? c.count : 0), 0)
  const emptyLevels = variables.flatMap((variable) =>
    Object.entries(targets[variable] ?? {}).flatMap(([level, target]) =>
      target > 0 && !cells.some((c, i) => rakeable[i] && c.count > 0 && c.levels[variable] === level)
        ? [{ variable, level }]
        : [],
    ),
  )
  // Each variable's targets, scaled to the people being weighted, over the levels present.
  const scaled = variables.map((variable) => {
    const margin = targets[variable] ?? {}
    const present = Object.entries(margin).filter(
      ([level]) => !emptyLevels.some((e) => e.variable === variable && e.level === level),
    )
    const totalTarget = present.reduce((a, [, v]) => a + v, 0)
    return new Map(
      present.map(([level, v]) => [level, totalTarget > 0 ? (v * sampleTotal) / totalTarget : 0]),
    )
  })
  const weightedAt = (variableIndex: number) => {
    const variable = variables[variableIndex] ?? ''
    const totals = new Map<string, number>()
    cells.forEach((cell, i) => {
      const level = cell.levels[variable]
      if (!rakeable[i] || level === undefined) return
      totals.set(level, (totals.get(level) ?? 0) + cell.count * (weights[i] ?? 1))
    })
    return totals
  }
  let iterations = 0
  let converged = sampleTotal === 0
  while (!converged && iterations < maxIterations) {
    iterations++
    variables.forEach((variable, v) => {
      const current = weightedAt(v)
      cells.forEach((cell, i) => {
        const level = cell.levels[variable]
        if (!rakeable[i] || level === undefined) return
        const now = current.get(level) ?? 0
        const target = scaled[v]?.get(level) ?? 0
        if (now > 0) weights[i] = (weights[i] ?? 1) * (target / now)
      })
    })
    converged = variables.every((_, v) => {
      const current = weightedAt(v)
      return [...(scaled[v] ?? new Map<string, number>())].every(
        ([level, target]) => Math.abs((current.get(level) ?? 0) - target) <= tolerance * sampleTotal,
      )
    })
  }
  return {
    weights,
    converged,
    iterations,
    unweightedCells: rakeable.filter((r) => !r).length,
    emptyLevels,
  }
}
