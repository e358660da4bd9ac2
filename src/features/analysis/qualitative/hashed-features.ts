import { countIds, normaliseRange, type SparseVector } from './sparse-vector.js'
import { plainText, wordTokens } from './text-features.js'

// TF-IDF features for the coding model, built for speed on 100,000 comments: words, word pairs and
// character n-grams (within words, so "hospital" and "hospitals" share most of theirs) are hashed
// to numbers without building strings, then the hashes seen in at least `minDf` training comments
// become the vocabulary. Words and characters are two blocks, each scaled to unit length, so long
// words do not drown the word features.

export interface FeatureOptions {
  /** Word pairs beside single words. */
  wordPairs: boolean
  /** Character n-gram lengths within words, such as [2, 5]; null for none. */
  charGrams: readonly [number, number] | null
  /** A hashed feature must appear in this many training comments to be kept. */
  minDf: number
}

export const wordFeatures: FeatureOptions = { wordPairs: true, charGrams: null, minDf: 1 }
export const wordAndCharFeatures: FeatureOptions = { wordPairs: true, charGrams: [2, 5], minDf: 2 }

const hashBits = 22
const charSpace = 1 << (hashBits - 1)
const hashMask = charSpace - 1

function fnv(h: number, code: number): number {
  return Math.imul(h ^ code, 16777619)
}

const wordSeed = 2166136261
const pairSeed = 0x9e3779b1
const charSeed = 0x85ebca6b

function hashWord(word: string, seed: number): number {
  let h = seed
  for (let j = 0; j < word.length; j++) h = fnv(h, word.charCodeAt(j))
  return h >>> 0
}

/** Hashed ids of one comment's features (words below charSpace, character n-grams above), unsorted. */
export class FeatureHasher {
  private buffer = new Int32Array(1024)
  private length = 0

  constructor(private readonly options: FeatureOptions) {}

  private push(id: number) {
    if (this.length === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2)
      bigger.set(this.buffer)
      this.buffer = bigger
    }
    this.buffer[this.length++] = id
  }

  /** The counts of each hashed feature in the comment, as ascending ids. */
  hash(raw: string): { indices: Int32Array; counts: Float64Array } {
    this.length = 0
    const words = wordTokens(plainText(raw))
    const [minGram, maxGram] = this.options.charGrams ?? [0, 0]
    let previous = 0
    for (let w = 0; w < words.length; w++) {
      const word = words[w] ?? ''
      const h = hashWord(word, wordSeed)
      this.push(h & hashMask)
      if (this.options.wordPairs && w > 0) this.push((Math.imul(previous ^ pairSeed, 31) ^ h) & hashMask)
      previous = h
      if (maxGram === 0) continue
      // The word with a space each side, so n-grams at its edges mark where words start and end.
      const padded = word.length + 2
      for (let start = 0; start + minGram <= padded; start++) {
        let g = charSeed
        for (let n = 1; n <= maxGram && start + n <= padded; n++) {
          const at = start + n - 1
          g = fnv(g, at === 0 || at === padded - 1 ? 32 : word.charCodeAt(at - 1))
          if (n >= minGram) this.push(charSpace | ((g >>> 0) & hashMask))
        }
      }
    }
    return countIds(this.buffer, this.length)
  }
}

export interface FittedFeatures {
  options: FeatureOptions
  /** From hashed id to feature position, for the hashes kept. */
  positions: Map<number, number>
  idf: Float64Array
  size: number
}

/** Learns the vocabulary and inverse document frequencies from training comments. */
export function fitFeatures(texts: readonly string[], options: FeatureOptions): FittedFeatures {
  const hasher = new FeatureHasher(options)
  const df = new Map<number, number>()
  for (const text of texts) {
    for (const id of hasher.hash(text).indices) df.set(id, (df.get(id) ?? 0) + 1)
  }
  const kept = [...df].filter(([, count]) => count >= options.minDf).sort((a, b) => a[0] - b[0])
  const positions = new Map<number, number>()
  const idf = new Float64Array(kept.length)
  const n = texts.length
  kept.forEach(([id, count], position) => {
    positions.set(id, position)
    idf[position] = Math.log((1 + n) / (1 + count)) + 1
  })
  return { options, positions, idf, size: kept.length }
}

/** TF-IDF vectors (sublinear counts, each block of unit length) of comments, with fitted features. */
export function transformFeatures(fitted: FittedFeatures, texts: readonly string[]): SparseVector[] {
  const hasher = new FeatureHasher(fitted.options)
  return texts.map((text) => {
    const { indices, counts } = hasher.hash(text)
    const positions = new Int32Array(indices.length)
    const values = new Float64Array(indices.length)
    let kept = 0
    let words = 0
    // Ids ascend and word ids come before character ids, so do positions: the word block is first.
    for (let j = 0; j < indices.length; j++) {
      const id = indices[j] ?? 0
      const position = fitted.positions.get(id)
      if (position === undefined) continue
      positions[kept] = position
      values[kept] = (1 + Math.log(counts[j] ?? 1)) * (fitted.idf[position] ?? 0)
      if (id < charSpace) words = kept + 1
      kept++
    }
    const vector = { indices: positions.slice(0, kept), values: values.slice(0, kept) }
    normaliseRange(vector.values, 0, words)
    normaliseRange(vector.values, words, kept)
    return vector
  })
}
