import { seededRandom } from '../src/platform/random/seeded-random.js'

// The paired bootstrap of a difference in samples-F1 between two coders of the same test items:
// items are resampled with replacement, both coders' scores travel together, and the 2.5th and
// 97.5th percentiles of the resampled mean difference give the 95% interval. With several groups
// (a dataset's questions) each group is resampled within itself and the difference is the mean
// over groups, as the dataset's score is.

export interface PairedScores {
  /** Per-item F1 of the model and of the baseline, in the same item order. */
  model: readonly number[]
  baseline: readonly number[]
}

export interface DifferenceInterval {
  difference: number
  low: number
  high: number
  replicates: number
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length

export function pairedBootstrap(
  groups: readonly PairedScores[],
  options: { replicates?: number; seed?: number } = {},
): DifferenceInterval | undefined {
  const used = groups.filter((g) => g.model.length > 0 && g.model.length === g.baseline.length)
  if (used.length === 0) return undefined
  const replicates = options.replicates ?? 2000
  const random = seededRandom(options.seed ?? 1)
  const differences = used.map((g) => g.model.map((m, i) => m - (g.baseline[i] ?? 0)))
  const observed = mean(differences.map(mean))
  const draws = new Float64Array(replicates)
  for (let r = 0; r < replicates; r++) {
    let total = 0
    for (const d of differences) {
      let sum = 0
      for (let k = 0; k < d.length; k++) sum += d[Math.floor(random() * d.length)] ?? 0
      total += sum / d.length
    }
    draws[r] = total / differences.length
  }
  draws.sort()
  const at = (q: number) =>
    draws[Math.min(replicates - 1, Math.max(0, Math.round(q * (replicates - 1))))] ?? 0
  return { difference: observed, low: at(0.025), high: at(0.975), replicates }
}
