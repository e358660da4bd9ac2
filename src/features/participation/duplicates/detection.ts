import type { Kysely } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import {
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePostcode,
} from '../../../platform/identity/normalise.js'
import {
  countCounted,
  type LinkRow,
  listAnswersOf,
  listBursts,
  listLinkRows,
  sharedBlocks,
} from '../repository.js'
import {
  type AnswerFeatures,
  AnswerSpace,
  briefSimilarity,
  briefsOf,
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
import { candidatePairs, type LinkageSettings, linkageSettings, linkRecords } from './linkage.js'
import { columnsOf } from './record-columns.js'

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
    /** The profile questions' keys (who someone is), compared as a field of their own. */
    profileKeys: string[]
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
  // Bursts and the count on connections of their own while the blocks are counted: each query
  // waits on the database, and the blocks' rows on this process to read them. The rows become
  // columns as soon as they are read and are not held: a million rows kept to the end cost 0.6 GB.
  const [{ ids, times, columns, briefs }, bursts, responses] = await Promise.all([
    listLinkRows(db, consultationId, {
      questionKeys: options.questionKeys,
      choiceKeys: options.questionKeys.filter((k) => !textKeys.includes(k)),
      textKeys,
      profileKeys: options.profileKeys,
      maxBlock: linkage.maxAnswerBlock,
      bands: answerBands,
    }).then((rows) =>
      prepare(rows, options.questionKeys.length, options.profileKeys.length, options.campaignOf),
    ),
    listBursts(db, consultationId, { freeTextKeys: textKeys, ...settings }),
    countCounted(db, consultationId),
  ])
  const pairs = candidatePairs(columns, linkage)
  await options.onProgress?.({ stage: 'comparing', done: 0, total: pairs.a.length })

  // Most pairs are told apart by their answers in brief; a pair whose texts decide how alike
  // they are has its answers fetched (see linkRecords), a batch at a time, so memory holds the
  // answers of at most `batchResponses` responses.
  const space = new AnswerSpace()
  let fetched = 0
  const linked = await linkRecords(
    columns,
    pairs,
    responses,
    {
      bound: (a, b, into) => briefSimilarity(briefs, a, b, linkage.minSharedQuestions, into),
      async fetch(list) {
        const ordered = list
          .map((pair, i) => ({ pair, i }))
          .sort((x, y) => x.pair[0] - y.pair[0] || x.pair[1] - y.pair[1])
        const similarities = new Array<number>(list.length).fill(-1)
        for (let start = 0; start < ordered.length; ) {
          const wanted = new Set<number>()
          let end = start
          for (; end < ordered.length && wanted.size < batchResponses; end++)
            for (const i of ordered[end]?.pair ?? []) wanted.add(i)
          const features = new Map<string, AnswerFeatures>()
          for (const row of await listAnswersOf(
            db,
            [...wanted].map((i) => ids[i] as string),
          ))
            features.set(row.id, space.features(row.answers))
          for (const { pair, i } of ordered.slice(start, end)) {
            const x = features.get(ids[pair[0]] as string)
            const y = features.get(ids[pair[1]] as string)
            if (x && y) similarities[i] = featureSimilarity(x, y, 0, linkage.minSharedQuestions)
          }
          fetched += end - start
          start = end
          await options.onProgress?.({ stage: 'comparing', done: fetched, total: pairs.a.length })
        }
        return similarities
      },
    },
    linkage,
  )
  return [...linkedGroups(ids, times, linked.pairs), ...bursts.map((b) => burstGroup(b.ids))]
}

/**
 * `normalise` remembered for each distinct value met in one run: a consultation's phones, names
 * and emails recur (a household, a common name), and parsing a phone is the costly part.
 */
function remembered<T>(normalise: (raw: string | null) => T): (raw: string | null) => T {
  const seen = new Map<string, T>()
  return (raw) => {
    if (raw === null) return normalise(raw)
    if (seen.has(raw)) return seen.get(raw) as T
    const value = normalise(raw)
    seen.set(raw, value)
    return value
  }
}

/**
 * What linkage compares, from the rows as the database sent them: contact details normalised
 * (each distinct value once), answers in brief as numbers. The rows themselves are not kept.
 */
function prepare(
  rows: readonly LinkRow[],
  questions: number,
  profileWidth: number,
  campaignOf: ReadonlyMap<string, string> | undefined,
) {
  const signatures = new SignatureSpace()
  const email = remembered(normaliseEmail)
  const phone = remembered(normalisePhone)
  const name = remembered(normaliseName)
  const postcode = remembered(normalisePostcode)
  const columns = columnsOf(rows.length, profileWidth, (i) => {
    const r = rows[i] as LinkRow
    return {
      email: email(r.email),
      phone: phone(r.phone),
      name: name(r.name),
      postcode: postcode(r.postcode) ?? postcode(r.district),
      answerBlocks: sharedBlocks(r),
      campaign: campaignOf?.get(r.id) ?? null,
      profile: signatures.parse(r.profile).values,
    }
  })
  return {
    ids: rows.map((r) => r.id),
    times: Float64Array.from(rows, (r) => Number(r.at)),
    columns,
    briefs: briefsOf(rows.length, questions, (i) => signatures.parse((rows[i] as LinkRow).signature)),
  }
}
