import { flesch } from 'flesch'
import { syllable } from 'syllable'

// Easy Read rules: sentences of 15 words or fewer, one idea each, key figures in words. The
// readability score is Flesch Reading Ease (higher is easier; 80 and over is easy to read).

export const easyReadMaxWords = 15

/** A share said in words rather than as a number, as Easy Read guidance asks. */
export function shareInWords(percent: number): 'most' | 'overHalf' | 'many' | 'some' | 'few' {
  if (percent >= 75) return 'most'
  if (percent > 50) return 'overHalf'
  if (percent >= 35) return 'many'
  if (percent >= 15) return 'some'
  return 'few'
}

/** A count rounded to a figure people can hold: "about 6,600". */
export function roughly(n: number): string {
  if (n < 100) return n.toLocaleString('en-GB')
  const step = n < 1000 ? 10 : n < 10_000 ? 100 : 1000
  return (Math.round(n / step) * step).toLocaleString('en-GB')
}

export const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')

const wordsOf = (sentence: string) => sentence.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w))

export interface ReadabilityCheck {
  /** Flesch Reading Ease, rounded; null for no text. */
  score: number | null
  sentences: number
  /** Sentences longer than Easy Read allows, as written. */
  tooLong: string[]
}

export function checkReadability(text: string): ReadabilityCheck {
  const sentences = sentencesOf(text)
  const words = sentences.flatMap(wordsOf)
  if (words.length === 0) return { score: null, sentences: 0, tooLong: [] }
  const score = flesch({
    sentence: sentences.length,
    word: words.length,
    syllable: words.reduce((n, w) => n + syllable(w), 0),
  })
  return {
    score: Math.round(score),
    sentences: sentences.length,
    tooLong: sentences.filter((s) => wordsOf(s).length > easyReadMaxWords),
  }
}
