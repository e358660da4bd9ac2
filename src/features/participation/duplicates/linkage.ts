import { compareNames, type PersonName, type Postcode } from '../../../platform/identity/normalise.js'

// Record linkage in the manner of Fellegi and Sunter. Each pair of responses that shares a
// blocking key is compared field by field (email, phone, name, postcode, answers); each field's
// level of agreement carries a weight log2(m/u), where m is how often a pair of one person's
// responses agrees at that level and u how often two people's do. m and u are estimated from
// the consultation's own pairs by EM, starting from (and smoothed towards) the defaults below,
// so a handful of pairs cannot swing them. Answers are one more field, split by how improbable
// the shared answers are: the same six ticks given by hundreds fall in a level whose u is high,
// so they weigh almost nothing. Two copies of one campaign never count their answers as evidence.

export interface LinkRecord {
  email: string | null
  phone: string | null
  name: PersonName | null
  postcode: Postcode | null
  /**
   * Keys of the answers in blocks (groups of choices, a text), each with how many responses of
   * the consultation share it: the rarer a shared block, the less likely two people share it.
   */
  answerBlocks: readonly { key: string; size: number }[]
  /** The campaign the response was found to be a copy of, if any. */
  campaign: string | null
}

export const fields = ['email', 'phone', 'name', 'postcode', 'answers'] as const
export type Field = (typeof fields)[number]

export const levels = {
  email: ['agree', 'disagree'],
  phone: ['agree', 'disagree'],
  name: ['full', 'initial', 'surname', 'different'],
  postcode: ['full', 'district', 'different'],
  answers: ['same_rare', 'same_uncommon', 'same_common', 'partial', 'different'],
} as const satisfies Record<Field, readonly string[]>

/** A pair's level on each field: an index into `levels[field]`, or -1 when either has no value. */
export type Comparison = Record<Field, number>

export interface LinkageSettings {
  /** A block with more members than this gives no pairs: a key that many share tells nothing. */
  maxBlock: number
  /** Answer similarity (0 to 1) for the answers to count as the same, and as partly the same. */
  sameAnswers: number
  partialAnswers: number
  /**
   * Questions both must have answered for their answers to be compared: two responses that share
   * a question or two are alike by chance. A letter's comment beside an online response is then
   * judged by its sender's details alone.
   */
  minSharedQuestions: number
  /** Bits of improbability (log2 of the responses per other sharer) for rare and uncommon answers. */
  rareBits: number
  uncommonBits: number
  /** Probability of being one person at or above which a pair is linked, and is possible. */
  link: number
  possible: number
  /**
   * How many pairs' worth the defaults count for in EM: at least `priorPairs`, and `priorShare`
   * of the pairs compared. Without a prior that grows with the data, EM on the demo took "the
   * same surname in the same district" for the mark of one person (households and common
   * surnames), as blocked pairs all agree on their blocking key.
   */
  priorPairs: number
  priorShare: number
  emIterations: number
}

export const linkageSettings: LinkageSettings = {
  maxBlock: 40,
  sameAnswers: 0.8,
  partialAnswers: 0.5,
  minSharedQuestions: 3,
  rareBits: 7,
  uncommonBits: 4,
  link: 0.9,
  possible: 0.3,
  priorPairs: 20,
  priorShare: 1,
  emIterations: 40,
}

export interface Parameters {
  /** The share of compared pairs that are one person. */
  lambda: number
  m: Record<Field, number[]>
  u: Record<Field, number[]>
}

/**
 * Where EM starts, and what it is smoothed towards: a shared email or phone is rare between two
 * people but not unheard of (a household); a person gives another email more often than another
 * name; answers are the weakest evidence unless rare.
 */
export const defaultParameters: Parameters = {
  lambda: 0.2,
  m: {
    email: [0.7, 0.3],
    phone: [0.8, 0.2],
    name: [0.8, 0.15, 0.03, 0.02],
    postcode: [0.85, 0.12, 0.03],
    answers: [0.45, 0.15, 0.1, 0.2, 0.1],
  },
  u: {
    email: [0.05, 0.95],
    phone: [0.03, 0.97],
    name: [0.02, 0.02, 0.1, 0.86],
    postcode: [0.01, 0.3, 0.69],
    answers: [0.002, 0.01, 0.05, 0.2, 0.738],
  },
}

