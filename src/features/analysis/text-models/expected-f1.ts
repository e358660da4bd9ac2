// How many themes to code for one comment, given a confidence for each theme: the number whose
// expected F1 for that comment is highest, treating the themes as independent with the
// confidences as their probabilities (the plug-in rule of Ye, Chai, Lee and Chieu, 2012, "Optimizing
// F-measures: a tale of two approaches"). Per-theme thresholds each maximise one theme's F1 over
// all comments; the score analysts read, and the benchmark measures, averages F1 comment by comment.
// Coding the k likeliest themes, of which t are right, with r right themes left out, gives F1
// 2t / (k + t + r); t and r are sums of independent yes/no chances (Poisson binomial counts).

/** Only this many likeliest themes are candidates: rarely does a comment carry more. */
export const maxCoded = 10
/** Counts of right themes left out beyond this are pooled with it: their share of F1 is tiny. */
const maxLeftOut = 30

/** Adds one yes/no chance to a count distribution in place; the last count holds that many or more. */
function addChance(d: Float64Array, p: number): void {
  const cap = d.length - 1
  if (cap === 0) return
  d[cap] = (d[cap] ?? 0) + (d[cap - 1] ?? 0) * p
  for (let j = cap - 1; j > 0; j--) d[j] = (d[j] ?? 0) * (1 - p) + (d[j - 1] ?? 0) * p
  d[0] = (d[0] ?? 0) * (1 - p)
}

/** The distribution of how many of `chances` come true, with counts above `cap` pooled into `cap`. */
export function countDistribution(chances: readonly number[], cap: number): Float64Array {
  const d = new Float64Array(cap + 1)
  d[0] = 1
  for (const p of chances) addChance(d, p)
  return d
}

/** Expected 2t / (k + t + r) over the distributions of t (right among k coded) and r (right left out). */
function expectedOf(k: number, right: Float64Array, missed: Float64Array): number {
  let expected = 0
  for (let t = 1; t < right.length && t <= k; t++) {
    const pt = right[t] ?? 0
    if (pt === 0) continue
    for (let r = 0; r < missed.length; r++) expected += pt * (missed[r] ?? 0) * ((2 * t) / (k + t + r))
  }
  return expected
}

/** Expected F1 of coding the themes with chances `coded` when the others have chances `left`. */
export function expectedF1(coded: readonly number[], left: readonly number[]): number {
  return expectedOf(
    coded.length,
    countDistribution(coded, coded.length),
    countDistribution(left, Math.max(1, Math.min(maxLeftOut, left.length))),
  )
}

/**
 * How many of the likeliest themes to code, from confidences sorted from highest to lowest: the
 * number (at least `fewest`, at most `maxCoded` or as many as there are) with the best expected F1.
 */
export function bestCount(sorted: readonly number[], fewest: number): number {
  const most = Math.min(maxCoded, sorted.length)
  const least = Math.min(Math.max(1, fewest), most)
  // The left-out distributions for every candidate count, built once from the least likely up.
  const cap = Math.max(1, Math.min(maxLeftOut, sorted.length - least))
  const leftOut: Float64Array[] = []
  const missed = countDistribution(sorted.slice(most), cap)
  for (let k = most; k >= least; k--) {
    leftOut[k] = missed.slice()
    if (k > least) addChance(missed, sorted[k - 1] ?? 0)
  }
  const right = countDistribution(sorted.slice(0, least), most)
  let best = -1
  let count = least
  for (let k = least; k <= most; k++) {
    if (k > least) addChance(right, sorted[k - 1] ?? 0)
    const expected = expectedOf(k, right, leftOut[k] ?? missed)
    if (expected > best + 1e-12) {
      best = expected
      count = k
    }
  }
  return count
}
