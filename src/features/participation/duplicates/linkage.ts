import {
  type LinkRecord,
  nameLevel,
  type RecordColumns,
  smallestSharedBlock,
  sortName,
  toColumns,
} from './record-columns.js'

export type { LinkRecord }

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
  /**
   * Probability of being one person at or above which a pair is linked, and is possible. Below
   * 0.6 the demo's pairs were one person 11 times in 2,525 (most of them a name and nothing else
   * to compare): listing them left a million responses 116,000 groups to decide, not 23,600.
   */
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
  possible: 0.6,
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
 * Pairs of records by position, `a[i] < b[i]`: two columns of numbers rather than an object a
 * pair, so the millions of pairs of a large consultation take tens of megabytes.
 */
export interface PairList {
  a: Int32Array
  b: Int32Array
}

/**
 * Pairs of records (by position, `a < b`) that share a blocking key, each once. Within a block of
 * contact details larger than `maxBlock`, each record is paired only with the `window` records
 * after it in the order of their names (a sorted neighbourhood); a larger block of answers gives
 * no pairs.
 */
export function candidatePairs(c: RecordColumns, settings: LinkageSettings = linkageSettings): PairList {
  // Each key of contact details a number: its kind (email, phone, district and surname, surname
  // and initial) and the numbers of its values.
  const kinds = 4
  const blocks = new Map<number, number[]>()
  // Answer blocks apart, keyed by their hashes, which use every bit of a double.
  const answerBlocks = new Map<number, number[]>()
  const into = (map: Map<number, number[]>, key: number, i: number) => {
    const list = map.get(key)
    if (list) list.push(i)
    else map.set(key, [i])
  }
  const add = (kind: number, value: number, i: number) => into(blocks, value * kinds + kind, i)
  const n = c.email.length
  const surnames = c.surname.reduce((most, id) => Math.max(most, id + 1), 1)
  for (let i = 0; i < n; i++) {
    const email = c.email[i] as number
    const phone = c.phone[i] as number
    const surname = c.surname[i] as number
    const district = c.district[i] as number
    if (email >= 0) add(0, email, i)
    if (phone >= 0) add(1, phone, i)
    if (surname >= 0) {
      if (district >= 0) add(2, district * surnames + surname, i)
      add(3, surname * 0x10000 + ((c.initial[i] as number) + 1), i)
    }
    for (let k = c.blockStart[i] as number; k < (c.blockStart[i + 1] as number); k++)
      if ((c.blockSize[k] as number) <= settings.maxAnswerBlock)
        into(answerBlocks, c.blockKey[k] as number, i)
  }
  // Each pair as one number, a × n + b, collected and then sorted to drop those found twice: a
  // set of millions of numbers would cost several times the memory.
  const found: number[] = []
  const pair = (x: number, y: number) => {
    if (x !== y) found.push(Math.min(x, y) * n + Math.max(x, y))
  }
  for (const members of answerBlocks.values())
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) pair(members[x] as number, members[y] as number)
  for (const members of blocks.values()) {
    if (members.length < 2) continue
    if (members.length <= settings.maxBlock) {
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) pair(members[x] as number, members[y] as number)
    } else {
      const names = new Map(members.map((i) => [i, sortName(c, i)]))
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
  let distinct = 0
  for (let i = 0; i < keys.length; i++)
    if (i === 0 || keys[i - 1] !== keys[i]) keys[distinct++] = keys[i] as number
  const pairs: PairList = { a: new Int32Array(distinct), b: new Int32Array(distinct) }
  for (let i = 0; i < distinct; i++) {
    const key = keys[i] as number
    const a = Math.floor(key / n)
    pairs.a[i] = a
    pairs.b[i] = key - a * n
  }
  return pairs
}

/** Bits of improbability of sharing a block that `size` of `responses` share. */
const bitsOf = (size: number, responses: number) =>
  !Number.isFinite(size) || responses < 2 ? 0 : Math.log2((responses - 1) / Math.max(1, size - 1))

/** How improbable the answers two records share are, in bits: from the rarest block they share. */
export function sharedAnswerBits(a: LinkRecord, b: LinkRecord, responses: number): number {
  return bitsOf(smallestSharedBlock(toColumns([a, b]), 0, 1), responses)
}

/**
 * The profile's level: -1 when the two have no profile answer in common, `different` when any
 * answer both gave differs, `same` when `many` or more agree and none differs, else `same_few`.
 * Read from `a` and `b` at `aFrom` and `bFrom` for `width` answers (columns of many records).
 */
