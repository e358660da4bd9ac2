import { compareNames, type PersonName, type Postcode } from '../../../platform/identity/normalise.js'

// Record linkage in the manner of Fellegi and Sunter. Each pair of responses that shares a
// blocking key is compared field by field (email, phone, name, postcode, answers); each field's
// level of agreement carries a weight log2(m/u), where m is how often a pair of one person's
// responses agrees at that level and u how often two people's do. m and u are estimated from
// the consultation's own pairs by EM, starting from (and smoothed towards) the defaults below,
// so a handful of pairs cannot swing them. Answers are one more field, split by how improbable
// the shared answers are: the same six ticks given by hundreds fall in a level whose u is high,
// so they weigh almost nothing. Two copies of one campaign never count their answers as evidence.
// What someone says about themselves (the profile questions: age band, sex, ethnicity...) is a
// field of its own: two people rarely give all the same, and one person rarely gives different.

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
  /** The answers to the profile questions, in a fixed order, as numbers; below 0 when not given. */
  profile: ArrayLike<number>
}

export const fields = ['email', 'phone', 'name', 'postcode', 'answers', 'profile'] as const
export type Field = (typeof fields)[number]

export const levels = {
  email: ['agree', 'disagree'],
  phone: ['agree', 'disagree'],
  name: ['full', 'initial', 'surname', 'different'],
  postcode: ['full', 'district', 'different'],
  answers: ['same_rare', 'same_uncommon', 'same_common', 'partial', 'different'],
  profile: ['same', 'same_few', 'different'],
} as const satisfies Record<Field, readonly string[]>

/** A pair's level on each field: an index into `levels[field]`, or -1 when either has no value. */
export type Comparison = Record<Field, number>

export interface LinkageSettings {
  /** A block of answers with more members than this gives no pairs: answers that many share tell little. */
  maxAnswerBlock: number
  /**
   * A block of contact details with more members than this (a household's or an office's email,
   * a common surname in a district) gives each member a pair with only its `window` nearest by
   * name, so pairs grow with the responses, not with the square of a block.
   */
  maxBlock: number
  window: number
  /** Profile answers both gave for them to count as the same rather than the same few. */
  profileMany: number
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
  /**
   * Pairs whose texts decide how alike their answers are, at most, whose answers are fetched for
   * EM; the rest have theirs fetched only if their other fields leave them a chance of a link.
   */
  emSample: number
}

export const linkageSettings: LinkageSettings = {
  maxAnswerBlock: 10,
  maxBlock: 40,
  window: 4,
  profileMany: 3,
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
  emSample: 5000,
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
    profile: [0.8, 0.15, 0.05],
  },
  u: {
    email: [0.05, 0.95],
    phone: [0.03, 0.97],
    name: [0.02, 0.02, 0.1, 0.86],
    postcode: [0.01, 0.3, 0.69],
    answers: [0.002, 0.01, 0.05, 0.2, 0.738],
    profile: [0.03, 0.17, 0.8],
  },
}

/**
 * Pairs of records (by position, `a < b`) that share a blocking key, each once. Within a block of
 * contact details larger than `maxBlock`, each record is paired only with the `window` records
 * after it in the order of their names (a sorted neighbourhood); a larger block of answers gives
 * no pairs.
 */
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
    for (const block of r.answerBlocks) if (block.size <= settings.maxAnswerBlock) add(`a:${block.key}`, i)
  })
  // Each pair as one number, a × n + b, collected and then sorted to drop those found twice: a
  // set of millions of numbers would cost several times the memory.
  const found: number[] = []
  const n = records.length
  const pair = (x: number, y: number) => {
    if (x !== y) found.push(Math.min(x, y) * n + Math.max(x, y))
  }
  const nameOf = (i: number) => {
    const name = records[i]?.name
    return name ? `${name.surname}|${name.first ?? name.initials.join('')}` : ''
  }
  for (const [key, members] of blocks) {
    if (members.length < 2) continue
    if (members.length <= settings.maxBlock) {
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) pair(members[x] as number, members[y] as number)
    } else if (!key.startsWith('a:')) {
      const names = new Map(members.map((i) => [i, nameOf(i)]))
      const sorted = [...members].sort((x, y) => {
        const a = names.get(x) as string
        const b = names.get(y) as string
        return a < b ? -1 : a > b ? 1 : x - y
      })
      for (let x = 0; x < sorted.length; x++)
        for (let y = x + 1; y <= x + settings.window && y < sorted.length; y++)
          pair(sorted[x] as number, sorted[y] as number)
    }
  }
  const keys = Float64Array.from(found).sort()
  const pairs: [number, number][] = []
  keys.forEach((key, i) => {
    if (i > 0 && keys[i - 1] === key) return
    const a = Math.floor(key / n)
    pairs.push([a, key - a * n])
  })
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
    profile: compareProfiles(a.profile, b.profile, settings.profileMany),
  }
}

/**
 * The profile's level: -1 when the two have no profile answer in common, `different` when any
 * answer both gave differs, `same` when `many` or more agree and none differs, else `same_few`.
 */
