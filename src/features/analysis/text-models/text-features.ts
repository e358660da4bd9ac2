import { createRequire } from 'node:module'
import type Model from 'wink-eng-lite-web-model'
import type { ItemSentence, ItsFunction, default as WinkNLP } from 'wink-nlp'

// Turning a free-text comment into words. Two routes, for two jobs:
// - analyseText uses wink-nlp (tokens, lemmas, stop words, word pairs) for theme discovery and
//   anything people read, where lemmas make top terms readable;
// - wordTokens is a plain Unicode split, about ten times faster, for training and predicting on
//   100,000 comments, where character n-grams already carry what lemmas would add.
// Both take any text: empty, HTML, emoji, any script, and very long comments (cut to maxChars).

/** Comments longer than this are cut before analysis: a 50,000-character letter keeps its opening 20,000. */
export const maxChars = 20_000

const require = createRequire(import.meta.url)

function loadWink() {
  const winkNLP: typeof WinkNLP = require('wink-nlp')
  const model: typeof Model = require('wink-eng-lite-web-model')
  const nlp = winkNLP(model)
  // wink-nlp's types declare lemma with three parameters where `out` accepts two; it works as documented.
  return { nlp, its: nlp.its, lemmaOf: nlp.its.lemma as unknown as ItsFunction<string> }
}
let loaded: ReturnType<typeof loadWink> | undefined

/**
 * The one wink-nlp instance with its English model, loaded on first use: the two packages and
 * reading the model are a sizeable share of a process's start-up, and most never read a comment.
 */
export function wink() {
  loaded ??= loadWink()
  return loaded
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

// Only real HTML elements are removed, so survey codes such as "<DK>" (don't know) stay as words.
const htmlTag =
  /<\/?(?:a|abbr|b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|font|h[1-6]|head|hr|html|i|img|li|mark|ol|p|pre|q|s|section|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|u|ul)\b[^>]{0,500}>|<!--[\s\S]{0,5000}?-->/gi

/** Plain text from a comment that may hold HTML: tags and scripts go, common entities are decoded, space is tidied. */
export function plainText(raw: string): string {
  const text = raw
    .slice(0, maxChars * 2)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(htmlTag, ' ')
    .replace(/&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' '
      }
      return entities[name.toLowerCase()] ?? whole
    })
    .replace(/\s+/g, ' ')
    .trim()
  return text.slice(0, maxChars)
}

export interface AnalysedText {
  /** Every word, number and emoji, lower case, in order (punctuation and symbols left out). */
  tokens: string[]
  /** The lemma of each token ("plans" gives "plan", "were" gives "be"). */
  lemmas: string[]
  /** Lemmas that carry meaning: stop words, numbers alone and one-letter words left out. */
  terms: string[]
  /** Neighbouring meaningful lemmas joined by a space ("crisis cafe"), within one sentence. */
  phrases: string[]
}

const kept = new Set(['word', 'number', 'emoji', 'unk', 'hashtag', 'emoticon'])

// wink-nlp keeps a proper noun's case in its lemma ("Australia") and a full stop on some words
// ("no." read as an abbreviation); both are folded so one word is one term.
const edgePunctuation =
  /^[^\p{L}\p{N}\p{M}\p{Extended_Pictographic}]+|[^\p{L}\p{N}\p{M}\p{Extended_Pictographic}]+$/gu

/** A lemma in lower case without leading or trailing punctuation. */
export function normaliseTerm(lemma: string): string {
  return lemma.toLowerCase().replace(edgePunctuation, '')
}

const stopWordCache = new Map<string, boolean>()
/** Whether a word wink-nlp read with punctuation ("no.") is a stop word once the punctuation goes. */
function isStopWord(word: string): boolean {
  let known = stopWordCache.get(word)
  if (known === undefined) {
    const { nlp, its } = wink()
    known = nlp.readDoc(word).tokens().out(its.stopWordFlag)[0] === true
    if (stopWordCache.size < 10_000) stopWordCache.set(word, known)
  }
  return known
}

/** Tokens, lemmas, meaningful terms and word pairs of a comment, through wink-nlp. */
export function analyseText(raw: string): AnalysedText {
  const text = plainText(raw)
  const empty: AnalysedText = { tokens: [], lemmas: [], terms: [], phrases: [] }
  if (text === '') return empty
  const { nlp, its, lemmaOf } = wink()
  const doc = nlp.readDoc(text)
  const result = empty
  // Whole-sentence outputs: lemmas need the parts of speech that wink-nlp tags per sentence.
  doc.sentences().each((sentence: ItemSentence) => {
    const tokens = sentence.tokens()
    const types = tokens.out(its.type)
    const normals = tokens.out(its.normal)
    const lemmas = tokens.out(lemmaOf)
    const stops = tokens.out(its.stopWordFlag)
    let previous: string | null = null
    types.forEach((type, j) => {
      if (!kept.has(type)) {
        previous = null
        return
      }
      const raw = normals[j] ?? ''
      const normal = normaliseTerm(raw)
      const lemma = type === 'word' ? normaliseTerm(lemmas[j] ?? raw) || normal : normal
      if (lemma === '') {
        previous = null
        return
      }
      result.tokens.push(normal)
      result.lemmas.push(lemma)
      const stop = stops[j] === true || (lemma !== (lemmas[j] ?? raw) && isStopWord(lemma))
      const meaningful = type !== 'number' && !stop && [...lemma].length > 1
      if (!meaningful) {
        previous = null
        return
      }
      result.terms.push(lemma)
      if (previous !== null) result.phrases.push(`${previous} ${lemma}`)
      previous = lemma
    })
  })
  return result
}

const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}]+)*|\p{Extended_Pictographic}/gu

/** Lower-case words, numbers and emoji of a comment, split on anything else; fast, for model features. */
export function wordTokens(raw: string): string[] {
  const text = raw.length > maxChars ? raw.slice(0, maxChars) : raw
  const words = text.toLowerCase().match(wordPattern)
  return words ?? []
}

/** Whether a comment has anything to code once HTML and space are taken away. */
export function hasWords(raw: string): boolean {
  return wordTokens(plainText(raw)).length > 0
}
