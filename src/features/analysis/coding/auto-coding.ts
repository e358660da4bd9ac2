import { chooseCommentsToCode } from '../text-models/active-learning.js'
import { crossValidateCoding } from '../text-models/cross-validation.js'
import { type CodedExample, suggestThemes, trainCodingModel } from '../text-models/multilabel-model.js'
import type { CodingScores } from './metrics.js'

// One auto-coding round over a consultation, as plain data in and out: train on the coded
// comments, measure the model by held-out cross-validation, suggest themes for the comments not
// coded yet, and pick those most worth coding next. The job around it does the reading and writing.

export interface CodedComment extends CodedExample {
  responseId: string
  questionKey: string
}

export interface UncodedComment {
  responseId: string
  questionKey: string
  text: string
}

export interface AutoCodingInput {
  coded: readonly CodedComment[]
  uncoded: readonly UncodedComment[]
  /** The question each theme belongs to; null when it is shared by every question. */
  themeQuestions: ReadonlyMap<string, string | null>
  /** How many comments to propose for coding next. */
  nextCount: number
  folds: number
  /** Cross-validation reads at most this many coded comments, spread evenly: enough to measure, and it keeps big sets quick. */
  validationLimit: number
}

export interface Shortfall {
  theme: string
  have: number
  needed: number
}

export type AutoCodingRound =
  | { ok: false; have: number; needed: number; untrained: Shortfall[] }
  | {
      ok: true
      trainedOn: number
      themes: number
      untrained: Shortfall[]
      quality:
        | { ok: true; folds: number; scores: CodingScores }
        | { ok: false; have: number; needed: number }
        /** One theme to choose from: every comment gets it, so any score would only measure that. */
        | { ok: false; reason: 'one-theme' }
      suggestions: { responseId: string; questionKey: string; themeId: string; confidence: number }[]
      next: { responseId: string; questionKey: string; uncertainty: number; themeId: string }[]
    }

/** At most `limit` items, taken at even steps through the list, so every part of it is represented. */
export function evenlySpread<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items]
  const step = items.length / limit
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)] as T)
}

const keyOf = (c: { responseId: string; questionKey: string }) => `${c.responseId}|${c.questionKey}`

function measureQuality(
  input: AutoCodingInput,
  themes: number,
): Extract<AutoCodingRound, { ok: true }>['quality'] {
  // The model gives every comment with words at least one theme, so with one theme it is right by
  // construction whenever that theme is all anyone used: 100% would say nothing about the model.
  if (themes < 2) return { ok: false, reason: 'one-theme' }
  const validated = crossValidateCoding(evenlySpread(input.coded, input.validationLimit), {
    folds: input.folds,
  })
  return validated.ok ? validated : { ok: false, have: validated.have, needed: validated.needed }
}

export function runAutoCoding(input: AutoCodingInput): AutoCodingRound {
  const trained = trainCodingModel(input.coded)
  if (!trained.ok)
    return { ok: false, have: trained.have, needed: trained.needed, untrained: trained.untrained }
  const { model } = trained
  const quality = measureQuality(input, model.themes.length)
  const fits = (themeId: string, questionKey: string) => {
    const own = input.themeQuestions.get(themeId)
    return own === null || own === questionKey
  }
  const suggestions = suggestThemes(
    model,
    input.uncoded.map((c) => c.text),
    model.themes.length,
  ).flatMap((suggested, i) => {
    const comment = input.uncoded[i]
    if (!comment) return []
    const chosen = new Set(suggested.themes)
    return suggested.suggestions
      .filter((s) => chosen.has(s.theme) && fits(s.theme, comment.questionKey))
      .map((s) => ({
        responseId: comment.responseId,
        questionKey: comment.questionKey,
        themeId: s.theme,
        confidence: s.confidence,
      }))
  })
  const byKey = new Map(input.uncoded.map((c) => [keyOf(c), c]))
  const next = chooseCommentsToCode(
    model,
    input.uncoded.map((c) => ({ id: keyOf(c), text: c.text })),
    input.nextCount,
  ).flatMap((candidate) => {
    const comment = byKey.get(candidate.id)
    return comment
      ? [
          {
            responseId: comment.responseId,
            questionKey: comment.questionKey,
            uncertainty: candidate.uncertainty,
            themeId: candidate.theme,
          },
        ]
      : []
  })
  return {
    ok: true,
    trainedOn: model.trainedOn,
    themes: model.themes.length,
    untrained: model.untrained,
    quality,
    suggestions,
    next,
  }
}
