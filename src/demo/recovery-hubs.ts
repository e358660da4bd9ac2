import type { Kysely } from 'kysely'
import type { ConsultationService } from '../features/consultations/index.js'
import type { ResponseService } from '../features/responses/index.js'
import { systemActor } from '../platform/audit/audit-log.js'
import type { Database } from '../platform/db/schema.js'
import { agreementScale, dontKnow } from '../questionnaire/definition.js'
import { choiceWithPreferNot, proposalQuestions, relationshipQuestion } from '../questionnaire/library.js'
import { anyName, fullName } from './generator/names.js'
import { seededRandom, seededUuid, weightedPick } from './random.js'
import { areaOptions } from './reference-questionnaire.js'
import { insertEvents, linkResponsesToEvent } from './repository.js'

// A second demo consultation modelled on the Mental Health Recovery Hubs case that a council's
// scrutiny commission received late (see issue 24): 749 engagements, some of them the same person
// at several events. Invented for the demo; no view is attributed to a real person or body.

export const recoveryHubsSlug = 'mental-health-recovery-hubs'

/** Engagements at events; 640 people, of whom 79 came to two events and 15 to three. */
export const recoveryHubsEngagements = 749
const repeatVisits: readonly number[] = [...Array<number>(79).fill(2), ...Array<number>(15).fill(3)]
const people = recoveryHubsEngagements - repeatVisits.reduce((sum, visits) => sum + visits - 1, 0)

export const recoveryHubsTimeline = {
  opensAt: new Date('2021-10-04T08:00:00Z'),
  closesAt: new Date('2021-12-12T23:59:59Z'),
}

const consultation = {
  slug: recoveryHubsSlug,
  title: 'Mental Health Recovery Hubs',
  summary:
    'Engagement on recovery hubs: community places where adults recovering from mental ill health can drop in for support, activities and advice, run with voluntary-sector partners.',
  proposals: [
    {
      title: 'Community recovery hubs',
      summary:
        'Recovery hubs in community venues across the city and county, open in the day and some evenings.',
      whatWouldChange:
        'People leaving hospital or specialist care would have a local hub to go to, with peer support workers and voluntary groups.',
      whoIsAffected:
        'Adults recovering from mental ill health, their families and carers, and voluntary groups.',
    },
  ],
}

const questionnaire = {
  sections: [
    {
      key: 'about_your_response',
      title: 'About your response',
      questions: [
        relationshipQuestion('mental health services'),
        choiceWithPreferNot('area', 'Where do you live?', areaOptions),
      ],
    },
    { key: 'hubs', title: 'Recovery hubs', questions: proposalQuestions(consultation.proposals) },
  ],
}

// Service users, family members and carers, and potential future users (the public) make up most.
const relationships = [
  'uses_services',
  'family_carer',
  'public',
  'staff',
  'organisation',
  'prefer_not_to_say',
]
const relationshipWeights = [0.38, 0.22, 0.25, 0.1, 0.02, 0.03]
const areas = ['leicester', 'leicestershire', 'rutland']
const areaWeights = [0.55, 0.38, 0.07]
const agreement = [...agreementScale, dontKnow].map((o) => o.value)
const agreementWeights = [0.34, 0.33, 0.14, 0.08, 0.05, 0.06]

const weekMs = 7 * 24 * 60 * 60 * 1000
/** Eight engagement events, a week apart; a person who came more than once came to different ones. */
const hubEvents = Array.from({ length: 8 }, (_, i) => ({
  key: `hubs-${i + 1}`,
  title: `Recovery hubs engagement event ${i + 1}`,
  heldAt: new Date(recoveryHubsTimeline.opensAt.getTime() + i * weekMs + 2 * 60 * 60 * 1000),
  place: i % 2 === 0 ? 'A community centre' : 'A library meeting room',
  format: 'in_person' as const,
  audience: 'People who use mental health services, families and carers, and the public',
  partner: null,
  attendees: 0,
  countedBy: 'Sign-in sheet',
}))

/**
 * The consultation, closed and decided, with one response per engagement: a person at several
 * events answered alike each time and signed in with the same name and email, as duplicate
 * detection would find (an email alone leaves two engagements a possible match for someone to
 * decide: a household may share one). Who gave no email left no name either.
 */
export async function loadRecoveryHubs(
  deps: { db: Kysely<Database>; consultations: ConsultationService; responses: ResponseService },
  seed: number,
): Promise<{ consultationId: string; responses: number }> {
  const random = seededRandom(seed + 749)
  // Names on the sign-in sheets come from a stream of their own, so the answers are drawn as before.
  const names = seededRandom(seed + 7490)
  const consultationId = await deps.consultations.createPublished(
    { ...consultation, status: 'decided', ...recoveryHubsTimeline, questionnaire },
    systemActor,
  )
  const version = await deps.consultations.getLatestQuestionnaire(consultationId)
  const eventIds = await insertEvents(deps.db, consultationId, hubEvents, new Map())
  const keysByEvent = hubEvents.map((): string[] => [])
  const span = recoveryHubsTimeline.closesAt.getTime() - recoveryHubsTimeline.opensAt.getTime()
  let stored = 0
  for (let person = 0; person < people; person++) {
    const answers: Record<string, string> = {
      relationship: weightedPick(random, relationships, relationshipWeights),
      area: weightedPick(random, areas, areaWeights),
      p1_agreement: weightedPick(random, agreement, agreementWeights),
    }
    const visits = repeatVisits[person] ?? 1
    // Everyone who came more than once signed in with an email; most others gave one too.
    const email = visits > 1 || random() < 0.6 ? `hubs.person${person + 1}@example.org` : null
    const name = fullName(anyName(names))
    const firstEvent = Math.floor(random() * hubEvents.length)
    for (let visit = 0; visit < visits; visit++) {
      const event = (firstEvent + visit) % hubEvents.length
      const submissionKey = seededUuid(random)
      keysByEvent[event]?.push(submissionKey)
      await deps.responses.storeResponse({
        consultationId,
        questionnaireVersionId: version.id,
        submissionKey,
        channel: 'event',
        answers,
        submittedAt:
          hubEvents[event]?.heldAt ?? new Date(recoveryHubsTimeline.opensAt.getTime() + random() * span),
        actor: systemActor,
        contact: email ? { name, email, consentToContact: false } : undefined,
      })
      stored++
    }
  }
  for (const [i, event] of hubEvents.entries())
    await linkResponsesToEvent(deps.db, eventIds.get(event.key) ?? '', keysByEvent[i] ?? [])
  return { consultationId, responses: stored }
}