/** Pairs of records (by position, `a < b`) that share a blocking key, each once. */
export function candidatePairs(
  records: readonly LinkRecord[],
  settings: LinkageSettings = linkageSettings,
): [number, number][] {
  const blocks = new Map<string, number[]>()
  const add = (key: string, i: number) => {
    const list = blocks.get(key)
    if (list) list.push(i)
    else blocks.set(key, [i])
  }
  records.forEach((r, i) => {
    if (r.email) add(`e:${r.email}`, i)
    if (r.phone) add(`p:${r.phone}`, i)
    if (r.name) {
      if (r.postcode) add(`d:${r.postcode.district}|${r.name.surname}`, i)
      add(`n:${r.name.surname}|${r.name.initials[0] ?? ''}`, i)
    }
    for (const block of r.answerBlocks) if (block.size <= settings.maxBlock) add(`a:${block.key}`, i)
  })
  const seen = new Set<number>()
  const pairs: [number, number][] = []
  const n = records.length
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > settings.maxBlock) continue
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const a = Math.min(members[x] as number, members[y] as number)
        const b = Math.max(members[x] as number, members[y] as number)
        const id = a * n + b
        if (a === b || seen.has(id)) continue
        seen.add(id)
        pairs.push([a, b])
      }
  }
  return pairs
}

/** How improbable the answers two records share are, in bits: from the rarest block they share. */
export function sharedAnswerBits(a: LinkRecord, b: LinkRecord, responses: number): number {
  const sizes = new Map(a.answerBlocks.map((block) => [block.key, block.size]))
  let smallest = Number.POSITIVE_INFINITY
  for (const block of b.answerBlocks) if (sizes.has(block.key)) smallest = Math.min(smallest, block.size)
  if (!Number.isFinite(smallest) || responses < 2) return 0
  return Math.log2((responses - 1) / Math.max(1, smallest - 1))
}

/**
 * A pair's level on each field. `similarity` is how alike their answers are (0 to 1, or below 0
 * when they answered no question in common); `responses` how many the consultation holds,
 * against which shared answers are judged.
 */
export function compareRecords(
  a: LinkRecord,
  b: LinkRecord,
  similarity: number,
  responses: number,
  settings: LinkageSettings = linkageSettings,
): Comparison {
  const same = (x: string | null, y: string | null) => (x === null || y === null ? -1 : x === y ? 0 : 1)
  let postcode = -1
  if (a.postcode && b.postcode)
    postcode =
      a.postcode.full !== null && a.postcode.full === b.postcode.full
        ? 0
        : a.postcode.district === b.postcode.district
          ? 1
          : 2
  let answers = -1
  if (similarity >= 0 && (a.campaign === null || a.campaign !== b.campaign)) {
    if (similarity >= settings.sameAnswers) {
      const bits = sharedAnswerBits(a, b, responses)
      answers = bits >= settings.rareBits ? 0 : bits >= settings.uncommonBits ? 1 : 2
    } else answers = similarity >= settings.partialAnswers ? 3 : 4
  }
  return {
    email: same(a.email, b.email),
    phone: same(a.phone, b.phone),
    name: a.name && b.name ? levels.name.indexOf(compareNames(a.name, b.name)) : -1,
    postcode,
    answers,
  }
}

const patternOf = (c: Comparison) => fields.map((f) => c[f]).join(',')

function likelihoods(c: Comparison, p: Parameters) {
  let m = 1
  let u = 1
  for (const f of fields) {
    const level = c[f]
    if (level < 0) continue
    m *= p.m[f][level] as number
    u *= p.u[f][level] as number
  }
  return { m, u }
}

/** The probability that a pair is one person, under the parameters. */
export function matchProbability(c: Comparison, p: Parameters): number {
  const { m, u } = likelihoods(c, p)
  const yes = p.lambda * m
  const no = (1 - p.lambda) * u
  return yes + no === 0 ? 0 : yes / (yes + no)
}

/**
 * m, u and the share of matches estimated by EM from the pairs' comparisons. Pairs with the same
 * levels on every field are counted together, so a million pairs cost as much as their patterns.
 * The defaults count as `priorPairs` pairs of each kind, which keeps a level seen in few pairs
 * near its default rather than at 0 or 1.
 */
