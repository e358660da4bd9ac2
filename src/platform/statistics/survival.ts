import { createRequire } from 'node:module'

// Upper-tail probabilities computed directly, not as 1 − cdf: once the cdf rounds to 1 (a chi-square
// of 80 on 1 degree of freedom, a z of 8.3) the difference is 0, and a table would read "p = 0".
// jstat has no survival functions, so these come from stdlib's regularized upper incomplete gamma
// and complementary error function.

// Required on first use: the two stdlib packages are about a hundred CommonJS modules, a sizeable
// share of every process's start-up, and most processes never compute a p-value.
const require = createRequire(import.meta.url)
type Gammainc = (x: number, s: number, regularized: boolean, upper: boolean) => number
let stdlib: { gammainc: Gammainc; erfc: (x: number) => number } | undefined
function functions() {
  stdlib ??= {
    gammainc: require('@stdlib/math-base-special-gammainc'),
    erfc: require('@stdlib/math-base-special-erfc'),
  }
  return stdlib
}

/** P(X ≥ x) for X chi-square with `df` degrees of freedom (SciPy's `chi2.sf`). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN
  if (x <= 0) return 1
  return functions().gammainc(x / 2, df / 2, true, true)
}

/** P(Z ≥ z) for a standard normal Z (SciPy's `norm.sf`). */
export function normalSurvival(z: number): number {
  return 0.5 * functions().erfc(z / Math.SQRT2)
}

/** Two-sided p-value of a standard normal statistic, 2·P(Z ≥ |z|). */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalSurvival(Math.abs(z)))
}
