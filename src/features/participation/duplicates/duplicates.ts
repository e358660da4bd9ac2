import { createHash } from 'node:crypto'
import type { AnswerValue } from '../../../platform/db/schema.js'
import {
  type AnswerBrief,
  type AnswerFeatures,
  AnswerSpace,
  briefSimilarity,
  featureSimilarity,
} from './answer-features.js'
import { UnionFind } from './union-find.js'

// Duplicate detection in tiers, over match keys the database has already made: identifiers arrive
// as salted hashes, never as themselves.
//   exact:  the same email or phone, or the very same answers (when there is enough of them to be
//           telling and no name or email says they are two people);
//   likely: the same name and postcode district, and near-identical answers;
//   burst:  many responses with the same choices within minutes, which looks automated.
// Exact and likely groups are taken as one person until someone decides otherwise; bursts are only
// shown for a person to judge. Nothing is merged, excluded or deleted here.

export type DuplicateTier = 'exact' | 'likely' | 'burst'
export type MatchReason =
  | 'same_email'
  | 'same_phone'
  | 'identical_answers'
  | 'same_name_and_district'
  | 'near_identical_answers'
  | 'same_choices_within_minutes'

export interface MatchRow {
  id: string
  submittedAt: Date
  emailKey: string | null
  phoneKey: string | null
  nameKey: string | null
  district: string | null
  /** A hash of the whole answers document. */
  answersKey: string
  /** How much the answers hold (bytes of the stored document), to tell a full response from a blank one. */
  answersSize: number
  /** A hash of the choice answers only (no free text), for online responses with enough of them. */
  choiceKey: string | null
}

export interface DuplicateGroup {
  tier: DuplicateTier
  /** Stable for the same members in the same tier, so a decision stays with its group. */
  key: string
  /** Member ids, earliest submitted first: the first is the one counted. */
  members: string[]
  reasons: MatchReason[]
  /** For likely groups, the lowest answer similarity between a member and the one it matched. */
  similarity?: number
}

export interface DetectionSettings {
  /** The smallest answers document, in bytes stored, that identical answers alone may match on. */
  minAnswersSize: number
  /**
   * Answer similarity, 0 to 1, that a shared email, phone, or name and district needs as well. On
   * the demo, repeats by one person score 0.75 or more and different people with the same name
   * and district 0.70 or less.
   */
  similarity: number
  burstSize: number
  burstSeconds: number
}

export const detectionSettings: DetectionSettings = {
  minAnswersSize: 200,
  similarity: 0.72,
  burstSize: 5,
  burstSeconds: 120,
}

export function groupKey(tier: string, members: readonly string[]): string {
  const hash = createHash('sha256')
  hash.update(tier)
  for (const id of [...members].sort()) hash.update(`|${id}`)
  return hash.digest('hex').slice(0, 32)
}

function bucket<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, number[]> {
  const buckets = new Map<string, number[]>()
  items.forEach((item, i) => {
    const key = keyOf(item)
    if (key === null) return
    const list = buckets.get(key)
    if (list) list.push(i)
    else buckets.set(key, [i])
  })
  return buckets
}

const conflicting = (a: string | null, b: string | null) => a !== null && b !== null && a !== b

interface Link {
  a: number
  b: number
  reason: MatchReason
  similarity?: number
}

/** Two responses sharing a key whose texts must be compared word by word to settle whether they match. */
export interface PendingPair {
  a: number
  b: number
  reason: MatchReason
}

/** A response of a group of identical answers, with the hashed keys that could say it is someone else. */
export interface IdenticalMember {
  index: number
  emailKey: string | null
  nameKey: string | null
}

/**
 * Joins responses into exact and likely groups from the evidence it is given a piece at a time (a
 * bucket of responses sharing a key, or a group of identical answers), so a caller can fetch the
 * answers of a few buckets at once rather than hold every response. Responses are numbered by the
 * caller, 0 to `ids.length − 1`.
 */
export class DuplicateLinker {
  private readonly links: Link[] = []
  private readonly sets: UnionFind