export function estimateParameters(
  comparisons: readonly Comparison[],
  settings: LinkageSettings = linkageSettings,
  start: Parameters = defaultParameters,
): Parameters {
  const patterns = new Map<string, { c: Comparison; n: number }>()
  for (const c of comparisons) {
    const key = patternOf(c)
    const seen = patterns.get(key)
    if (seen) seen.n++
    else patterns.set(key, { c, n: 1 })
  }
  const prior = Math.max(settings.priorPairs, settings.priorShare * comparisons.length)
  let p = start
  for (let iteration = 0; iteration < settings.emIterations; iteration++) {
    const mCounts = Object.fromEntries(fields.map((f) => [f, start.m[f].map((x) => x * prior)])) as Record<
      Field,
      number[]
    >
    const uCounts = Object.fromEntries(fields.map((f) => [f, start.u[f].map((x) => x * prior)])) as Record<
      Field,
      number[]
    >
    let matches = start.lambda * prior
    let total = prior
    for (const { c, n } of patterns.values()) {
      const g = matchProbability(c, p)
      matches += g * n
      total += n
      for (const f of fields) {
        const level = c[f]
        if (level < 0) continue
        ;(mCounts[f] as number[])[level] = ((mCounts[f] as number[])[level] as number) + g * n
        ;(uCounts[f] as number[])[level] = ((uCounts[f] as number[])[level] as number) + (1 - g) * n
      }
    }
    const normalised = (counts: Record<Field, number[]>) =>
      Object.fromEntries(
        fields.map((f) => {
          const sum = counts[f].reduce((s, x) => s + x, 0)
          return [f, counts[f].map((x) => x / sum)]
        }),
      ) as Record<Field, number[]>
    p = { lambda: matches / total, m: normalised(mCounts), u: normalised(uCounts) }
  }
  return p
}

export type LinkClass = 'link' | 'possible' | 'non_link'

export interface FieldEvidence {
  field: Field
  level: string
  /** log2(m/u) for this level: positive for evidence of one person, negative against. */
  weight: number
}

export interface ScoredPair {
  a: number
  b: number
  /** The sum of the fields' weights (the Fellegi–Sunter match weight), in bits. */
  weight: number
  probability: number
  class: LinkClass
  evidence: FieldEvidence[]
}

/** A pair's weight, probability, class and the evidence for each field it could be compared on. */
export function scorePair(
  a: number,
  b: number,
  c: Comparison,
  p: Parameters,
  settings: LinkageSettings = linkageSettings,
): ScoredPair {
  const evidence: FieldEvidence[] = []
  for (const f of fields) {
    const level = c[f]
    if (level < 0) continue
    evidence.push({
      field: f,
      level: levels[f][level] as string,
      weight: Math.log2((p.m[f][level] as number) / (p.u[f][level] as number)),
    })
  }
  const weight = evidence.reduce((s, e) => s + e.weight, 0)
  const probability = matchProbability(c, p)
  const cls: LinkClass =
    probability >= settings.link ? 'link' : probability >= settings.possible ? 'possible' : 'non_link'
  return { a, b, weight, probability, class: cls, evidence }
}

export interface Linkage {
  parameters: Parameters
  /** Every pair compared, as many as there were. */
  compared: number
  /** The pairs linked or possible, with their evidence. */
  pairs: ScoredPair[]
}

/**
 * Compares every candidate pair, estimates the weights from them and scores each. `similarity`
 * gives how alike two records' answers are; it is asked only for candidate pairs.
 */
export function linkRecords(
  records: readonly LinkRecord[],
  similarity: (a: number, b: number) => number,
  responses: number,
  settings: LinkageSettings = linkageSettings,
  pairs: readonly [number, number][] = candidatePairs(records, settings),
): Linkage {
  const comparisons = pairs.map(([a, b]) =>
    compareRecords(records[a] as LinkRecord, records[b] as LinkRecord, similarity(a, b), responses, settings),
  )
  const parameters = estimateParameters(comparisons, settings)
  const scored: ScoredPair[] = []
  pairs.forEach(([a, b], i) => {
    const pair = scorePair(a, b, comparisons[i] as Comparison, parameters, settings)
    if (pair.class !== 'non_link') scored.push(pair)
  })
  return { parameters, compared: pairs.length, pairs: scored }
}