export function compareProfiles(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  many: number,
  aFrom = 0,
  bFrom = 0,
  width = Math.min(a.length, b.length),
): number {
  let shared = 0
  for (let i = 0; i < width; i++) {
    const x = a[aFrom + i] as number
    const y = b[bFrom + i] as number
    if (x < 0 || y < 0) continue
    if (x !== y) return 2
    shared++
  }
  return shared === 0 ? -1 : shared >= many ? 0 : 1
}

// A pair's levels kept as one small number, each field a digit of its own base (its levels and
// "not compared"), so millions of pairs are a typed array, and EM and scoring work once a pattern.
const bases = fields.map((f) => levels[f].length + 1)
const strides = bases.map((_, i) => bases.slice(i + 1).reduce((x, y) => x * y, 1))
/** How many patterns of levels there are: every pattern is a number below it. */
export const patternCount = bases.reduce((x, y) => x * y, 1)
const [emailStride, phoneStride, nameStride, postcodeStride, answerStride, profileStride] = strides as [
  number,
  number,
  number,
  number,
  number,
  number,
]

export function encodeComparison(c: Comparison): number {
  return fields.reduce((code, f, i) => code + (c[f] + 1) * (strides[i] as number), 0)
}

export function decodeComparison(code: number): Comparison {
  const c = {} as Comparison
  fields.forEach((f, i) => {
    c[f] = (Math.floor(code / (strides[i] as number)) % (bases[i] as number)) - 1
  })
  return c
}

/** A pattern whose answers were not compared, given its answers' level. */
const withAnswers = (code: number, level: number) => code + (level + 1) * answerStride

/** The pattern of records `a` and `b` on every field but the answers (left not compared). */
function detailsCode(c: RecordColumns, a: number, b: number, settings: LinkageSettings): number {
  const same = (column: Int32Array) => {
    const x = column[a] as number
    const y = column[b] as number
    return x < 0 || y < 0 ? 0 : x === y ? 1 : 2
  }
  let postcode = 0
  if ((c.district[a] as number) >= 0 && (c.district[b] as number) >= 0)
    postcode =
      (c.postcode[a] as number) >= 0 && c.postcode[a] === c.postcode[b]
        ? 1
        : c.district[a] === c.district[b]
          ? 2
          : 3
  const width = c.profileWidth
  return (
    same(c.email) * emailStride +
    same(c.phone) * phoneStride +
    (nameLevel(c, a, b) + 1) * nameStride +
    postcode * postcodeStride +
    (compareProfiles(c.profile, c.profile, settings.profileMany, a * width, b * width, width) + 1) *
      profileStride
  )
}

/**
 * The answers' level for records `a` and `b` whose answers are alike by `similarity` (0 to 1, or
 * below 0 when they answered no question in common): -1 for no evidence, as between two copies
 * of a campaign.
 */
function answerLevel(
  c: RecordColumns,
  a: number,
  b: number,
  similarity: number,
  responses: number,
  settings: LinkageSettings,
): number {
  const campaign = c.campaign[a] as number
  if (similarity < 0 || (campaign >= 0 && campaign === c.campaign[b])) return -1
  if (similarity < settings.sameAnswers) return similarity >= settings.partialAnswers ? 3 : 4
  const bits = bitsOf(smallestSharedBlock(c, a, b), responses)
  return bits >= settings.rareBits ? 0 : bits >= settings.uncommonBits ? 1 : 2
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
  const c = toColumns([a, b])
  return decodeComparison(
    withAnswers(detailsCode(c, 0, 1, settings), answerLevel(c, 0, 1, similarity, responses, settings)),
  )
}

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
 * m, u and the share of matches estimated by EM from how many pairs have each pattern of levels
 * (`counts`, indexed by pattern number), so a million pairs cost as much as their patterns. The
 * defaults count as `priorPairs` pairs of each kind, which keeps a level seen in few pairs near
 * its default rather than at 0 or 1.
 */
