import { namespaceOf, orderedUuid, seededRandom } from '../random.js'
import type { Draft } from './answers.js'
import { campaignResponse } from './campaign.js'
import { windowOf } from './channels.js'
import { exactDuplicate, nearDuplicate, recentOriginals, remember } from './duplicates.js'
import { demoEvents } from './events.js'
import { individualResponse } from './individuals.js'
import { organisationResponse } from './organisations.js'
import { uniqueReference } from './references.js'
import type { DemoTimeline, GeneratedResponse } from './types.js'

// Synthetic responses to the reference consultation, with the truth about each one. Pure and
// deterministic: the same seed and timeline give the same stream, and response i never depends on
// how many are asked for, so a short run is a prefix of a long one. It streams: memory holds the
// references used so far and a bounded pool of recent originals that duplicates are copied from.

/** Target shares of all responses; each response rolls once against them. */
export const plantedShares = {
  exactDuplicate: 0.02,
  nearDuplicate: 0.015,
  campaign: 0.03,
  organisation: 0.005,
}

/** Recent originals kept for duplicates to copy: a second go usually comes soon after the first. */
const poolSize = 400

export interface GenerateOptions {
  seed: number
  count: number
  timeline: DemoTimeline
}

export function* generateResponses(options: GenerateOptions): Generator<GeneratedResponse> {
  const random = seededRandom(options.seed)
  const submissions = namespaceOf(`submission:${options.seed}`)
  const w = windowOf(options.timeline)
  const events = new Map(demoEvents(options.timeline).map((e) => [e.key, e]))
  const references = new Set<number>()
  const pool = recentOriginals(poolSize)
  const { exactDuplicate: exact, nearDuplicate: near, campaign, organisation } = plantedShares
  let people = 0
  for (let index = 0; index < options.count; index++) {
    const roll = random()
    let draft: Draft | null = null
    if (roll < exact) draft = exactDuplicate(random, w, pool)
    else if (roll < exact + near) draft = nearDuplicate(random, w, pool)
    else if (roll < exact + near + campaign) draft = campaignResponse(random, w, ++people)
    else if (roll < exact + near + campaign + organisation) draft = organisationResponse(random, w, ++people)
    // Until the pool has someone to copy, a duplicate's turn goes to a new person.
    draft ??= individualResponse(random, w, events, ++people)
    const response: GeneratedResponse = {
      index,
      reference: uniqueReference(random, references),
      submissionKey: orderedUuid(submissions, index),
      ...draft.response,
    }
    if (!response.truth.duplicate) remember(random, pool, w, response, draft.comments)
    yield response
  }
}

// What callers and tests need beside the stream: the partners and events it refers to, and the
// truths it plants.
export { campaignKey } from './campaign.js'
export { themeBank } from './comment-bank.js'
export { sentimentOf } from './comments.js'
export { demoEvents } from './events.js'
export { plantedEffects } from './opinions.js'
export { demoPartners } from './partners.js'
