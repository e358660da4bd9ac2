// Inter-coder agreement: Cohen's kappa for two coders on one binary or nominal variable, and
// Krippendorff's alpha (nominal) for any number of coders with missing values. Pure functions.
//
// Multi-label coding (several themes per comment) is measured by treating each theme as its own
// binary variable, "present" or "absent": kappa is computed per theme over the comments both coders
// coded, and alpha overall takes every (comment, theme) pair as one unit with two binary values.
// That keeps the statistics standard and comparable, at the price of counting the many easy
// "absent/absent" agreements; per-theme kappa shows where coders really differ.

/** A value given by one coder to one unit; undefined when that coder did not code the unit. */
export type Rating = string | number | boolean | undefined

/**
 * Cohen's kappa for two coders who rated the same units (pairs with a missing value are dropped).
 * Returns undefined when it is not defined: no units, or chance agreement of 1 (both coders used one
 * and the same category throughout).
 */
export function cohensKappa(pairs: readonly (readonly [Rating, Rating])[]): number | undefined {
  const complete = pairs.filter(([a, b]) => a !== undefined && b !== undefined)
  const n = complete.length
  if (n === 0) return undefined
  const first = new Map<string, number>()
  const second = new Map<string, number>()
  let agreed = 0
  for (const [a, b] of complete) {
    const ka = String(a)
    const kb = String(b)
    first.set(ka, (first.get(ka) ?? 0) + 1)
    second.set(kb, (second.get(kb) ?? 0) + 1)
    if (ka === kb) agreed++
  }
  const observed = agreed / n
  let expected = 0
  for (const [category, count] of first) expected += (count / n) * ((second.get(category) ?? 0) / n)
  if (expected === 1) return undefined
  return (observed - expected) / (1 - expected)
}

/**
 * Krippendorff's alpha for nominal data. `units[u][c]` is coder c's value for unit u, undefined when
 * missing. Units with fewer than two values are not pairable and are left out, as in Krippendorff
 * (2011), "Computing Krippendorff's Alpha-Reliability". Returns undefined when there is no
 * pairable unit or no variation at all (expected disagreement of 0).
 */
export function krippendorffAlphaNominal(units: readonly (readonly Rating[])[]): number | undefined {
  // The coincidence matrix, kept as its diagonal and its marginals: for nominal data only
  // agreements and value totals matter.
  const totals = new Map<string, number>()
  let diagonal = 0
  let n = 0
  for (const unit of units) {
    const values = unit.filter((v) => v !== undefined).map(String)
    const m = values.length
    if (m < 2) continue
    const counts = new Map<string, number>()
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
    for (const [v, count] of counts) {
      totals.set(v, (totals.get(v) ?? 0) + count)
      diagonal += (count * (count - 1)) / (m - 1)
    }
    n += m
  }
  if (n === 0) return undefined
  const observedDisagreement = n - diagonal
  let sumSquares = 0
  for (const count of totals.values()) sumSquares += count * count
  const expectedDisagreement = (n * n - sumSquares) / (n - 1)
  if (expectedDisagreement === 0) return undefined
  return 1 - observedDisagreement / expectedDisagreement
}

/** One comment as two coders coded it: the theme ids each chose. */
export interface DoubleCoded {
  key: string
  first: readonly string[]
  second: readonly string[]
}

export interface ThemeAgreement {
  themeId: string
  kappa: number | undefined
  /** Comments where the two coders disagree on this theme. */
  disagreements: number
  /** Comments where at least one coder chose it. */
  used: number
}

export interface AgreementReport {
  units: number
  perTheme: ThemeAgreement[]
  /** Krippendorff's alpha over every (comment, theme) presence pair. */
  alpha: number | undefined
  /** Share of comments where both coders chose exactly the same themes. */
  exactMatch: number | undefined
  /** Keys of comments whose theme sets differ, to adjudicate. */
  disagreements: string[]
}

/** Agreement between two coding passes over the same comments, for the given themes. */
export function measureAgreement(
  items: readonly DoubleCoded[],
  themeIds: readonly string[],
): AgreementReport {
  const perTheme: ThemeAgreement[] = themeIds.map((themeId) => {
    const pairs = items.map((item) => [item.first.includes(themeId), item.second.includes(themeId)] as const)
    return {
      themeId,
      kappa: cohensKappa(pairs),
      disagreements: pairs.filter(([a, b]) => a !== b).length,
      used: pairs.filter(([a, b]) => a || b).length,
    }
  })
  const units: Rating[][] = []
  for (const item of items)
    for (const themeId of themeIds) units.push([item.first.includes(themeId), item.second.includes(themeId)])
  const disagreements = items.filter((item) => !sameSet(item.first, item.second)).map((item) => item.key)
  return {
    units: items.length,
    perTheme,
    alpha: krippendorffAlphaNominal(units),
    exactMatch: items.length === 0 ? undefined : (items.length - disagreements.length) / items.length,
    disagreements,
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((v) => right.has(v))
}
