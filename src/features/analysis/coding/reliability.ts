import { seededRandom } from '../../../platform/random/seeded-random.js'
import { cohensKappa, krippendorffAlphaNominal, type Rating } from './agreement.js'
import { themesForQuestion } from './codeframe.js'

// Reliability of a double-coding sample, per question: each comment is paired only with the themes
// of its own question's codeframe (shared themes and that question's), so themes kept for other
// questions add no "absent/absent" agreements. Intervals are percentile bootstraps over comments
// (resampled within each question, so every replicate keeps the sample's mix of questions).

/** One sampled comment as the two blind passes coded it, frozen before any adjudication. */
export interface FrozenPair {
  key: string
  questionKey: string
  first: readonly string[]
  second: readonly string[]
}

export interface Interval {
  low: number
  high: number
}

export interface ThemeReliability {
  themeId: string
  kappa: number | undefined
  kappaInterval: Interval | undefined
  disagreements: number
  used: number
}

export interface QuestionReliability {
  questionKey: string
  units: number
  themes: number
  alpha: number | undefined
  alphaInterval: Interval | undefined
  exactMatch: number | undefined
  perTheme: ThemeReliability[]
}

export interface ReliabilityReport {
  units: number
  /** Alpha over every (comment, theme of its question) pair, all questions together. */
  alpha: number | undefined
  alphaInterval: Interval | undefined
  exactMatch: number | undefined
  perQuestion: QuestionReliability[]
  /** Keys of comments whose two passes differ. */
  disagreements: string[]
  replicates: number
}

export interface ReliabilityOptions {
  replicates?: number
  seed?: number
}

const defaultReplicates = 1000

/** Per-comment counts over its question's themes: both present, both absent, one only. */
interface Tally {
  both: number
  neither: number
  split: number
}

function tallyOf(pair: FrozenPair, themeIds: readonly string[]): Tally {
  const first = new Set(pair.first)
  const second = new Set(pair.second)
  const tally = { both: 0, neither: 0, split: 0 }
  for (const id of themeIds) {
    const a = first.has(id)
    const b = second.has(id)
    if (a && b) tally.both++
    else if (!a && !b) tally.neither++
    else tally.split++
  }
  return tally
}

/**
 * Alpha for two coders and binary values from summed tallies: the coincidence matrix has 2·both
 * and 2·neither on its diagonal and split off it in each direction, so this equals
 * krippendorffAlphaNominal over the same units and is cheap enough to bootstrap.
 */
function alphaFromTally({ both, neither, split }: Tally): number | undefined {
  const n = 2 * (both + neither + split)
  if (n < 2) return undefined
  const present = 2 * both + split
  const absent = 2 * neither + split
  const expected = (n * n - present * present - absent * absent) / (n - 1)
  if (expected === 0) return undefined
  return 1 - (2 * split) / expected
}

function kappaFromTable(yy: number, yn: number, ny: number, nn: number): number | undefined {
  const n = yy + yn + ny + nn
  if (n === 0) return undefined
  const expected = ((yy + yn) * (yy + ny) + (ny + nn) * (yn + nn)) / (n * n)
  if (expected === 1) return undefined
  return ((yy + nn) / n - expected) / (1 - expected)
}

function percentileInterval(values: number[]): Interval | undefined {
  // Too few defined replicates (a sample where nothing varies) give no honest interval.
  if (values.length < 20) return undefined
  values.sort((a, b) => a - b)
  const at = (q: number) => {
    const position = q * (values.length - 1)
    const lower = Math.floor(position)
    const upper = Math.ceil(position)
    const low = values[lower] ?? Number.NaN
    const high = values[upper] ?? Number.NaN
    return low + (high - low) * (position - lower)
  }
  return { low: at(0.025), high: at(0.975) }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((v) => right.has(v))
}

/**
 * Reliability of the frozen pairs, per question over `themesOf(questionKey)` and pooled, with
 * bootstrap 95% intervals from a seeded generator (the same sample always shows the same interval).
 */
