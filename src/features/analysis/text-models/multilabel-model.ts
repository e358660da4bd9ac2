import { seededRandom } from '../../../platform/random/seeded-random.js'
import { bestCount } from './expected-f1.js'
import {
  type FeatureOptions,
  type FittedFeatures,
  fitFeatures,
  transformFeatures,
  wordAndCharFeatures,
  wordFeatures,
} from './hashed-features.js'
import { type LinearModels, scoreLinear, shuffled, trainLinearModels } from './linear-classifier.js'
import type { SparseVector } from './sparse-vector.js'
import { hasWords } from './text-features.js'

// Auto-coding: a multi-label model trained on the comments analysts have coded, which suggests
// themes with a confidence for the rest. One linear SVM per theme over word, word-pair (including
// the pairs a comment's first and last words make with its edges) and character n-gram TF-IDF;
// scores become confidences by Platt scaling fitted on out-of-fold scores from an inner
// cross-validation. Each comment is then coded with the number of its likeliest themes that gives
// the best expected F1 for that comment (expected-f1.ts), never fewer than the fewest themes any
// coded training comment has (counting themes too rare to learn), and at least one, since every
// comment in a codeframe says something.
// The inner cross-validation also tunes each theme's threshold for F1, which measures how unsure
// a suggestion is (active learning) and is the rule of the plain baseline.

export interface CodedExample {
  text: string
  themes: readonly string[]
}

export interface ModelOptions {
  features: FeatureOptions
  /** Inverse regularisation of the SVMs. */
  c: number
  /** Fit confidences and tune thresholds by inner cross-validation; otherwise a score above 0 is a yes. */
  tune: boolean
  innerFolds: number
  /** The inner cross-validation uses at most this many comments, so it stays fast on big sets. */
  innerLimit: number
  /**
   * A comment with words but no theme over threshold gets its most likely theme (the expected-F1
   * rule always codes one or more, since coding none can only score 0 for a comment).
   */
  atLeastOne: boolean
  /**
   * How a comment's themes are chosen from its confidences: each theme over its own threshold, or
   * the likeliest themes in the number with the best expected F1 for the comment.
   */
  decision: 'thresholds' | 'expected-f1'
  /** Fewest coded comments with words to train on. */
  minExamples: number
  /** Fewest coded comments a theme needs before it is learned. */
  minPerTheme: number
  seed: number
}

export const modelOptions: ModelOptions = {
  features: wordAndCharFeatures,
  c: 0.5,
  tune: true,
  innerFolds: 3,
  innerLimit: 6_000,
  atLeastOne: true,
  decision: 'expected-f1',
  minExamples: 20,
  minPerTheme: 3,
  seed: 1,
}

/** The plain baseline the model must beat: word and word-pair TF-IDF, an SVM per theme, top theme if none. */
export const baselineOptions: ModelOptions = {
  ...modelOptions,
  features: wordFeatures,
  c: 1,
  tune: false,
  decision: 'thresholds',
}

export const modelVersion = 'heard-svm-ovr/3'

export interface CodingModel {
  version: string
  /** The themes it can suggest, in the order of its confidences. */
  themes: string[]
  /** Themes left out for want of examples, and how many more coded comments each needs. */
  untrained: { theme: string; have: number; needed: number }[]
  trainedOn: number
  features: FittedFeatures
  linear: LinearModels
  /** Platt scaling per theme: confidence = 1 / (1 + exp(a * score + b)). */
  calibration: { a: number; b: number }[]
  /** A theme is suggested as a yes when its confidence reaches its threshold. */
  thresholds: number[]
  atLeastOne: boolean
  decision: ModelOptions['decision']
  /** The fewest themes a comment is coded with under the expected-F1 rule. */
  fewestThemes: number
}

export type TrainingResult =
  | { ok: true; model: CodingModel }
  | {
      ok: false
      reason: 'too-few-examples'
      /** Coded comments with words, and how many more are needed before a model can be trained. */
      have: number
      needed: number
      untrained: { theme: string; have: number; needed: number }[]
    }

export interface ThemeSuggestion {
  theme: string
  confidence: number
}

