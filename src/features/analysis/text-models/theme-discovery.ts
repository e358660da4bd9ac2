import { seededRandom } from '../../../platform/random/seeded-random.js'
import { dotDense, type SparseVector } from './sparse-vector.js'
import { analyseText } from './text-features.js'
import { fitTfidf, type TfidfOptions, tfidfVector } from './tfidf.js'

// Theme discovery without any outside service: comments become TF-IDF vectors of their lemmas and
// word pairs, spherical k-means groups them, and each group is offered as a candidate theme with
// its top terms and its most typical comments, for the analyst to name, merge or drop.
// k-means is written here on sparse vectors: ml-kmeans wants dense rows, which for 50,000
// comments by 5,000 terms would need two gigabytes.

export interface DiscoveryComment {
  id: string
  text: string
}

export interface DiscoveryOptions {
  /** How many candidate themes; by default about the square root of half the comments, from 2 to 12. */
  themes?: number
  topTerms: number
  typicalComments: number
  iterations: number
  seed: number
  tfidf: Partial<TfidfOptions>
}

export const discoveryDefaults: DiscoveryOptions = {
  topTerms: 8,
  typicalComments: 3,
  iterations: 30,
  seed: 1,
  tfidf: {},
}

export interface CandidateTheme {
  /** The terms that weigh most in the group, heaviest first. */
  terms: string[]
  /** The ids of the comments closest to the group's centre, closest first. */
  typical: string[]
  /** How many comments fell in the group, and their share of those with words. */
  size: number
  share: number
  /** Every comment in the group. */
  members: string[]
}

export function defaultThemeCount(comments: number): number {
  return Math.max(2, Math.min(12, Math.round(Math.sqrt(comments / 2))))
}

/** Groups comments by k-means on TF-IDF, largest group first; comments without meaningful words are left out. */
export function discoverThemes(
  comments: readonly DiscoveryComment[],
  options: Partial<DiscoveryOptions> = {},
): CandidateTheme[] {
  const settings = { ...discoveryDefaults, ...options }
  const pairs = new PairNames()
  const docs = comments.map((c) => {
    const analysed = analyseText(c.text)
    return [...analysed.terms, ...analysed.phrases.map((phrase) => pairs.key(phrase))]
  })
  const model = fitTfidf(docs, settings.tfidf)
  const usable = comments
    .map((c, i) => ({ id: c.id, vector: tfidfVector(model, docs[i] ?? []) }))
    .filter((c) => c.vector.indices.length > 0)
  if (usable.length === 0) return []
  const k = Math.min(usable.length, settings.themes ?? defaultThemeCount(usable.length))
  const { assignment, centroids } = sphericalKMeans(
    usable.map((c) => c.vector),
    k,
    model.terms.length,
    settings,
  )
  return centroids
    .map((centroid, cluster) => {
      const members = usable
        .map((c, i) => ({ id: c.id, similarity: dotDense(c.vector, centroid), cluster: assignment[i] }))
        .filter((m) => m.cluster === cluster)
        .sort((a, b) => b.similarity - a.similarity)
      const terms = Array.from(centroid, (weight, t) => ({ weight, t }))
        .filter((x) => x.weight > 0)
        .sort((a, b) => b.weight - a.weight)
        .slice(0, settings.topTerms)
        .map((x) => pairs.name(model.terms[x.t] ?? ''))
      return {
        terms,
        typical: members.slice(0, settings.typicalComments).map((m) => m.id),
        size: members.length,
        share: members.length / usable.length,
        members: members.map((m) => m.id),
      }
    })
    .filter((theme) => theme.size > 0)
    .sort((a, b) => b.size - a.size)
}

/**
 * "crisis team" and "team crisis" are one term, so their weight is not split and the pair is not
 * listed twice; it is shown in the order people wrote most (the first seen, when as often).
 */
class PairNames {
  private readonly seen = new Map<string, Map<string, number>>()

  key(phrase: string): string {
    const key = phrase.split(' ').sort().join(' ')
    const orders = this.seen.get(key) ?? new Map<string, number>()
    orders.set(phrase, (orders.get(phrase) ?? 0) + 1)
    this.seen.set(key, orders)
    return key
  }

  name(term: string): string {
    const orders = this.seen.get(term)
    if (!orders) return term
    let best = term
    let most = 0
    for (const [phrase, count] of orders) {
      if (count > most) {
        best = phrase
        most = count
      }
    }
    return best
  }
}

/** k-means on unit vectors by cosine similarity, seeded with k-means++; centroids are kept at unit length. */
export function sphericalKMeans(
  vectors: readonly SparseVector[],
  k: number,
  dimensions: number,
  options: Pick<DiscoveryOptions, 'iterations' | 'seed'>,
): { assignment: Int32Array; centroids: Float64Array[] } {
  const random = seededRandom(options.seed)
  const centroids = seedCentroids(vectors, k, dimensions, random)
  const assignment = new Int32Array(vectors.length).fill(-1)
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    let moved = 0
    vectors.forEach((v, i) => {
      let best = 0
      let bestSimilarity = Number.NEGATIVE_INFINITY
      centroids.forEach((c, cluster) => {
        const similarity = dotDense(v, c)
        if (similarity > bestSimilarity) {
          bestSimilarity = similarity
          best = cluster
        }
      })
      if (assignment[i] !== best) moved++
      assignment[i] = best
    })
    if (moved === 0) break
    for (const [cluster, centroid] of centroids.entries()) {
      centroid.fill(0)
      vectors.forEach((v, i) => {
        if (assignment[i] !== cluster) return
        for (let j = 0; j < v.indices.length; j++) {
          const d = v.indices[j] ?? 0
          centroid[d] = (centroid[d] ?? 0) + (v.values[j] ?? 0)
        }
      })
      unit(centroid)
    }
  }
  return { assignment, centroids }
}

function unit(dense: Float64Array) {
  const norm = Math.sqrt(dense.reduce((sum, x) => sum + x * x, 0))
  if (norm > 0) for (let d = 0; d < dense.length; d++) dense[d] = (dense[d] ?? 0) / norm
}

function toDense(v: SparseVector, dimensions: number): Float64Array {
  const dense = new Float64Array(dimensions)
  for (let j = 0; j < v.indices.length; j++) dense[v.indices[j] ?? 0] = v.values[j] ?? 0
  return dense
}

/** k-means++: each next seed is drawn with probability growing with its distance from the seeds so far. */
function seedCentroids(
  vectors: readonly SparseVector[],
  k: number,
  dimensions: number,
  random: () => number,
): Float64Array[] {
  const first = vectors[Math.floor(random() * vectors.length)]
  const centroids = first ? [toDense(first, dimensions)] : []
  // Cosine distance 1 - similarity, which for unit vectors is half the squared Euclidean distance.
  const distance = vectors.map((v) => 1 - dotDense(v, centroids[0] ?? new Float64Array(dimensions)))
  while (centroids.length < k) {
    const total = distance.reduce((sum, d) => sum + Math.max(d, 0), 0)
    let pick = 0
    if (total > 0) {
      let target = random() * total
      pick = distance.findIndex((d) => {
        target -= Math.max(d, 0)
        return target <= 0
      })
      if (pick < 0) pick = distance.length - 1
    } else {
      pick = centroids.length % vectors.length
    }
    const seed = toDense(
      vectors[pick] ?? { indices: new Int32Array(0), values: new Float64Array(0) },
      dimensions,
    )
    centroids.push(seed)
    vectors.forEach((v, i) => {
      distance[i] = Math.min(distance[i] ?? 1, 1 - dotDense(v, seed))
    })
  }
  return centroids
}