export function measureReliability(
  pairs: readonly FrozenPair[],
  themesOf: (questionKey: string) => readonly string[],
  options: ReliabilityOptions = {},
): ReliabilityReport {
  const replicates = options.replicates ?? defaultReplicates
  const random = seededRandom(options.seed ?? 1)
  const byQuestion = new Map<string, FrozenPair[]>()
  for (const pair of pairs)
    byQuestion.set(pair.questionKey, [...(byQuestion.get(pair.questionKey) ?? []), pair])
  const questions = [...byQuestion.keys()].sort()

  // Presence bits per question: comment i, theme j.
  const groups = questions.map((questionKey) => {
    const items = byQuestion.get(questionKey) ?? []
    const themeIds = [...new Set(themesOf(questionKey))]
    const bits = items.map((item) => {
      const first = new Set(item.first)
      const second = new Set(item.second)
      return themeIds.map((id) => [first.has(id), second.has(id)] as const)
    })
    return { questionKey, items, themeIds, bits, tallies: items.map((item) => tallyOf(item, themeIds)) }
  })

  // One draw of comment indexes per question per replicate, shared by alpha and every kappa.
  const draws = Array.from({ length: replicates }, () =>
    groups.map((g) => Array.from({ length: g.items.length }, () => Math.floor(random() * g.items.length))),
  )

  const sum = (tallies: readonly Tally[], indexes?: readonly number[]): Tally => {
    const total = { both: 0, neither: 0, split: 0 }
    for (const i of indexes ?? tallies.map((_, k) => k)) {
      const t = tallies[i]
      if (!t) continue
      total.both += t.both
      total.neither += t.neither
      total.split += t.split
    }
    return total
  }

  const perQuestion: QuestionReliability[] = groups.map((g, q) => {
    const units: Rating[][] = g.bits.flatMap((row) => row.map(([a, b]) => [a, b]))
    const alphaReplicates = draws
      .map((draw) => alphaFromTally(sum(g.tallies, draw[q])))
      .filter((v): v is number => v !== undefined)
    const perTheme = g.themeIds.map((themeId, j) => {
      const cells = g.bits.map((row) => row[j] ?? ([false, false] as const))
      const kappaReplicates: number[] = []
      for (const draw of draws) {
        let yy = 0
        let yn = 0
        let ny = 0
        let nn = 0
        for (const i of draw[q] ?? []) {
          const [a, b] = cells[i] ?? [false, false]
          if (a && b) yy++
          else if (a) yn++
          else if (b) ny++
          else nn++
        }
        const k = kappaFromTable(yy, yn, ny, nn)
        if (k !== undefined) kappaReplicates.push(k)
      }
      return {
        themeId,
        kappa: cohensKappa(cells),
        kappaInterval: percentileInterval(kappaReplicates),
        disagreements: cells.filter(([a, b]) => a !== b).length,
        used: cells.filter(([a, b]) => a || b).length,
      }
    })
    const exact = g.items.filter((item) => sameSet(item.first, item.second)).length
    return {
      questionKey: g.questionKey,
      units: g.items.length,
      themes: g.themeIds.length,
      alpha: krippendorffAlphaNominal(units),
      alphaInterval: percentileInterval(alphaReplicates),
      exactMatch: g.items.length === 0 ? undefined : exact / g.items.length,
      perTheme,
    }
  })

  const pooledReplicates = draws
    .map((draw) => {
      const total = { both: 0, neither: 0, split: 0 }
      groups.forEach((g, q) => {
        const part = sum(g.tallies, draw[q])
        total.both += part.both
        total.neither += part.neither
        total.split += part.split
      })
      return alphaFromTally(total)
    })
    .filter((v): v is number => v !== undefined)
  const pooledUnits: Rating[][] = groups.flatMap((g) => g.bits.flatMap((row) => row.map(([a, b]) => [a, b])))
  const disagreements = pairs.filter((p) => !sameSet(p.first, p.second)).map((p) => p.key)
  return {
    units: pairs.length,
    alpha: krippendorffAlphaNominal(pooledUnits),
    alphaInterval: percentileInterval(pooledReplicates),
    exactMatch: pairs.length === 0 ? undefined : (pairs.length - disagreements.length) / pairs.length,
    perQuestion,
    disagreements,
    replicates,
  }
}

/**
 * The themes a question's comments are measured over: active themes shared by every question or
 * kept for this one, and any theme either pass used (a theme retired since still counts).
 */
export function questionCodeframe(
  themes: readonly { id: string; questionKey: string | null; status: string }[],
  questionKey: string,
  pairs: readonly FrozenPair[],
): string[] {
  const ids = themesForQuestion(themes, questionKey)
    .filter((t) => t.status === 'active')
    .map((t) => t.id)
  for (const pair of pairs) if (pair.questionKey === questionKey) ids.push(...pair.first, ...pair.second)
  return [...new Set(ids)]
}