export function estimateFromCounts(
  counts: Float64Array,
  settings: LinkageSettings = linkageSettings,
  start: Parameters = defaultParameters,
): Parameters {
  const patterns: { c: Comparison; n: number }[] = []
  let pairs = 0
  counts.forEach((n, code) => {
    if (n === 0) return
    pairs += n
    patterns.push({ c: decodeComparison(code), n })
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
    for (const { c, n } of patterns) {
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

/** EM over comparisons, each standing for `weights[i]` pairs (1 each when not given): see `estimateFromCounts`. */
export function estimateParameters(
  comparisons: readonly Comparison[],
  settings: LinkageSettings = linkageSettings,
  start: Parameters = defaultParameters,
  weights?: readonly number[],
): Parameters {
  const counts = new Float64Array(patternCount)
  comparisons.forEach((c, i) => {
    const code = encodeComparison(c)
    counts[code] = (counts[code] as number) + (weights?.[i] ?? 1)
  })
  return estimateFromCounts(counts, settings, start)
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

/** The answers' lowest level a pair can reach when they are alike at most `upper` (0 to 1). */
const bestAnswerLevel = (upper: number, settings: LinkageSettings) =>
  upper >= settings.sameAnswers ? 0 : upper >= settings.partialAnswers ? 3 : 4

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
  for (let level = bestAnswerLevel(upper, settings); level < levels.answers.length; level++)
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
  /**
   * Writes into `into` the most alike the two could be, and 1 after it when that is the
   * similarity itself (0 when the words of texts must still be compared): into an array rather
   * than a new object, as this runs for each of millions of pairs.
   */
  bound(a: number, b: number, into: Float64Array): void
  /** The similarity of each pair, from the whole answers (-1 when they cannot be compared). */
  fetch(pairs: readonly [number, number][]): Promise<number[]>
}

/**
 * Compares every candidate pair once, keeping its levels as a pattern number; estimates the
 * weights by EM from how many pairs have each pattern, and scores each pattern once. Most pairs
 * are settled by their answers in brief. Of those whose texts decide, a sample has its answers
 * fetched for EM, and of the rest only those whose other fields leave them a chance of being
 * possible, so the answers fetched do not grow with every pair that shares a common surname.
 */
export async function linkRecords(
  columns: RecordColumns,
  pairs: PairList,
  responses: number,
  answers: AnswerComparer,
  settings: LinkageSettings = linkageSettings,
): Promise<Linkage> {
  const total = pairs.a.length
  const codes = new Uint16Array(total)
  // The most alike a pending pair's answers could be; read only for pending pairs.
  const uppers = new Float32Array(total)
  const pending: number[] = []
  const counts = new Float64Array(patternCount)
  const bound = new Float64Array(2)
  for (let i = 0; i < total; i++) {
    const a = pairs.a[i] as number
    const b = pairs.b[i] as number
    const details = detailsCode(columns, a, b, settings)
    answers.bound(a, b, bound)
    const upper = bound[0] as number
    if (bound[1] === 1 || upper < settings.partialAnswers) {
      const code = withAnswers(details, answerLevel(columns, a, b, upper, responses, settings))
      codes[i] = code
      counts[code] = (counts[code] as number) + 1
    } else {
      codes[i] = details
      uppers[i] = upper
      pending.push(i)
    }
  }
  const fetchInto = async (list: readonly number[]) => {
    const similarities = await answers.fetch(
      list.map((i): [number, number] => [pairs.a[i] as number, pairs.b[i] as number]),
    )
    list.forEach((i, j) => {
      const level = answerLevel(
        columns,
        pairs.a[i] as number,
        pairs.b[i] as number,
        similarities[j] ?? -1,
        responses,
        settings,
      )
      codes[i] = withAnswers(codes[i] as number, level)
    })
  }
  const step = Math.max(1, Math.ceil(pending.length / settings.emSample))
  const sampled = pending.filter((_, k) => k % step === 0)
  await fetchInto(sampled)
  for (const i of sampled) {
    const code = codes[i] as number
    counts[code] = (counts[code] as number) + pending.length / sampled.length
  }
  const parameters = estimateFromCounts(counts, settings)
  const probabilities = new Float64Array(patternCount)
  for (let code = 0; code < patternCount; code++)
    probabilities[code] = matchProbability(decodeComparison(code), parameters)
  // A pending pair keeps its pattern with the answers not compared unless fetched, which scores
  // below `possible` whenever the best its answers could give does.
  const chance = pending.filter((i, k) => {
    if (k % step === 0) return false
    const details = codes[i] as number
    let best = probabilities[details] as number
    for (let level = bestAnswerLevel(uppers[i] as number, settings); level < levels.answers.length; level++)
      best = Math.max(best, probabilities[withAnswers(details, level)] as number)
    return best >= settings.possible
  })
  await fetchInto(chance)
  const scoredPatterns = new Map<number, ScoredPair>()
  const scored: ScoredPair[] = []
  for (let i = 0; i < total; i++) {
    const code = codes[i] as number
    if ((probabilities[code] as number) < settings.possible) continue
    let pattern = scoredPatterns.get(code)
    if (!pattern) {
      pattern = scorePair(0, 0, decodeComparison(code), parameters, settings)
      scoredPatterns.set(code, pattern)
    }
    scored.push({ ...pattern, a: pairs.a[i] as number, b: pairs.b[i] as number })
  }
  return { parameters, compared: total, fetched: sampled.length + chance.length, pairs: scored }
}
