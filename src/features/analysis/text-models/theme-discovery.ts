import { seededRandom } from '../../../platform/random/seeded-random.js'
import { dotDense, type SparseVector } from './sparse-vector.js'
import { analyseText } from './text-features.js'
import { fitTfidf, type TfidfOptions, tfidfVector } from './tfidf.js'

// Theme discovery without any outside service: comments become TF-IDF vectors of their lemmas and
// word pairs, spherical k-means groups them, and each group is offered as a candidate theme with
// its most distinctive terms and its most typical comments, for the analyst to name, merge or drop.
// How many groups is chosen from the data, as the number with the best mean silhouette (cosine)
// over a range, on an even sample of the comments, unless the analyst asks for a number.
// k-means is written here on sparse vectors: ml-kmeans wants dense rows, which for 50,000
// comments by 5,000 terms would need two gigabytes.

export interface DiscoveryComment {
  id: string
  text: string
}

export interface DiscoveryOptions {
  /** How many candidate themes; chosen from the data when absent. */
  themes?: number
  /** The range tried when choosing, and how many comments (spread evenly) the choice reads. */
  minThemes: number
  maxThemes: number
  choiceSample: number
  topTerms: number
  typicalComments: number
  iterations: number
  seed: number
  tfidf: Partial<TfidfOptions>
}

export const discoveryDefaults: DiscoveryOptions = {
  minThemes: 2,
  maxThemes: 30,
  choiceSample: 1500,
  topTerms: 8,
  typicalComments: 3,
  iterations: 30,
  seed: 1,
  tfidf: {},
}

export interface CandidateTheme {
  /** The group's most distinctive terms, most distinctive first (word pairs before single words when as distinctive). */
  terms: string[]
  /** A label from the most distinctive word pairs, or words when the group has no common pair. */
  label: string
  /** The ids of the comments closest to the group's centre, closest first. */
  typical: string[]
  /** How many comments fell in the group, and their share of those with words. */
  size: number
  share: number
  /** Every comment in the group. */
  members: string[]
}

/** How the number of themes was settled: asked for, or the best silhouette over a range. */
export interface ThemeCountChoice {
  themes: number
  chosenBy: 'analyst' | 'silhouette'
  /** Mean silhouette for each number tried (silhouette only). */
  scores: { themes: number; silhouette: number }[]
}

export interface Discovery {
  candidates: CandidateTheme[]
  choice: ThemeCountChoice
}

/** Groups comments by k-means on TF-IDF, largest group first; comments without meaningful words are left out. */
export function discoverThemes(
  comments: readonly DiscoveryComment[],
  options: Partial<DiscoveryOptions> = {},
): CandidateTheme[] {
  return discover(comments, options).candidates
}

/** The candidates with how their number was chosen. */
export function discover(
  comments: readonly DiscoveryComment[],
  options: Partial<DiscoveryOptions> = {},
): Discovery {
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
  if (usable.length === 0) return { candidates: [], choice: { themes: 0, chosenBy: 'analyst', scores: [] } }
  const choice: ThemeCountChoice =
    settings.themes !== undefined
      ? {
          themes: Math.max(1, Math.min(usable.length, Math.round(settings.themes))),
          chosenBy: 'analyst',
          scores: [],
        }
      : chooseThemeCount(distinctVectors(usable.map((c) => c.vector)), model.terms.length, settings)
  const k = choice.themes
  const { assignment, centroids } = sphericalKMeans(
    usable.map((c) => c.vector),
    k,
    model.terms.length,
    settings,
  )
  // Document frequency of each term overall and in each group, for distinctiveness.
  const overall = new Float64Array(model.terms.length)
  const inGroup = centroids.map(() => new Float64Array(model.terms.length))
  const sizes = new Int32Array(centroids.length)
  usable.forEach((c, i) => {
    const group = inGroup[assignment[i] ?? 0]
    sizes[assignment[i] ?? 0] = (sizes[assignment[i] ?? 0] ?? 0) + 1
    for (const t of c.vector.indices) {
      overall[t] = (overall[t] ?? 0) + 1
      if (group) group[t] = (group[t] ?? 0) + 1
    }
  })
  const candidates = centroids
    .map((centroid, cluster) => {
      const members = usable
        .map((c, i) => ({ id: c.id, similarity: dotDense(c.vector, centroid), cluster: assignment[i] }))
        .filter((m) => m.cluster === cluster)
        .sort((a, b) => b.similarity - a.similarity)
      const ranked = distinctiveTerms(inGroup[cluster], sizes[cluster] ?? 0, overall, usable.length).map(
        (t) => ({
          ...t,
          name: pairs.name(model.terms[t.index] ?? ''),
        }),
      )
      const terms = ranked.slice(0, settings.topTerms).map((t) => t.name)
      const phrases = ranked.filter((t) => t.name.includes(' ') && t.coverage >= 0.1)
      const label = (phrases.length > 0 ? phrases.slice(0, 2) : ranked.slice(0, 3))
        .map((t) => t.name)
        .join('; ')
      return {
        terms,
        label,
        typical: members.slice(0, settings.typicalComments).map((m) => m.id),
        size: members.length,
        share: members.length / usable.length,
        members: members.map((m) => m.id),
      }
    })
    .filter((theme) => theme.size > 0)
    .sort((a, b) => b.size - a.size)
  return { candidates, choice }
}