export interface CodingSuggestion {
  /** The themes the model would code, most likely first. */
  themes: string[]
  /** The likeliest themes with their confidence (0 to 1), most likely first. */
  suggestions: ThemeSuggestion[]
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/**
 * Platt's fit of confidence = 1 / (1 + exp(a s + b)) to scores and yes/no answers, by Newton's
 * method with backtracking, as improved by Lin, Lin and Weng (2007) so separable scores do not diverge.
 */
export function fitPlatt(scores: ArrayLike<number>, positive: ArrayLike<boolean>): { a: number; b: number } {
  const n = scores.length
  let yes = 0
  for (let i = 0; i < n; i++) if (positive[i]) yes++
  const high = (yes + 1) / (yes + 2)
  const low = 1 / (n - yes + 2)
  const loss = (a: number, b: number) => {
    let sum = 0
    for (let i = 0; i < n; i++) {
      const f = a * (scores[i] ?? 0) + b
      const t = positive[i] ? high : low
      sum += f >= 0 ? t * f + Math.log1p(Math.exp(-f)) : (t - 1) * f + Math.log1p(Math.exp(f))
    }
    return sum
  }
  let a = 0
  let b = Math.log((n - yes + 1) / (yes + 1))
  let current = loss(a, b)
  for (let iteration = 0; iteration < 100; iteration++) {
    let g1 = 0
    let g2 = 0
    let h11 = 1e-12
    let h22 = 1e-12
    let h21 = 0
    for (let i = 0; i < n; i++) {
      const s = scores[i] ?? 0
      const p = sigmoid(-(a * s + b))
      const d1 = (positive[i] ? high : low) - p
      const d2 = p * (1 - p)
      g1 += s * d1
      g2 += d1
      h11 += s * s * d2
      h22 += d2
      h21 += s * d2
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break
    const det = h11 * h22 - h21 * h21
    const da = -(h22 * g1 - h21 * g2) / det
    const db = -(-h21 * g1 + h11 * g2) / det
    const slope = g1 * da + g2 * db
    let step = 1
    while (step >= 1e-10) {
      const next = loss(a + step * da, b + step * db)
      if (next < current + 1e-4 * step * slope) {
        a += step * da
        b += step * db
        current = next
        break
      }
      step /= 2
    }
    if (step < 1e-10) break
  }
  return { a, b }
}

/** The confidence threshold that gives the best F1 on out-of-fold confidences, kept within [0.05, 0.95]. */
export function bestThreshold(confidences: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: confidences.length }, (_, i) => i).sort(
    (x, y) => (confidences[y] ?? 0) - (confidences[x] ?? 0),
  )
  let total = 0
  for (let i = 0; i < confidences.length; i++) if (positive[i]) total++
  if (total === 0) return 0.5
  let tp = 0
  let best = -1
  let threshold = 0.5
  for (let r = 0; r < order.length; r++) {
    const i = order[r] ?? 0
    if (positive[i]) tp++
    const here = confidences[i] ?? 0
    const next = confidences[order[r + 1] ?? -1] ?? 0
    // Only between distinct confidences can a threshold separate them.
    if (r + 1 < order.length && next === here) continue
    const f1 = (2 * tp) / (r + 1 + total)
    if (f1 > best) {
      best = f1
      threshold = r + 1 < order.length ? (here + next) / 2 : here
    }
  }
  return Math.min(0.95, Math.max(0.05, threshold))
}

function themeCounts(examples: readonly CodedExample[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const example of examples) {
    for (const theme of new Set(example.themes)) counts.set(theme, (counts.get(theme) ?? 0) + 1)
  }
  return counts
}

/**
 * The fewest themes among training comments that have any: when every coded comment carries two
 * or more (a code for the question itself beside the substantive one, say), so should predictions.
 * Themes too rare to learn count too: a comment coded with one of them still had two themes.
 */
export function fewestThemes(labels: readonly (readonly unknown[])[], atLeastOne: boolean): number {
  let fewest = Number.POSITIVE_INFINITY
  for (const own of labels) if (own.length > 0) fewest = Math.min(fewest, own.length)
  return Number.isFinite(fewest) ? fewest : atLeastOne ? 1 : 0
}

/** Trains the coding model, or says how many more coded comments it needs. */
export function trainCodingModel(
  examples: readonly CodedExample[],
  options: ModelOptions = modelOptions,
): TrainingResult {
  const usable = examples.filter((e) => hasWords(e.text))
  const counts = themeCounts(usable)
  const untrained = [...counts]
    .filter(([, have]) => have < options.minPerTheme)
    .map(([theme, have]) => ({ theme, have, needed: options.minPerTheme - have }))
    .sort((x, y) => x.theme.localeCompare(y.theme))
  const themes = [...counts.keys()].filter((t) => (counts.get(t) ?? 0) >= options.minPerTheme).sort()
  if (usable.length < options.minExamples || themes.length === 0) {
    const needed = Math.max(
      options.minExamples - usable.length,
      themes.length === 0 ? options.minPerTheme : 0,
    )
    return { ok: false, reason: 'too-few-examples', have: usable.length, needed, untrained }
  }
  const index = new Map(themes.map((t, k) => [t, k]))
  const labels = usable.map((e) => [...new Set(e.themes)].flatMap((t) => index.get(t) ?? []))
  const { fitted: features, vectors } = fitFeatures(
    usable.map((e) => e.text),
    options.features,
  )
  const linear = trainLinearModels(vectors, labels, themes.length, features.size, {
    c: options.c,
    seed: options.seed,
  })
  const { calibration, thresholds } = options.tune
    ? tune(vectors, labels, themes.length, features.size, options)
    : {
        calibration: themes.map(() => ({ a: -1, b: 0 })),
        thresholds: themes.map(() => 0.5),
      }
  return {
    ok: true,
    model: {
      version: modelVersion,
      themes,
      untrained,
      trainedOn: usable.length,
      features,
      linear,
      calibration,
      thresholds,
      atLeastOne: options.atLeastOne,
      decision: options.decision,
      fewestThemes: fewestThemes(
        usable.map((e) => [...new Set(e.themes)]),
        options.atLeastOne,
      ),
    },
  }
}

