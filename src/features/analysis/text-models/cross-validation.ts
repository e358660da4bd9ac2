import { seededRandom } from '../../../platform/random/seeded-random.js'
import { type CodingScores, scoreCoding } from '../coding/metrics.js'
import { shuffled } from './linear-classifier.js'
import {
  type CodedExample,
  type ModelOptions,
  modelOptions,
  suggestThemes,
  trainCodingModel,
} from './multilabel-model.js'

// How good auto-coding is on this consultation, from held-out cross-validation on the comments
// already coded: each comment is predicted by a model that never saw it, then all are scored.

export interface CrossValidationOptions {
  folds: number
  seed: number
  model: ModelOptions
}

export type CrossValidationResult =
  | { ok: true; folds: number; scores: CodingScores }
  | { ok: false; reason: 'too-few-examples'; have: number; needed: number }

/** The fold (0 to folds-1) of each of `count` items, in a seeded random order, sizes differing by at most one. */
export function assignFolds(count: number, folds: number, seed = 1): Int32Array {
  const fold = new Int32Array(count)
  shuffled(count, seededRandom(seed)).forEach((item, rank) => {
    fold[item] = rank % folds
  })
  return fold
}

export function crossValidateCoding(
  examples: readonly CodedExample[],
  options: Partial<CrossValidationOptions> = {},
): CrossValidationResult {
  const folds = Math.max(2, options.folds ?? 5)
  const model = options.model ?? modelOptions
  // Each training set holds (folds - 1) / folds of the comments and must reach the model's minimum.
  const enough = Math.ceil((model.minExamples * folds) / (folds - 1))
  if (examples.length < enough) {
    return { ok: false, reason: 'too-few-examples', have: examples.length, needed: enough - examples.length }
  }
  const fold = assignFolds(examples.length, folds, options.seed ?? 1)
  const predicted: string[][] = examples.map(() => [])
  for (let f = 0; f < folds; f++) {
    const held = examples.flatMap((_, i) => (fold[i] === f ? [i] : []))
    const trained = trainCodingModel(
      examples.filter((_, i) => fold[i] !== f),
      model,
    )
    if (!trained.ok) {
      return {
        ok: false,
        reason: 'too-few-examples',
        have: examples.length,
        needed: Math.max(1, trained.needed),
      }
    }
    const suggestions = suggestThemes(
      trained.model,
      held.map((i) => examples[i]?.text ?? ''),
    )
    held.forEach((i, r) => {
      predicted[i] = suggestions[r]?.themes ?? []
    })
  }
  const truth = examples.map((e) => [...e.themes])
  return { ok: true, folds, scores: scoreCoding(truth, predicted) }
}
