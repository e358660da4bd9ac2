import type { Kysely } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import {
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePostcode,
} from '../../../platform/identity/normalise.js'
import { countCounted, listAnswersOf, listBursts, listLinkRows } from '../repository.js'
import {
  type AnswerBrief,
  AnswerSpace,
  briefSimilarity,
  featureSimilarity,
  SignatureSpace,
} from './answer-features.js'
import {
  burstGroup,
  type DetectionSettings,
  type DuplicateGroup,
  detectionSettings,
  linkedGroups,
} from './duplicates.js'
import {
  candidatePairs,
  type LinkageSettings,
  type LinkRecord,
  linkageSettings,
  linkRecords,
} from './linkage.js'

// Duplicate detection over a whole consultation. The database cuts each response's answers into
// blocks and counts how many responses share each, and returns only the responses that could
// have a pair: those with contact details and those sharing a small block. Contact details are
// normalised here, held only for the run and never logged or stored; what is stored of a link is
// its levels and weights. Pairs sharing a blocking key are compared and scored by record linkage
// (see linkage.ts); answers are fetched only for pairs whose texts decide how alike they are.

export interface DetectionProgress {
  stage: 'keys' | 'comparing' | 'campaigns' | 'storing'
  done: number
  total: number
}

/** How many responses' answers are held at once while comparing. */
const batchResponses = 5000

/** Groups of choices the answers are cut into for blocking. */
const answerBands = 4

export async function findDuplicateGroups(
  db: Kysely<Database>,
  consultationId: string,
  options: {
    freeTextKeys: string[]
    /** Every question's key, in a fixed order, for the answers in brief. */
    questionKeys: string[]
    /** The campaign each response was found to be a copy of: copies are never one person by their answers. */
    campaignOf?: ReadonlyMap<string, string>
    settings?: DetectionSettings
    linkage?: LinkageSettings
    onProgress?: (progress: DetectionProgress) => Promise<void> | void
  },
): Promise<DuplicateGroup[]> {
  const settings = options.settings ?? detectionSettings
  const linkage = options.linkage ?? linkageSettings
  await options.onProgress?.({ stage: 'keys', done: 0, total: 0 })
  const textKeys = options.freeTextKeys
  const rows = await listLinkRows(db, consultationId, {
    questionKeys: options.questionKeys,
    choiceKeys: options.questionKeys.filter((k) => !textKeys.includes(k)),
    textKeys,
    maxBlock: linkage.maxBlock,
    bands: answerBands,
  })
  const bursts = await listBursts(db, consultationId, { freeTextKeys: textKeys, ...settings })
  const responses = await countCounted(db, consultationId)

  const ids = rows.map((r) => r.id)
  const times = rows.map((r) => Number(r.at))
  const records: LinkRecord[] = rows.map((r) => ({
    email: normaliseEmail(r.email),
    phone: normalisePhone(r.phone),
    name: normaliseName(r.name),
    postcode: normalisePostcode(r.postcode) ?? normalisePostcode(r.district),
    answerBlocks: (r.block_keys ?? []).map((key, i) => ({ key, size: Number(r.block_sizes?.[i]) })),
    campaign: options.campaignOf?.get(r.id) ?? null,
  }))
  const pairs = candidatePairs(records, linkage)
  await options.onProgress?.({ stage: 'comparing', done: 0, total: pairs.length })

  // Most pairs are told apart by their choices alone; a pair whose texts decide how alike they
  // are has its answers fetched.
  const signatures = new SignatureSpace()
  const briefs: AnswerBrief[] = rows.map((r) => signatures.parse(r.signature))
  const similarity = new Map<number, number>()
  const pending: [number, number][] = []
  const pairKey = (a: number, b: number) => a * rows.length + b
  for (const [a, b] of pairs) {
    const bound = briefSimilarity(
      briefs[a] as AnswerBrief,
      briefs[b] as AnswerBrief,
      linkage.minSharedQuestions,
    )
    if (bound.exact || bound.upper < linkage.partialAnswers) similarity.set(pairKey(a, b), bound.upper)
    else pending.push([a, b])
  }
  const wanted = [...new Set(pending.flat())].sort((x, y) => x - y)
  const space = new AnswerSpace()
  const features = new Map<number, ReturnType<AnswerSpace['features']>>()
  const indexOf = new Map(ids.map((id, i) => [id, i]))
  for (let start = 0; start < wanted.length; start += batchResponses) {
    const slice = wanted.slice(start, start + batchResponses)
    for (const row of await listAnswersOf(
      db,
      slice.map((i) => ids[i] as string),
    ))
      features.set(indexOf.get(row.id) as number, space.features(row.answers))
    await options.onProgress?.({ stage: 'comparing', done: start + slice.length, total: wanted.length })
  }
  for (const [a, b] of pending) {
    const x = features.get(a)
    const y = features.get(b)
    similarity.set(pairKey(a, b), x && y ? featureSimilarity(x, y, 0, linkage.minSharedQuestions) : -1)
  }

  const linked = linkRecords(
    records,
    (a, b) => similarity.get(pairKey(a, b)) ?? -1,
    responses,
    linkage,
    pairs,
  )
  return [...linkedGroups(ids, times, linked.pairs), ...bursts.map((b) => burstGroup(b.ids))]
}
