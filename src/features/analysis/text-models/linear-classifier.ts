import { seededRandom } from '../../../platform/random/seeded-random.js'
import type { SparseVector } from './sparse-vector.js'

// One linear SVM per theme (L2-regularised, squared hinge loss), trained by dual coordinate
// descent, the method of LIBLINEAR (Hsieh et al., 2008): no learning rate, a few passes. Weights
// are stored feature by feature (all themes of a feature side by side, in single precision), so
// scoring a comment for every theme reads memory in order: measured five to ten times faster than
// theme by theme once the weights outgrow the processor's cache.

export interface LinearOptions {
  /** Inverse regularisation strength, as in LIBLINEAR and scikit-learn's LinearSVC (default 1). */
  c?: number
  /** Passes over the comments; fewer are needed the more comments there are. */
  epochs?: number
  /** Seed of the order in which comments are visited. */
  seed?: number
}

export interface LinearModels {
  themes: number
  features: number
  /** weights[feature * themes + theme]. */
  weights: Float32Array
  bias: Float64Array
}

/** Passes that reach a stable solution: more for a few hundred comments, two for 100,000. */
export function defaultEpochs(items: number): number {
  if (items > 50_000) return 2
  if (items > 10_000) return 4
  return 6
}

export function shuffled(count: number, random: () => number): Int32Array {
  const order = new Int32Array(count)
  for (let i = 0; i < count; i++) order[i] = i
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = order[i] ?? 0
    order[i] = order[j] ?? 0
    order[j] = swap
  }
  return order
}

/** Adds a comment's score for every theme to `scores` (which starts as the biases). */
function scoreAll(models: LinearModels, x: SparseVector, scores: Float64Array): void {
  const { themes, weights } = models
  scores.set(models.bias)
  for (let j = 0; j < x.indices.length; j++) {
    const row = (x.indices[j] ?? 0) * themes
    const v = x.values[j] ?? 0
    for (let k = 0; k < themes; k++) scores[k] = (scores[k] ?? 0) + (weights[row + k] ?? 0) * v
  }
}

/** Smaller steps than this are not worth a pass over the comment's features. */
const minStep = 1e-3

/** Trains one classifier per theme: `labels[i]` lists the theme numbers (0 to themes-1) of comment i. */
export function trainLinearModels(
  vectors: readonly SparseVector[],
  labels: readonly (readonly number[])[],
  themes: number,
  features: number,
  options: LinearOptions = {},
): LinearModels {
  const c = options.c ?? 1
  const epochs = options.epochs ?? defaultEpochs(vectors.length)
  const diagonal = 1 / (2 * c)
  const models: LinearModels = {
    themes,
    features,
    weights: new Float32Array(features * themes),
    bias: new Float64Array(themes),
  }
  const { weights, bias } = models
  const alpha = new Float64Array(vectors.length * themes)
  const scores = new Float64Array(themes)
  const deltas = new Float64Array(themes)
  const changed = new Int32Array(themes)
  const sign = new Float64Array(themes)
  const random = seededRandom(options.seed ?? 1)
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const i of shuffled(vectors.length, random)) {
      const x = vectors[i]
      if (!x) continue
      let q = 1 + diagonal
      for (let j = 0; j < x.values.length; j++) q += (x.values[j] ?? 0) ** 2
      scoreAll(models, x, scores)
      sign.fill(-1)
      for (const k of labels[i] ?? []) sign[k] = 1
      let count = 0
      const base = i * themes
      for (let k = 0; k < themes; k++) {
        const y = sign[k] ?? -1
        const a = alpha[base + k] ?? 0
        const gradient = y * (scores[k] ?? 0) - 1 + diagonal * a
        const projected = a === 0 ? Math.min(gradient, 0) : gradient
        if (Math.abs(projected) < minStep) continue
        const next = Math.max(a - gradient / q, 0)
        alpha[base + k] = next
        deltas[count] = (next - a) * y
        changed[count++] = k
      }
      for (let m = 0; m < count; m++) {
        const k = changed[m] ?? 0
        bias[k] = (bias[k] ?? 0) + (deltas[m] ?? 0)
      }
      for (let j = 0; j < x.indices.length; j++) {
        const row = (x.indices[j] ?? 0) * themes
        const v = x.values[j] ?? 0
        for (let m = 0; m < count; m++) {
          const at = row + (changed[m] ?? 0)
          weights[at] = (weights[at] ?? 0) + (deltas[m] ?? 0) * v
        }
      }
    }
  }
  return models
}

/** Every theme's score for each comment: positive means the classifier says yes. */
export function scoreLinear(models: LinearModels, vectors: readonly SparseVector[]): Float64Array[] {
  return vectors.map((x) => {
    const scores = new Float64Array(models.themes)
    scoreAll(models, x, scores)
    return scores
  })
}