  constructor(
    private readonly ids: readonly string[],
    /** When each response was submitted, in milliseconds since 1970, by number. */
    private readonly submittedAt: ArrayLike<number>,
    private readonly settings: DetectionSettings = detectionSettings,
  ) {
    this.sets = new UnionFind(ids.length)
  }

  private add(link: Link) {
    this.links.push(link)
    this.sets.union(link.a, link.b)
  }

  /** Links two responses that share a key and whose answers have this similarity (if enough). */
  linkPair(a: number, b: number, reason: MatchReason, similarity: number) {
    if (similarity >= this.settings.similarity) this.add({ a, b, reason, similarity })
  }

  /**
   * Links every pair in a bucket (responses sharing an identifier, or a name and district) whose
   * answers are alike enough.
   */
  linkBucket(
    members: readonly number[],
    reason: MatchReason,
    featuresOf: (index: number) => AnswerFeatures | undefined,
  ) {
    for (let i = 0; i < members.length; i++) {
      const a = members[i] as number
      const x = featuresOf(a)
      if (!x) continue
      for (let j = i + 1; j < members.length; j++) {
        const b = members[j] as number
        const y = featuresOf(b)
        if (!y) continue
        this.linkPair(a, b, reason, featureSimilarity(x, y, this.settings.similarity))
      }
    }
  }

  /**
   * Links the pairs of a bucket that their answers in brief settle, and returns those whose texts
   * could still make them alike enough. Most pairs sharing a key are different people, told apart
   * by their choices alone, so only the returned pairs need their answers fetched.
   */
  linkBriefs(members: readonly number[], briefs: readonly AnswerBrief[], reason: MatchReason): PendingPair[] {
    const pending: PendingPair[] = []
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const bound = briefSimilarity(briefs[i] as AnswerBrief, briefs[j] as AnswerBrief)
        if (bound.upper < this.settings.similarity) continue
        const a = members[i] as number
        const b = members[j] as number
        if (bound.exact) this.linkPair(a, b, reason, bound.upper)
        else pending.push({ a, b, reason })
      }
    return pending
  }

  /** Links the first of a group of the very same answers to each other that no email or name contradicts. */
  linkIdentical(members: readonly IdenticalMember[]) {
    const [first, ...rest] = members
    if (first === undefined) return
    for (const other of rest)
      if (!conflicting(first.emailKey, other.emailKey) && !conflicting(first.nameKey, other.nameKey))
        this.add({ a: first.index, b: other.index, reason: 'identical_answers' })
  }

  private byTime(members: readonly number[]): string[] {
    return [...members]
      .sort((a, b) => {
        const x = this.ids[a] as string
        const y = this.ids[b] as string
        return (this.submittedAt[a] ?? 0) - (this.submittedAt[b] ?? 0) || (x < y ? -1 : 1)
      })
      .map((i) => this.ids[i] as string)
  }

  groups(): DuplicateGroup[] {
    const linksOf = new Map<number, Link[]>()
    for (const link of this.links) {
      const root = this.sets.find(link.a)
      const list = linksOf.get(root)
      if (list) list.push(link)
      else linksOf.set(root, [link])
    }
    return this.sets.groups().map((members) => {
      const own = linksOf.get(this.sets.find(members[0] as number)) ?? []
      const reasons = new Set<MatchReason>(own.map((l) => l.reason))
      const likely = own.filter((l) => l.similarity !== undefined)
      if (likely.length > 0) reasons.add('near_identical_answers')
      const tier: DuplicateTier = own.some((l) => l.reason !== 'same_name_and_district') ? 'exact' : 'likely'
      const ids = this.byTime(members)
      const group: DuplicateGroup = {
        tier,
        key: groupKey(tier, ids),
        members: ids,
        reasons: [...reasons].sort(),
      }
      if (likely.length > 0) group.similarity = Math.min(...likely.map((l) => l.similarity ?? 1))
      return group
    })
  }
}

/** A burst: response ids already in the order they were submitted. */
export function burstGroup(ids: string[]): DuplicateGroup {
  return {
    tier: 'burst',
    key: groupKey('burst', ids),
    members: ids,
    reasons: ['same_choices_within_minutes'],
  }
}

