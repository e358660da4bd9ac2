import type { Kysely } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { type BucketKind, listAnswerHashGroups, listAnswersOf, listKeyBuckets } from '../repository.js'
import { type AnswerFeatures, AnswerSpace, featureSimilarity, SignatureSpace } from './answer-features.js'
import {
  burstGroup,
  type DetectionSettings,
  type DuplicateGroup,
  DuplicateLinker,
  detectionSettings,
  type MatchReason,
  type PendingPair,
} from './duplicates.js'

// Duplicate detection over a whole consultation. The database narrows the candidates first: it
// groups responses by each key and returns only the groups of more than one, as lists of ids.
// Answers are then fetched a few thousand responses at a time and compared only within those
// groups, so memory holds the ids of candidates, never every response's answers at once.

export interface DetectionProgress {
  stage: 'keys' | 'comparing' | 'campaigns' | 'storing'
  done: number
  total: number
}

const reasonOf: Record<BucketKind, MatchReason> = {
  email: 'same_email',
  phone: 'same_phone',
  name: 'same_name_and_district',
}

/** How many responses' answers are held at once while comparing. */
const batchResponses = 5000

export async function findDuplicateGroups(
  db: Kysely<Database>,
  consultationId: string,
  options: {
    salt: string
    freeTextKeys: string[]
    /** Every question's key, in a fixed order, for the answers in brief. */
    questionKeys: string[]
    settings?: DetectionSettings
    onProgress?: (progress: DetectionProgress) => Promise<void> | void
  },
): Promise<DuplicateGroup[]> {
  const settings = options.settings ?? detectionSettings
  await options.onProgress?.({ stage: 'keys', done: 0, total: 0 })
  const [buckets, hashGroups] = await Promise.all([
    listKeyBuckets(db, consultationId, options.questionKeys),
    listAnswerHashGroups(db, consultationId, {
      salt: options.salt,
      freeTextKeys: options.freeTextKeys,
      minAnswersSize: settings.minAnswersSize,
      minChoiceSize: settings.minAnswersSize,
      burstSize: settings.burstSize,
      burstSeconds: settings.burstSeconds,
    }),
  ])

  const indexOf = new Map<string, number>()
  const ids: string[] = []
  const times: number[] = []
  const number = (id: string, at: number) => {
    let index = indexOf.get(id)
    if (index === undefined) {
      index = ids.length
      indexOf.set(id, index)
      ids.push(id)
      times.push(at)
    }
    return index
  }
  const numbered = (group: { ids: string[]; times: number[] }) =>
    group.ids.map((id, i) => number(id, Number(group.times[i])))
  const bucketMembers = buckets.map((bucket) => ({
    bucket,
    reason: reasonOf[bucket.kind],
    members: numbered(bucket),
  }))
  const identical = hashGroups.filter((g) => g.kind === 'identical').map((g) => ({ g, members: numbered(g) }))
  const linker = new DuplicateLinker(ids, times, settings)
  for (const { g, members } of identical)
    linker.linkIdentical(
      members.map((index, i) => ({
        index,
        emailKey: g.email_keys?.[i] ?? null,
        nameKey: g.name_keys?.[i] ?? null,
      })),
    )

  // Pairs whose texts could still make them alike enough are set aside, their answers fetched later.
  const signatures = new SignatureSpace()
  const pending: PendingPair[] = []
  let done = 0
  for (const { bucket, reason, members } of bucketMembers) {
    const briefs = bucket.signatures.map((s) => signatures.parse(s))
    for (const pair of linker.linkBriefs(members, briefs, reason)) pending.push(pair)
    done++
    if (done % 5000 === 0)
      await options.onProgress?.({ stage: 'comparing', done, total: bucketMembers.length })
  }

  const wanted = [...new Set(pending.flatMap((p) => [p.a, p.b]))].sort((x, y) => x - y)
  const total = bucketMembers.length + wanted.length
  const space = new AnswerSpace()
  const features = new Map<number, AnswerFeatures>()
  for (let start = 0; start < wanted.length; start += batchResponses) {
    const slice = wanted.slice(start, start + batchResponses)
    for (const row of await listAnswersOf(
      db,
      slice.map((i) => ids[i] as string),
    ))
      features.set(indexOf.get(row.id) as number, space.features(row.answers))
    await options.onProgress?.({ stage: 'comparing', done: done + start + slice.length, total })
  }
  for (const p of pending) {
    const x = features.get(p.a)
    const y = features.get(p.b)
    if (x && y) linker.linkPair(p.a, p.b, p.reason, featureSimilarity(x, y, settings.similarity))
  }

  const bursts = hashGroups.filter((g) => g.kind === 'burst').map((g) => burstGroup(g.ids))
  return [...linker.groups(), ...bursts]
}