/**
 * Terms ranked by how much more often the group's comments use them than the others do: the share
 * of the group using the term times the log of that share over the share elsewhere (smoothed), so
 * a term must be both common in the group and rare outside it.
 */
function distinctiveTerms(
  group: Float64Array | undefined,
  size: number,
  overall: Float64Array,
  total: number,
): { index: number; score: number; coverage: number }[] {
  if (!group || size === 0) return []
  const rest = Math.max(1, total - size)
  const ranked: { index: number; score: number; coverage: number }[] = []
  group.forEach((count, index) => {
    if (count < 2 && size > 2) return
    const coverage = count / size
    const elsewhere = ((overall[index] ?? 0) - count + 0.5) / (rest + 1)
    const score = coverage * Math.log((coverage + 1e-9) / elsewhere)
    if (score > 0) ranked.push({ index, score, coverage })
  })
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index)
}

/**
 * The number of groups with the best mean silhouette (cosine distance) over the range, on at most
 * `choiceSample` comments spread evenly. Silhouette weighs how close each comment is to its own
 * group against the nearest other group, so it neither grows nor shrinks with the number of groups
 * by construction, unlike within-group similarity.
 */
export function chooseThemeCount(
  vectors: readonly SparseVector[],
  dimensions: number,
  options: Pick<DiscoveryOptions, 'minThemes' | 'maxThemes' | 'choiceSample' | 'iterations' | 'seed'>,
): ThemeCountChoice {
  const step = Math.max(1, vectors.length / options.choiceSample)
  const sample = Array.from(
    { length: Math.min(vectors.length, options.choiceSample) },
    (_, i) => vectors[Math.floor(i * step)] as SparseVector,
  )
  const n = sample.length
  const highest = Math.min(options.maxThemes, Math.floor(n / 5))
  const lowest = Math.min(options.minThemes, highest)
  if (highest < 2)
    return { themes: Math.max(1, Math.min(n, options.minThemes)), chosenBy: 'silhouette', scores: [] }
  const distance = new Float32Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = 1 - sparseDot(sample[i], sample[j])
      distance[i * n + j] = d
      distance[j * n + i] = d
    }
  const scores: { themes: number; silhouette: number }[] = []
  for (let k = lowest; k <= highest; k++) {
    const { assignment } = sphericalKMeans(sample, k, dimensions, options)
    scores.push({ themes: k, silhouette: silhouette(distance, assignment, k) })
  }
  const best = scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a))
  return { themes: best.themes, chosenBy: 'silhouette', scores }
}

/** Each wording once: a comment sent many times (a campaign) would otherwise make its own tight group look best. */
function distinctVectors(vectors: readonly SparseVector[]): SparseVector[] {
  const seen = new Set<string>()
  return vectors.filter((v) => {
    const key = `${v.indices.join(',')}|${Array.from(v.values, (x) => x.toFixed(6)).join(',')}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function sparseDot(a: SparseVector | undefined, b: SparseVector | undefined): number {
  if (!a || !b) return 0
  let i = 0
  let j = 0
  let total = 0
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i] ?? 0
    const y = b.indices[j] ?? 0
    if (x === y) total += (a.values[i++] ?? 0) * (b.values[j++] ?? 0)
    else if (x < y) i++
    else j++
  }
  return total
}

/** Mean silhouette over every point (a point alone in its group scores 0, as scikit-learn). */
export function silhouette(distance: Float32Array, assignment: Int32Array, k: number): number {
  const n = assignment.length
  if (n === 0) return 0
  const sizes = new Int32Array(k)
  for (const a of assignment) sizes[a] = (sizes[a] ?? 0) + 1
  const sums = new Float64Array(k)
  let total = 0
  for (let i = 0; i < n; i++) {
    sums.fill(0)
    for (let j = 0; j < n; j++)
      if (j !== i) sums[assignment[j] ?? 0] = (sums[assignment[j] ?? 0] ?? 0) + (distance[i * n + j] ?? 0)
    const own = assignment[i] ?? 0
    const ownSize = sizes[own] ?? 0
    if (ownSize <= 1) continue
    const a = (sums[own] ?? 0) / (ownSize - 1)
    let b = Number.POSITIVE_INFINITY
    for (let c = 0; c < k; c++)
      if (c !== own && (sizes[c] ?? 0) > 0) b = Math.min(b, (sums[c] ?? 0) / (sizes[c] ?? 1))
    if (!Number.isFinite(b)) continue
    const width = Math.max(a, b)
    total += width > 0 ? (b - a) / width : 0
  }
  return total / n
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
