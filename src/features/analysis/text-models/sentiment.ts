import type { ItemSentence } from 'wink-nlp'
import { plainText, wink } from './text-features.js'

// A lexicon baseline for sentiment, offered to the analyst as a suggestion to accept or override.
// wink-nlp scores each clause from its sentiment lexicon (with negation: "not good" is negative);
// a comment with a clearly positive and a clearly negative clause is mixed.

export type Sentiment = 'positive' | 'negative' | 'neutral' | 'mixed'

export interface SentimentSuggestion {
  sentiment: Sentiment
  /** wink-nlp's score of the whole comment, from -1 (negative) to 1 (positive). */
  score: number
  source: 'lexicon'
}

/** A comment must score at least this far from 0 to count as positive or negative. */
export const sentimentThreshold = 0.1
/** A clause counts as positive or negative at this distance from 0: wink-nlp scores a lone "terrible" in a long clause near -0.05. */
export const clauseThreshold = 0.04

/** Clauses: sentences, split again at "but", "however", "although", "though" and semicolons. */
const clauseBreak = /\s*(?:;|,?\s+\b(?:but|however|although|though|whereas|yet)\b)\s*/i

export function suggestSentiment(raw: string): SentimentSuggestion {
  const text = plainText(raw)
  if (text === '') return { sentiment: 'neutral', score: 0, source: 'lexicon' }
  const { nlp, its } = wink()
  const doc = nlp.readDoc(text)
  const score = Number(doc.out(its.sentiment)) || 0
  const clauses: number[] = []
  doc.sentences().each((sentence: ItemSentence) => {
    for (const clause of sentence.out().split(clauseBreak)) {
      if (clause.trim() === '') continue
      clauses.push(Number(nlp.readDoc(clause).out(its.sentiment)) || 0)
    }
  })
  const positive = clauses.some((s) => s >= clauseThreshold)
  const negative = clauses.some((s) => s <= -clauseThreshold)
  let sentiment: Sentiment = 'neutral'
  if (positive && negative) sentiment = 'mixed'
  else if (positive || score >= sentimentThreshold) sentiment = 'positive'
  else if (negative || score <= -sentimentThreshold) sentiment = 'negative'
  return { sentiment, score, source: 'lexicon' }
}
