import { createHash } from 'node:crypto'
import type { AnswerValue } from '../../platform/db/schema.js'
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
  /** How much the answers hold (characters of the stored document), to tell a full response from a blank one. */
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
  /** The smallest answers document that identical answers alone may match on. */
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

/** Words of a free-text answer, for comparing two versions of it. */
function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9']+/g) ?? [])
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let shared = 0
  for (const w of a) if (b.has(w)) shared++
  return shared / (a.size + b.size - shared)
}

/**
 * How alike two answer documents are, from 0 to 1: each question either answered gives a score (1
 * for the same choice, the word overlap for two texts, 0 otherwise) and the scores are averaged.
 */
export function answerSimilarity(a: Record<string, AnswerValue>, b: Record<string, AnswerValue>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  if (keys.size === 0) return 1
  let score = 0
  for (const key of keys) {
    const x = a[key]
    const y = b[key]
    if (x === undefined || y === undefined) continue
    if (typeof x === 'string' && typeof y === 'string' && (x.length > 40 || y.length > 40))
      score += jaccard(words(x), words(y))
    else if (JSON.stringify(x) === JSON.stringify(y)) score += 1
  }
  return score / keys.size
}

interface Link {
  a: number
  b: number
  reason: MatchReason
  similarity?: number
}

type AnswersOf = (id: string) => Record<string, AnswerValue> | undefined

/** Links every pair in each bucket that `accept` allows, scoring the pair by answer similarity. */
function pairLinks(
  rows: readonly MatchRow[],
  buckets: Map<string, number[]>,
  reason: MatchReason,
  answersOf: AnswersOf,
  minimum: number,
): Link[] {
  const links: Link[] = []
  for (const members of buckets.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i] as number
        const b = members[j] as number
        const x = answersOf((rows[a] as MatchRow).id)
        const y = answersOf((rows[b] as MatchRow).id)
        if (!x || !y) continue
        const similarity = answerSimilarity(x, y)
        if (similarity >= minimum) links.push({ a, b, reason, similarity })
      }
    }
  }
  return links
}

function tieredLinks(rows: readonly MatchRow[], answersOf: AnswersOf, settings: DetectionSettings): Link[] {
  // A household can share an email address or a landline, and two people can share a name: an
  // identifier counts only with the same name (or none) and answers that agree.
  const byIdentifier = (key: (r: MatchRow) => string | null) =>
    bucket(rows, (r) => {
      const k = key(r)
      return k === null ? null : `${k}|${r.nameKey ?? ''}`
    })
  const links = [
    ...pairLinks(
      rows,
      byIdentifier((r) => r.emailKey),
      'same_email',
      answersOf,
      settings.similarity,
    ),
    ...pairLinks(
      rows,
      byIdentifier((r) => r.phoneKey),
      'same_phone',
      answersOf,
      settings.similarity,
    ),
    ...pairLinks(
      rows,
      bucket(rows, (r) => (r.nameKey && r.district ? `${r.nameKey}|${r.district}` : null)),
      'same_name_and_district',
      answersOf,
      settings.similarity,
    ),
  ]
  const telling = bucket(rows, (r) => (r.answersSize >= settings.minAnswersSize ? r.answersKey : null))
  for (const members of telling.values()) {
    const [first, ...rest] = members
    if (first === undefined) continue
    const x = rows[first] as MatchRow
    for (const other of rest) {
      const y = rows[other] as MatchRow
      if (!conflicting(x.emailKey, y.emailKey) && !conflicting(x.nameKey, y.nameKey))
        links.push({ a: first, b: other, reason: 'identical_answers' })
    }
  }
  return links
}

function burstGroups(rows: readonly MatchRow[], settings: DetectionSettings): number[][] {
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

function byTime(rows: readonly MatchRow[], members: readonly number[]): string[] {
  return [...members]
    .sort((a, b) => {
      const x = rows[a] as MatchRow
      const y = rows[b] as MatchRow
      return x.submittedAt.getTime() - y.submittedAt.getTime() || (x.id < y.id ? -1 : 1)
    })
    .map((i) => (rows[i] as MatchRow).id)
}

/** Groups of responses that look like one person (exact, likely) or like automation (burst). */
export function detectDuplicates(
  rows: readonly MatchRow[],
  answersOf: AnswersOf,
  settings: DetectionSettings = detectionSettings,
): DuplicateGroup[] {
  const links = tieredLinks(rows, answersOf, settings)
  const sets = new UnionFind(rows.length)
  for (const link of links) sets.union(link.a, link.b)
  const linksOf = new Map<number, Link[]>()
  for (const link of links) {
    const root = sets.find(link.a)
    const list = linksOf.get(root)
    if (list) list.push(link)
    else linksOf.set(root, [link])
  }
  const groups: DuplicateGroup[] = sets.groups().map((members) => {
    const own = linksOf.get(sets.find(members[0] as number)) ?? []
    const reasons = new Set<MatchReason>(own.map((l) => l.reason))
    const likely = own.filter((l) => l.similarity !== undefined)
    if (likely.length > 0) reasons.add('near_identical_answers')
    const exact = own.some((l) => l.reason !== 'same_name_and_district')
    const tier: DuplicateTier = exact ? 'exact' : 'likely'
    const ids = byTime(rows, members)
    const group: DuplicateGroup = {
      tier,
      key: groupKey(tier, ids),
      members: ids,
      reasons: [...reasons].sort(),
    }
    if (likely.length > 0) group.similarity = Math.min(...likely.map((l) => l.similarity ?? 1))
    return group
  })
  for (const members of burstGroups(rows, settings)) {
    const ids = byTime(rows, members)
    groups.push({
      tier: 'burst',
      key: groupKey('burst', ids),
      members: ids,
      reasons: ['same_choices_within_minutes'],
    })
  }
  return groups
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