function burstRuns(rows: readonly MatchRow[], settings: DetectionSettings): number[][] {
  const groups: number[][] = []
  for (const members of bucket(rows, (r) => r.choiceKey).values()) {
    if (members.length < settings.burstSize) continue
    const sorted = [...members].sort(
      (a, b) => (rows[a] as MatchRow).submittedAt.getTime() - (rows[b] as MatchRow).submittedAt.getTime(),
    )
    let run: number[] = []
    let last = Number.NEGATIVE_INFINITY
    for (const i of sorted) {
      const at = (rows[i] as MatchRow).submittedAt.getTime()
      if (at - last > settings.burstSeconds * 1000) {
        if (run.length >= settings.burstSize) groups.push(run)
        run = []
      }
      run.push(i)
      last = at
    }
    if (run.length >= settings.burstSize) groups.push(run)
  }
  return groups
}

type AnswersOf = (id: string) => Record<string, AnswerValue> | undefined

/**
 * Groups of responses that look like one person (exact, likely) or like automation (burst), from
 * rows held in memory. Detection over a consultation's responses feeds the same linker bucket by
 * bucket from the database instead.
 */
export function detectDuplicates(
  rows: readonly MatchRow[],
  answersOf: AnswersOf,
  settings: DetectionSettings = detectionSettings,
): DuplicateGroup[] {
  const times = rows.map((r) => r.submittedAt.getTime())
  const linker = new DuplicateLinker(
    rows.map((r) => r.id),
    times,
    settings,
  )
  const space = new AnswerSpace()
  const features = new Map<number, AnswerFeatures | undefined>()
  const featuresOf = (i: number) => {
    if (!features.has(i)) {
      const answers = answersOf((rows[i] as MatchRow).id)
      features.set(i, answers && space.features(answers))
    }
    return features.get(i)
  }
  // A household can share an email address or a landline, and two people can share a name: an
  // identifier counts only with the same name (or none) and answers that agree.
  const byIdentifier = (key: (r: MatchRow) => string | null) =>
    bucket(rows, (r) => {
      const k = key(r)
      return k === null ? null : `${k}|${r.nameKey ?? ''}`
    })
  for (const members of byIdentifier((r) => r.emailKey).values())
    linker.linkBucket(members, 'same_email', featuresOf)
  for (const members of byIdentifier((r) => r.phoneKey).values())
    linker.linkBucket(members, 'same_phone', featuresOf)
  for (const members of bucket(rows, (r) =>
    r.nameKey && r.district ? `${r.nameKey}|${r.district}` : null,
  ).values())
    linker.linkBucket(members, 'same_name_and_district', featuresOf)
  for (const members of bucket(rows, (r) =>
    r.answersSize >= settings.minAnswersSize ? r.answersKey : null,
  ).values())
    linker.linkIdentical(
      members.map((i) => ({
        index: i,
        emailKey: (rows[i] as MatchRow).emailKey,
        nameKey: (rows[i] as MatchRow).nameKey,
      })),
    )
  const order = (members: number[]) =>
    [...members]
      .sort(
        (a, b) =>
          (times[a] ?? 0) - (times[b] ?? 0) || ((rows[a] as MatchRow).id < (rows[b] as MatchRow).id ? -1 : 1),
      )
      .map((i) => (rows[i] as MatchRow).id)
  return [...linker.groups(), ...burstRuns(rows, settings).map((run) => burstGroup(order(run)))]
}

export interface PeopleEstimate {
  responses: number
  people: number
}

/**
 * N responses from an estimated M people: every exact or likely group counts once, unless someone
 * decided its members are different people; bursts and campaigns are not merged.
 */
export function estimatePeople(
  responses: number,
  groups: readonly { tier: DuplicateTier | 'campaign'; counted: number; decision: string | null }[],
): PeopleEstimate {
  let merged = 0
  for (const g of groups) {
    if (g.tier !== 'exact' && g.tier !== 'likely') continue
    if (g.decision === 'different_people') continue
    merged += Math.max(0, g.counted - 1)
  }
  return { responses, people: responses - merged }
}
