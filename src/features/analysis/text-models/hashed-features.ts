import type { SparseVector } from './sparse-vector.js'
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
  /** Word pairs with the comment's start and end, so "no" as a last word differs from "no" inside. */
  edges: boolean
}

export const wordFeatures: FeatureOptions = { wordPairs: true, charGrams: null, minDf: 1, edges: false }
export const wordAndCharFeatures: FeatureOptions = {
  wordPairs: true,
  charGrams: [3, 5],
  minDf: 1,
  edges: true,
}

const hashBits = 22
const charSpace = 1 << (hashBits - 1)
const hashMask = charSpace - 1

function fnv(h: number, code: number): number {
  return Math.imul(h ^ code, 16777619)
}

const wordSeed = 2166136261
const pairSeed = 0x9e3779b1
const charSeed = 0x85ebca6b
const startHash = 0x27d4eb2f
const endHash = 0x165667b1

function pairOf(first: number, second: number): number {
  return (Math.imul(first ^ pairSeed, 31) ^ second) & hashMask
}

function hashWord(word: string, seed: number): number {
  let h = seed
  for (let j = 0; j < word.length; j++) h = fnv(h, word.charCodeAt(j))
  return h >>> 0
}

/** Hashed ids of one comment's features (words below charSpace, character n-grams above). */
export class FeatureHasher {
  // Which comment last saw each id, and where its count is: counting by table, not by sorting.
  private readonly stamp = new Int32Array(1 << hashBits)
  private readonly slot = new Int32Array(1 << hashBits)
  private comment = 0
  private ids = new Int32Array(1024)
  private counts = new Float64Array(1024)
  private length = 0

  constructor(private readonly options: FeatureOptions) {}

  private push(id: number) {
    if (this.stamp[id] === this.comment) {
      const at = this.slot[id] ?? 0
      this.counts[at] = (this.counts[at] ?? 0) + 1
      return
    }
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2)
      ids.set(this.ids)
      this.ids = ids
      const counts = new Float64Array(this.counts.length * 2)
      counts.set(this.counts)
      this.counts = counts
    }
    this.stamp[id] = this.comment
    this.slot[id] = this.length
    this.ids[this.length] = id
    this.counts[this.length++] = 1
  }

  /** The distinct hashed features of a comment and how often each occurs, in order of first use. */
  hash(raw: string): { indices: Int32Array; counts: Float64Array } {
    this.comment++
    this.length = 0
    const words = wordTokens(plainText(raw))
    const [minGram, maxGram] = this.options.charGrams ?? [0, 0]
    const edges = this.options.edges && this.options.wordPairs && words.length > 0
    let previous = startHash
    for (let w = 0; w < words.length; w++) {
      const word = words[w] ?? ''
      const h = hashWord(word, wordSeed)
      this.push(h & hashMask)
      if (this.options.wordPairs && (w > 0 || edges)) this.push(pairOf(previous, h))
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
    if (edges) this.push(pairOf(previous, endHash))
    return { indices: this.ids.slice(0, this.length), counts: this.counts.slice(0, this.length) }
  }
}

export interface FittedFeatures {
  options: FeatureOptions
  /** From hashed id to feature position plus one, 0 for a hash not kept (a direct table is fastest). */
  positions: Int32Array
  idf: Float64Array
  size: number
}

/** Learns the vocabulary and inverse document frequencies from training comments, and returns their vectors. */
export function fitFeatures(
  texts: readonly string[],
  options: FeatureOptions,
): { fitted: FittedFeatures; vectors: SparseVector[] } {
  const hasher = new FeatureHasher(options)
  const hashed = texts.map((text) => hasher.hash(text))
  const df = new Int32Array(1 << hashBits)
  for (const { indices } of hashed) for (const id of indices) df[id] = (df[id] ?? 0) + 1
  const positions = new Int32Array(1 << hashBits)
  const idfs: number[] = []
  const n = texts.length
  for (let id = 0; id < df.length; id++) {
    const count = df[id] ?? 0
    if (count === 0 || count < options.minDf) continue
    idfs.push(Math.log((1 + n) / (1 + count)) + 1)
    positions[id] = idfs.length
  }
  const fitted = { options, positions, idf: Float64Array.from(idfs), size: idfs.length }
  return { fitted, vectors: hashed.map((h) => vectorOf(fitted, h)) }
}

/** TF-IDF vectors (sublinear counts, each block of unit length) of comments, with fitted features. */
export function transformFeatures(fitted: FittedFeatures, texts: readonly string[]): SparseVector[] {
  const hasher = new FeatureHasher(fitted.options)
  return texts.map((text) => vectorOf(fitted, hasher.hash(text)))
}

function vectorOf(
  fitted: FittedFeatures,
  hashed: { indices: Int32Array; counts: Float64Array },
): SparseVector {
  const { indices, counts } = hashed
  const positions = new Int32Array(indices.length)
  const values = new Float64Array(indices.length)
  let kept = 0
  let wordNorm = 0
  let charNorm = 0
  for (let j = 0; j < indices.length; j++) {
    const id = indices[j] ?? 0
    const position = (fitted.positions[id] ?? 0) - 1
    if (position < 0) continue
    const value = (1 + Math.log(counts[j] ?? 1)) * (fitted.idf[position] ?? 0)
    positions[kept] = position
    // The sign marks the block until the norms are known.
    values[kept++] = id < charSpace ? value : -value
    if (id < charSpace) wordNorm += value * value
    else charNorm += value * value
  }
  const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 0
  const charScale = charNorm > 0 ? 1 / Math.sqrt(charNorm) : 0
  for (let j = 0; j < kept; j++) {
    const value = values[j] ?? 0
    values[j] = value > 0 ? value * wordScale : -value * charScale
  }
  return { indices: positions.slice(0, kept), values: values.slice(0, kept) }
}
