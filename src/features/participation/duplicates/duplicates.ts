import { createHash } from 'node:crypto'
import type { FieldEvidence, ScoredPair } from './linkage.js'
import { UnionFind } from './union-find.js'

// Groups from record linkage: responses joined by linked pairs are one person (exact) until
// someone decides otherwise; a pair in the uncertain band is a possible group, one person only
// if someone decides so; bursts (many responses with the same choices within minutes) are shown
// for a person to judge. Nothing is merged, excluded or deleted here.

export type DuplicateTier = 'exact' | 'possible' | 'burst'

/** A pair of member responses and why they were linked. */
export interface StoredLink {
  a: string
  b: string
  /** The Fellegi–Sunter match weight in bits, and the probability of one person. */
  weight: number
  probability: number
  evidence: FieldEvidence[]
}

export interface DuplicateGroup {
  tier: DuplicateTier
  /** Stable for the same members in the same tier, so a decision stays with its group. */
  key: string
  /** Member ids, earliest submitted first: the first is the one counted. */
  members: string[]
  /** The pairs that made the group, strongest first. */
  links: StoredLink[]
  /** For an exact group the weakest link's probability; for a possible group its pair's. */
  probability: number
  weight: number
}

export interface DetectionSettings {
  burstSize: number
  burstSeconds: number
  /** The smallest choices document, in bytes stored, that a burst is looked for in. */
  minChoiceSize: number
}

export const detectionSettings: DetectionSettings = {
  burstSize: 5,
  burstSeconds: 120,
  minChoiceSize: 200,
}

export function groupKey(tier: string, members: readonly string[]): string {
  const hash = createHash('sha256')
  hash.update(tier)
  for (const id of [...members].sort()) hash.update(`|${id}`)
  return hash.digest('hex').slice(0, 32)
}

const rounded = (x: number) => Math.round(x * 1000) / 1000

/**
 * Exact groups (responses joined by linked pairs) and possible groups (the strongest possible
 * pair between two responses, or two exact groups, not linked), from the scored pairs. Responses
 * are numbered by the caller, 0 to `ids.length − 1`; `submittedAt` in milliseconds, by number.
 */
export function linkedGroups(
  ids: readonly string[],
  submittedAt: ArrayLike<number>,
  pairs: readonly ScoredPair[],
): DuplicateGroup[] {
  const sets = new UnionFind(ids.length)
  const links = pairs.filter((p) => p.class === 'link')
  for (const p of links) sets.union(p.a, p.b)
  const order = (members: readonly number[]) =>
    [...members]
      .sort(
        (a, b) =>
          (submittedAt[a] ?? 0) - (submittedAt[b] ?? 0) || ((ids[a] as string) < (ids[b] as string) ? -1 : 1),
      )
      .map((i) => ids[i] as string)
  const stored = (p: ScoredPair): StoredLink => ({
    a: ids[p.a] as string,
    b: ids[p.b] as string,
    weight: rounded(p.weight),
    probability: rounded(p.probability),
    evidence: p.evidence.map((e) => ({ ...e, weight: rounded(e.weight) })),
  })
  const linksOf = new Map<number, ScoredPair[]>()
  for (const p of links) {
    const root = sets.find(p.a)
    const list = linksOf.get(root)
    if (list) list.push(p)
    else linksOf.set(root, [p])
  }
  const groups: DuplicateGroup[] = sets.groups().map((members) => {
    const own = (linksOf.get(sets.find(members[0] as number)) ?? []).sort((x, y) => y.weight - x.weight)
    const weakest = own.reduce((w, p) => (p.probability < w.probability ? p : w), own[0] as ScoredPair)
    const ordered = order(members)
    return {
      tier: 'exact',
      key: groupKey('exact', ordered),
      members: ordered,
      links: own.map(stored),
      probability: rounded(weakest.probability),
      weight: rounded(weakest.weight),
    }
  })
  // One possible group for each two sets not linked: the strongest pair between them.
  const best = new Map<string, ScoredPair>()
  for (const p of pairs) {
    if (p.class !== 'possible') continue
    const x = sets.find(p.a)
    const y = sets.find(p.b)
    if (x === y) continue
    const key = x < y ? `${x}|${y}` : `${y}|${x}`
    const seen = best.get(key)
    if (!seen || p.probability > seen.probability) best.set(key, p)
  }
  for (const p of best.values()) {
    const ordered = order([p.a, p.b])
    groups.push({
      tier: 'possible',
      key: groupKey('possible', ordered),
      members: ordered,
      links: [stored(p)],
      probability: rounded(p.probability),
      weight: rounded(p.weight),
    })
  }
  return groups
}

/** A burst: response ids already in the order they were submitted. */
export function burstGroup(ids: string[]): DuplicateGroup {
  return { tier: 'burst', key: groupKey('burst', ids), members: ids, links: [], probability: 0, weight: 0 }
}

export interface PeopleEstimate {
  responses: number
  /** The estimate: each possible group counted by its probability of being one person. */
  people: number
  /** Every undecided possible group one person (the fewest people), and none (the most). */
  lower: number
  upper: number
}

/**
 * N responses from an estimated M people (between L and U): every exact group counts once
 * unless someone decided its members are different people, and a possible group once only if
 * someone decided it is one person; undecided possible groups make the interval. Bursts and
 * campaigns are never merged. Groups of the tier `likely` come from runs before linkage and count
 * as exact groups did.
 */
export function estimatePeople(
  responses: number,
  groups: readonly {
    tier: DuplicateTier | 'likely' | 'campaign'
    counted: number
    decision: string | null
    probability?: number | null
  }[],
): PeopleEstimate {
  return estimateFromRepeats(
    responses,
    groups.map((g) => {
      const repeats = Math.max(0, g.counted - 1)
      return { tier: g.tier, decision: g.decision, repeats, expected: repeats * (g.probability ?? 0.5) }
    }),
  )
}

/**
 * The estimate from the groups' repeats (counted members after the first) summed by tier and
 * decision, and summed weighted by each group's probability of one person (`expected`).
 */
export function estimateFromRepeats(
  responses: number,
  sums: readonly { tier: string; decision: string | null; repeats: number; expected: number }[],
): PeopleEstimate {
  let merged = 0
  let possible = 0
  let expected = 0
  for (const s of sums) {
    if (s.tier === 'exact' || s.tier === 'likely') {
      if (s.decision !== 'different_people') merged += s.repeats
    } else if (s.tier === 'possible') {
      if (s.decision === 'same_person') merged += s.repeats
      else if (s.decision === null) {
        possible += s.repeats
        expected += s.expected
      }
    }
  }
  const upper = responses - merged
  return { responses, people: Math.round(upper - expected), lower: upper - possible, upper }
}
