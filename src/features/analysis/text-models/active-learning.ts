import { type CodingModel, predictConfidences } from './multilabel-model.js'

// Active learning: which comments to code next. Uncertainty sampling picks the comments the model
// is least sure about, those with some theme's confidence nearest its threshold, since coding them
// teaches the model most; comments it is sure about can wait or be accepted in bulk.

export interface UncodedComment {
  id: string
  text: string
}

export interface CodingCandidate {
  id: string
  /** 1 when a theme sits exactly on its threshold, towards 0 as every theme is clear-cut. */
  uncertainty: number
  /** The theme the model is least sure about for this comment. */
  theme: string
}

/** How unsure a set of confidences is: 1 minus the smallest distance to a threshold, scaled to the room each side. */
export function uncertaintyOf(
  confidences: ArrayLike<number>,
  thresholds: readonly number[],
): { uncertainty: number; theme: number } {
  let best = 0
  let theme = -1
  for (let k = 0; k < confidences.length; k++) {
    const threshold = thresholds[k] ?? 0.5
    const confidence = confidences[k] ?? 0
    const room = confidence >= threshold ? 1 - threshold : threshold
    const uncertainty = room === 0 ? 0 : 1 - Math.abs(confidence - threshold) / room
    if (uncertainty > best) {
      best = uncertainty
      theme = k
    }
  }
  return { uncertainty: best, theme }
}

/** The `count` comments most worth coding next, most uncertain first; comments without words are never chosen. */
export function chooseCommentsToCode(
  model: CodingModel,
  comments: readonly UncodedComment[],
  count: number,
): CodingCandidate[] {
  const confidences = predictConfidences(
    model,
    comments.map((c) => c.text),
  )
  return comments
    .flatMap((comment, i) => {
      const { uncertainty, theme } = uncertaintyOf(confidences[i] ?? [], model.thresholds)
      if (theme < 0) return []
      return [{ id: comment.id, uncertainty, theme: model.themes[theme] ?? '', order: i }]
    })
    .sort((a, b) => b.uncertainty - a.uncertainty || a.order - b.order)
    .slice(0, Math.max(0, count))
    .map(({ id, uncertainty, theme }) => ({ id, uncertainty, theme }))
}