/** Inner models only place thresholds, so fewer passes do. */
const innerEpochs = 4

/** Out-of-fold scores from an inner cross-validation give each theme its Platt scaling and threshold. */
function tune(
  vectors: readonly SparseVector[],
  labels: readonly (readonly number[])[],
  themes: number,
  features: number,
  options: ModelOptions,
): { calibration: { a: number; b: number }[]; thresholds: number[] } {
  const random = seededRandom(options.seed + 7)
  const chosen = shuffled(vectors.length, random).slice(0, Math.min(vectors.length, options.innerLimit))
  const folds = Math.max(2, Math.min(options.innerFolds, chosen.length))
  const scores: Float64Array[] = []
  const truth: boolean[][] = Array.from({ length: themes }, () => [])
  for (let fold = 0; fold < folds; fold++) {
    const train: number[] = []
    const held: number[] = []
    chosen.forEach((i, r) => {
      ;(r % folds === fold ? held : train).push(i)
    })
    const models = trainLinearModels(
      train.map((i) => vectors[i] ?? { indices: new Int32Array(0), values: new Float64Array(0) }),
      train.map((i) => labels[i] ?? []),
      themes,
      features,
      { c: options.c, seed: options.seed + fold, epochs: innerEpochs },
    )
    const heldScores = scoreLinear(
      models,
      held.map((i) => vectors[i] ?? { indices: new Int32Array(0), values: new Float64Array(0) }),
    )
    held.forEach((i, r) => {
      scores.push(heldScores[r] ?? new Float64Array(themes))
      const own = new Set(labels[i])
      for (let k = 0; k < themes; k++) truth[k]?.push(own.has(k))
    })
  }
  const calibration: { a: number; b: number }[] = []
  const thresholds: number[] = []
  for (let k = 0; k < themes; k++) {
    const themeScores = scores.map((s) => s[k] ?? 0)
    const positive = truth[k] ?? []
    const platt = fitPlatt(themeScores, positive)
    calibration.push(platt)
    thresholds.push(
      bestThreshold(
        themeScores.map((s) => sigmoid(-(platt.a * s + platt.b))),
        positive,
      ),
    )
  }
  return { calibration, thresholds }
}

/** Each comment's confidence for every theme of the model, in the order of `model.themes`. */
export function predictConfidences(model: CodingModel, texts: readonly string[]): Float64Array[] {
  const scores = scoreLinear(model.linear, transformFeatures(model.features, texts))
  return scores.map((row, i) => {
    if (!hasWords(texts[i] ?? '')) return new Float64Array(row.length)
    return row.map((s, k) => {
      const { a, b } = model.calibration[k] ?? { a: -1, b: 0 }
      return sigmoid(-(a * s + b))
    })
  })
}

/** The themes the model would code for each comment, with the likeliest themes and their confidence. */
export function suggestThemes(model: CodingModel, texts: readonly string[], limit = 5): CodingSuggestion[] {
  return predictConfidences(model, texts).map((row) => {
    // Theme numbers by falling confidence; a comment without words has none above zero.
    const order = Array.from(row.keys())
      .filter((k) => (row[k] ?? 0) > 0)
      .sort((x, y) => (row[y] ?? 0) - (row[x] ?? 0))
    const chosen =
      model.decision === 'expected-f1' && order.length > 0
        ? order.slice(
            0,
            bestCount(
              order.map((k) => row[k] ?? 0),
              model.fewestThemes,
            ),
          )
        : order.filter((k) => (row[k] ?? 0) >= (model.thresholds[k] ?? 0.5))
    const top = order[0]
    if (chosen.length === 0 && model.atLeastOne && top !== undefined) chosen.push(top)
    return {
      themes: chosen.map((k) => model.themes[k] ?? ''),
      suggestions: order
        .slice(0, limit)
        .map((k) => ({ theme: model.themes[k] ?? '', confidence: row[k] ?? 0 })),
    }
  })
}
