import type { AnswerValue } from '../../../platform/db/schema.js'

// Answer documents made ready for comparing many pairs: question keys and short values become
// small numbers once per response (not once per pair), texts keep their words, and a pair whose
// choices alone cannot reach the similarity asked for is dismissed before any text is compared.

/** A free-text answer longer than this is compared by its words, not as a whole. */
const longText = 40

export interface AnswerFeatures {
  /** Question numbers, ascending. */
  keys: Int32Array
  /** For each key, the number of its value; -1 for a long text. */
  values: Int32Array
  /** For each key, the text when the value is a string (which may still be compared by words). */
  texts: (string | undefined)[]
  words: (Set<string> | undefined)[]
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9']+/g) ?? [])
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const w of small) if (large.has(w)) shared++
  return shared / (a.size + b.size - shared)
}

/** Numbers for question keys and values, shared by every response of one comparison run. */
export class AnswerSpace {
  private readonly keyIds = new Map<string, number>()
  private readonly valueIds = new Map<string, number>()

  private id(map: Map<string, number>, text: string): number {
    let id = map.get(text)
    if (id === undefined) {
      id = map.size
      map.set(text, id)
    }
    return id
  }

  features(answers: Record<string, AnswerValue>): AnswerFeatures {
    const entries = Object.entries(answers)
      .filter(([, v]) => v !== undefined)
      .map(([key, value]) => ({ key: this.id(this.keyIds, key), value }))
      .sort((a, b) => a.key - b.key)
    const keys = new Int32Array(entries.length)
    const values = new Int32Array(entries.length)
    const texts: (string | undefined)[] = []
    entries.forEach((e, i) => {
      keys[i] = e.key
      const text = typeof e.value === 'string' ? e.value : undefined
      texts.push(text)
      values[i] =
        text !== undefined && text.length > longText ? -1 : this.id(this.valueIds, JSON.stringify(e.value))
    })
    return { keys, values, texts, words: new Array(entries.length) }
  }
}

function wordsAt(f: AnswerFeatures, i: number): Set<string> {
  let set = f.words[i]
  if (!set) {
    set = words(f.texts[i] ?? '')
    f.words[i] = set
  }
  return set
}

/**
 * How alike two answer documents are, from 0 to 1, over the questions both answered: each gives
 * a score (1 for the same value, the word overlap for two texts when either is long, 0
 * otherwise), averaged. A question only one answered says nothing either way: a letter holds
 * only a comment, and a second response may leave questions out. -1 when they share fewer than
 * `minShared` questions (at least one), too few to say.
 * Below `minimum`, returns as soon as the pair cannot reach it, with a value under `minimum` that
 * is not the exact similarity.
 */
export function featureSimilarity(a: AnswerFeatures, b: AnswerFeatures, minimum = 0, minShared = 1): number {
  let i = 0
  let j = 0
  let shared = 0
  let score = 0
  const textPairs: number[] = []
  while (i < a.keys.length && j < b.keys.length) {
    const ka = a.keys[i] as number
    const kb = b.keys[j] as number
    if (ka < kb) i++
    else if (kb < ka) j++
    else {
      shared++
      const ta = a.texts[i]
      const tb = b.texts[j]
      if (ta !== undefined && tb !== undefined && (a.values[i] === -1 || b.values[j] === -1))
        textPairs.push(i, j)
      else if (a.values[i] === b.values[j] && a.values[i] !== -1) score += 1
      i++
      j++
    }
  }
  if (shared < Math.max(1, minShared)) return -1
  if ((score + textPairs.length / 2) / shared < minimum) return (score + textPairs.length / 2) / shared
  for (let p = 0; p < textPairs.length; p += 2)
    score += jaccard(wordsAt(a, textPairs[p] as number), wordsAt(b, textPairs[p + 1] as number))
  return score / shared
}

export function answerSimilarity(a: Record<string, AnswerValue>, b: Record<string, AnswerValue>): number {
  const space = new AnswerSpace()
  return featureSimilarity(space.features(a), space.features(b))
}

/**
 * A response's answers in brief, as the database sends them for every response sharing a key:
 * one number per question (-1 not answered, -2 a long text), and which values are texts.
 */
export interface AnswerBrief {
  values: Int32Array
  texts: Uint8Array
}

const absent = -1
const long = -2

/** Numbers for the values in answer signatures (see `answerSignature` in the repository). */
export class SignatureSpace {
  private readonly ids = new Map<string, number>()

  parse(signature: string): AnswerBrief {
    if (signature === '') return { values: new Int32Array(0), texts: new Uint8Array(0) }
    let count = 1
    for (let at = signature.indexOf('\u001f'); at >= 0; at = signature.indexOf('\u001f', at + 1)) count++
    const values = new Int32Array(count)
    const texts = new Uint8Array(count)
    let start = 0
    for (let i = 0; i < count; i++) {
      const end = i === count - 1 ? signature.length : signature.indexOf('\u001f', start)
      const field = signature.slice(start, end)
      start = end + 1
      if (field === '\u0001') values[i] = absent
      else if (field === '\u0002') {
        values[i] = long
        texts[i] = 1
      } else {
        let id = this.ids.get(field)
        if (id === undefined) {
          id = this.ids.size
          this.ids.set(field, id)
        }
        values[i] = id
        texts[i] = field.charCodeAt(0) === 34 ? 1 : 0
      }
    }
    return { values, texts }
  }
}

/** Many responses' answers in brief, one after another, `width` numbers each. */
export interface Briefs {
  values: Int32Array
  texts: Uint8Array
  width: number
}

/** `count` responses' briefs of `width` questions, each asked for once and not held. */
export function briefsOf(count: number, width: number, briefAt: (i: number) => AnswerBrief): Briefs {
  const values = new Int32Array(count * width).fill(absent)
  const texts = new Uint8Array(count * width)
  for (let i = 0; i < count; i++) {
    const b = briefAt(i)
    values.set(b.values.subarray(0, width), i * width)
    texts.set(b.texts.subarray(0, width), i * width)
  }
  return { values, texts, width }
}

/**
 * The most responses `a` and `b`'s answers can have in common, from their briefs, over the
 * questions both answered (-1 when fewer than `minShared`), written to `into[0]`; `into[1]` is 1
 * when that is the same as `featureSimilarity` as no pair of texts needs its words compared, and
 * 0 when it is an upper bound that counts every such pair as the same.
 */
export function briefSimilarity(briefs: Briefs, a: number, b: number, minShared: number, into: Float64Array) {
  const { values, texts, width } = briefs
  let shared = 0
  let score = 0
  let wordPairs = 0
  for (let i = 0; i < width; i++) {
    const x = values[a * width + i] as number
    const y = values[b * width + i] as number
    if (x === absent || y === absent) continue
    shared++
    if ((x === long || y === long) && texts[a * width + i] && texts[b * width + i]) wordPairs++
    else if (x === y && x !== long) score++
  }
  if (shared < Math.max(1, minShared)) {
    into[0] = -1
    into[1] = 1
  } else {
    into[0] = (score + wordPairs) / shared
    into[1] = wordPairs === 0 ? 1 : 0
  }
}