export function compareProfiles(a: ArrayLike<number>, b: ArrayLike<number>, many: number): number {
  let shared = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (x < 0 || y < 0) continue
    if (x !== y) return 2
    shared++
  }
  return shared === 0 ? -1 : shared >= many ? 0 : 1
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
  /** How many pairs each comparison stands for (1 each when not given): a sample stands for more. */
  weights?: readonly number[],
): Parameters {
  const patterns = new Map<string, { c: Comparison; n: number }>()
  let pairs = 0
  comparisons.forEach((c, i) => {
    const n = weights?.[i] ?? 1
    pairs += n
    const key = patternOf(c)
    const seen = patterns.get(key)
    if (seen) seen.n += n
    else patterns.set(key, { c, n })
  })
  const prior = Math.max(settings.priorPairs, settings.priorShare * pairs)
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

/**
 * The highest probability of one person a pair could have whatever its answers turn out to be,
 * given that they are alike at most `upper` (0 to 1).
 */
export function bestProbability(
  c: Comparison,
  p: Parameters,
  upper: number,
  settings: LinkageSettings = linkageSettings,
): number {
  let best = matchProbability({ ...c, answers: -1 }, p)
  const first = upper >= settings.sameAnswers ? 0 : upper >= settings.partialAnswers ? 3 : 4
  for (let level = first; level < levels.answers.length; level++)
    best = Math.max(best, matchProbability({ ...c, answers: level }, p))
  return best
}

export interface Linkage {
  parameters: Parameters
  /** Every pair compared, as many as there were. */
  compared: number
  /** Pairs whose answers had to be fetched to compare them. */
  fetched: number
  /** The pairs linked or possible, with their evidence. */
  pairs: ScoredPair[]
}

/** How alike two records' answers are: a bound from the answers in brief, or the exact figure. */
export interface AnswerComparer {
  /** `exact` when `upper` is the similarity itself, else the most it could be. */
  bound(a: number, b: number): { exact: boolean; upper: number }
  /** The similarity of each pair, from the whole answers (-1 when they cannot be compared). */
  fetch(pairs: readonly [number, number][]): Promise<number[]>
}

/**
 * Compares every candidate pair, estimates the weights by EM and scores each. Most pairs are
 * settled by their answers in brief. Of those whose texts decide, a sample has its answers
 * fetched for EM, and of the rest only those whose other fields leave them a chance of being
 * possible, so the answers fetched do not grow with every pair that shares a common surname.
 */
export async function linkRecords(
  records: readonly LinkRecord[],
  pairs: readonly [number, number][],
  responses: number,
  answers: AnswerComparer,
  settings: LinkageSettings = linkageSettings,
): Promise<Linkage> {
  const compare = (a: number, b: number, similarity: number) =>
    compareRecords(records[a] as LinkRecord, records[b] as LinkRecord, similarity, responses, settings)
  // EM needs only how many pairs have each pattern of levels, so the pairs settled by their
  // answers in brief are counted here and compared again when scored, rather than held.
  const patterns = new Map<string, { c: Comparison; n: number }>()
  const count = (c: Comparison, n: number) => {
    const key = patternOf(c)
    const seen = patterns.get(key)
    if (seen) seen.n += n
    else patterns.set(key, { c, n })
  }
  const settledBy = (a: number, b: number) => {
    const bound = answers.bound(a, b)
    return bound.exact || bound.upper < settings.partialAnswers ? bound.upper : null
  }
  const pending: { a: number; b: number; upper: number }[] = []
  for (const [a, b] of pairs) {
    const similarity = settledBy(a, b)
    if (similarity !== null) count(compare(a, b, similarity), 1)
    else pending.push({ a, b, upper: answers.bound(a, b).upper })
  }
  const step = Math.max(1, Math.ceil(pending.length / settings.emSample))
  const sampled = pending.filter((_, i) => i % step === 0)
  const fetched = async (list: readonly { a: number; b: number }[]) => {
    const similarities = await answers.fetch(list.map(({ a, b }): [number, number] => [a, b]))
    return list.map(({ a, b }, i) => ({ a, b, c: compare(a, b, similarities[i] ?? -1) }))
  }
  const sample = await fetched(sampled)
  for (const { c } of sample) count(c, pending.length / sampled.length)
  const counted = [...patterns.values()]
  const parameters = estimateParameters(
    counted.map((x) => x.c),
    settings,
    defaultParameters,
    counted.map((x) => x.n),
  )
  const chance = pending.filter(
    (x, i) =>
      i % step !== 0 &&
      bestProbability(compare(x.a, x.b, -1), parameters, x.upper, settings) >= settings.possible,
  )
  const scored: ScoredPair[] = []
  const score = (a: number, b: number, c: Comparison) => {
    const pair = scorePair(a, b, c, parameters, settings)
    if (pair.class !== 'non_link') scored.push(pair)
  }
  for (const [a, b] of pairs) {
    const similarity = settledBy(a, b)
    if (similarity !== null) score(a, b, compare(a, b, similarity))
  }
  for (const { a, b, c } of [...sample, ...(await fetched(chance))]) score(a, b, c)
  return { parameters, compared: pairs.length, fetched: sampled.length + chance.length, pairs: scored }
}
