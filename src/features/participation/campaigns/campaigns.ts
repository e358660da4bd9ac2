import { groupKey } from '../duplicates/duplicates.js'
import { UnionFind } from '../duplicates/union-find.js'

// Campaign responses: many people sending the same template, word for word or nearly. Each free
// text answer becomes a set of three-word shingles; MinHash signatures with banded locality-
// sensitive hashing find pairs whose estimated overlap (Jaccard) is high, and groups of at least
// `minResponses` responses joined by such pairs, sent close together in time, are a campaign.
// Hand-written: the npm MinHash packages are unmaintained and untyped, and this is 60 lines.

export interface CampaignText {
  responseId: string
  text: string
  /** When the response was submitted, in milliseconds since 1970. */
  submittedAt: number
}

export interface CampaignSettings {
  hashes: number
  bands: number
  /** Estimated Jaccard similarity at or above which two texts are taken as the same template. */
  similarity: number
  minWords: number
  minResponses: number
  /**
   * A campaign spreads by word of mouth in the weeks after its launch, while the same few words
   * written by chance turn up all through a consultation: a group counts as a campaign only if the
   * middle half of its submissions spans at most this share of the middle half of all of them.
   */
  maxSpread: number
}

export const campaignSettings: CampaignSettings = {
  hashes: 64,
  bands: 16,
  similarity: 0.45,
  minWords: 12,
  // Smaller groups of a common phrase can bunch in time by chance (seen on the demo at 500 to
  // 2,000 responses), so a campaign needs fifteen.
  minResponses: 15,
  maxSpread: 0.4,
}

export interface CampaignGroup {
  key: string
  /** Response ids in the campaign, sorted. */
  members: string[]
  /** The shortest text of the group, shown as its example. */
  example: string
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function shingles(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? []
  const out = new Set<string>()
  for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`)
  return [...out]
}

/** Odd multipliers and offsets for the hash family, fixed so signatures are the same every run. */
function family(count: number): { a: Uint32Array; b: Uint32Array } {
  const a = new Uint32Array(count)
  const b = new Uint32Array(count)
  let state = 0x9e3779b9
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return state
  }
  for (let i = 0; i < count; i++) {
    a[i] = next() | 1
    b[i] = next()
  }
  return { a, b }
}

const families = new Map<number, { a: Uint32Array; b: Uint32Array }>()

export function signature(shingleHashes: readonly number[], hashes: number): Uint32Array {
  let made = families.get(hashes)
  if (!made) {
    made = family(hashes)
    families.set(hashes, made)
  }
  const { a, b } = made
  const sig = new Uint32Array(hashes).fill(0xffffffff)
  for (const h of shingleHashes) {
    for (let i = 0; i < hashes; i++) {
      const v = (Math.imul(a[i] ?? 1, h) + (b[i] ?? 0)) >>> 0
      if (v < (sig[i] ?? 0)) sig[i] = v
    }
  }
  return sig
}

export function estimatedJaccard(x: Uint32Array, y: Uint32Array): number {
  let same = 0
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++
  return same / x.length
}

function middleHalf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.floor((sorted.length - 1) * p)] ?? 0
  return at(0.75) - at(0.25)
}

export function detectCampaigns(
  texts: readonly CampaignText[],
  settings: CampaignSettings = campaignSettings,
): CampaignGroup[] {
  const docs = texts.filter((t) => (t.text.match(/[a-z0-9']+/gi)?.length ?? 0) >= settings.minWords)
  const signatures = docs.map((d) => signature(shingles(d.text).map(fnv1a), settings.hashes))
  const rows = settings.hashes / settings.bands
  const sets = new UnionFind(docs.length)
  for (let band = 0; band < settings.bands; band++) {
    const buckets = new Map<string, number>()
    signatures.forEach((sig, i) => {
      const key = sig.subarray(band * rows, band * rows + rows).join(',')
      const first = buckets.get(key)
      if (first === undefined) buckets.set(key, i)
      else if (
        sets.find(first) !== sets.find(i) &&
        estimatedJaccard(signatures[first] as Uint32Array, sig) >= settings.similarity
      )
        sets.union(first, i)
    })
  }
  const overall = middleHalf(texts.map((t) => t.submittedAt))
  const groups: CampaignGroup[] = []
  for (const members of sets.groups()) {
    const ids = [...new Set(members.map((i) => (docs[i] as CampaignText).responseId))].sort()
    if (ids.length < settings.minResponses) continue
    const spread = middleHalf(members.map((i) => (docs[i] as CampaignText).submittedAt))
    if (spread > settings.maxSpread * overall) continue
    const example = members
      .map((i) => (docs[i] as CampaignText).text)
      .reduce((shortest, text) => (text.length < shortest.length ? text : shortest))
    groups.push({ key: groupKey('campaign', ids), members: ids, example })
  }
  return groups
}
