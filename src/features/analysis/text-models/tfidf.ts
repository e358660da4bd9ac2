import type { SparseVector } from './sparse-vector.js'

// TF-IDF over a named vocabulary, for theme discovery, where terms must be shown to people (the
// coding model hashes its features instead, for speed). Each document is a list of terms (words
// or phrases); vectors use sublinear counts, smoothed IDF and unit length, as scikit-learn's
// TfidfVectorizer(sublinear_tf=True) does.

export interface TfidfOptions {
  /** A term must be in at least this many documents. */
  minDf: number
  /** A term in more than this share of documents says nothing about any theme. */
  maxDfShare: number
  /** The most frequent terms kept. */
  maxTerms: number
}

export const tfidfDefaults: TfidfOptions = { minDf: 2, maxDfShare: 0.5, maxTerms: 5000 }

export interface TfidfModel {
  terms: string[]
  idf: Float64Array
  index: Map<string, number>
}

export function fitTfidf(
  documents: readonly (readonly string[])[],
  options: Partial<TfidfOptions> = {},
): TfidfModel {
  const { minDf, maxDfShare, maxTerms } = { ...tfidfDefaults, ...options }
  const df = new Map<string, number>()
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1)
  const n = documents.length
  const terms = [...df]
    .filter(([, count]) => count >= minDf && count <= Math.max(minDf, maxDfShare * n))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxTerms)
    .map(([term]) => term)
    .sort()
  const idf = Float64Array.from(terms, (term) => Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1)
  return { terms, idf, index: new Map(terms.map((t, i) => [t, i])) }
}

/** A document's unit-length TF-IDF vector; terms outside the vocabulary are ignored. */
export function tfidfVector(model: TfidfModel, doc: readonly string[]): SparseVector {
  const counts = new Map<number, number>()
  for (const term of doc) {
    const i = model.index.get(term)
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1)
  }
  const entries = [...counts].sort((a, b) => a[0] - b[0])
  const values = Float64Array.from(entries, ([i, c]) => (1 + Math.log(c)) * (model.idf[i] ?? 0))
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0))
  if (norm > 0) for (let j = 0; j < values.length; j++) values[j] = (values[j] ?? 0) / norm
  return { indices: Int32Array.from(entries, ([i]) => i), values }
}
