import type { ConsultationStatus } from '../../../platform/db/schema.js'

// The consultation lifecycle as plain rules: which status may follow which, and why a step is
// refused. The service applies them; the timed job asks which step is due.

export const lifecycleOrder: readonly ConsultationStatus[] = [
  'draft',
  'scheduled',
  'open',
  'closed',
  'analysing',
  'reporting',
  'decided',
  'following_up',
  'archived',
]

const nextSteps: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  draft: ['scheduled'],
  // A scheduled consultation can go back to draft for changes before it opens.
  scheduled: ['open', 'draft'],
  open: ['closed'],
  closed: ['analysing'],
  analysing: ['reporting'],
  reporting: ['decided'],
  // Following up is for decisions that lead to further work; otherwise a decided case is archived.
  decided: ['following_up', 'archived'],
  following_up: ['archived'],
  archived: [],
}

export interface LifecycleFacts {
  status: ConsultationStatus
  opensAt: Date
  closesAt: Date
  hasPublishedQuestionnaire: boolean
  now: Date
  /** Set only by the decisions feature, which records the decision in the same transaction. */
  viaDecisionRecord?: boolean
}

export type TransitionRefusal =
  | 'notNext'
  | 'noQuestionnaire'
  | 'closingPassed'
  | 'beforeOpening'
  | 'beforeClosing'
  | 'needsDecisionRecord'

export type TransitionCheck = { ok: true } | { ok: false; reason: TransitionRefusal }

/** Whether a consultation in this state may move to `to` now, and if not, why not. */
export function checkTransition(facts: LifecycleFacts, to: ConsultationStatus): TransitionCheck {
  if (!nextSteps[facts.status].includes(to)) return { ok: false, reason: 'notNext' }
  const { now, opensAt, closesAt } = facts
  if (to === 'scheduled') {
    if (!facts.hasPublishedQuestionnaire) return { ok: false, reason: 'noQuestionnaire' }
    if (closesAt <= now) return { ok: false, reason: 'closingPassed' }
  }
  if (to === 'open') {
    if (!facts.hasPublishedQuestionnaire) return { ok: false, reason: 'noQuestionnaire' }
    if (now < opensAt) return { ok: false, reason: 'beforeOpening' }
  }
  if (to === 'closed' && now < closesAt) return { ok: false, reason: 'beforeClosing' }
  // A decision is a record (body, meeting, resolutions, papers), not a status: it is made on the
  // decision page, which moves the lifecycle on when it is recorded.
  if (to === 'decided' && !facts.viaDecisionRecord) return { ok: false, reason: 'needsDecisionRecord' }
  return { ok: true }
}

/** Every step that may follow the current status, each with whether it is allowed now. */
export function possibleTransitions(facts: LifecycleFacts) {
  return nextSteps[facts.status].map((to) => ({ to, check: checkTransition(facts, to) }))
}

/**
 * The step the clock has made due: a scheduled consultation opens at its opening time, and an
 * open one closes at its closing time. A scheduled one whose whole window has passed opens and
 * then closes, so both steps stay in its history.
 */
export function dueTransition(facts: LifecycleFacts): ConsultationStatus | undefined {
  if (facts.status === 'scheduled' && checkTransition(facts, 'open').ok) return 'open'
  if (facts.status === 'open' && checkTransition(facts, 'closed').ok) return 'closed'
  return undefined
}

/**
 * Whether the consultation takes online responses at `at`: open, from its opening time to the
 * instant before its closing time. At the closing instant it has closed, whether or not the clock's
 * job has yet moved its status on.
 */
export function takesResponsesAt(
  consultation: { status: string; opensAt: Date; closesAt: Date },
  at: Date,
): boolean {
  return consultation.status === 'open' && consultation.opensAt <= at && at < consultation.closesAt
}

/** Details can be changed until the consultation closes. */
export function canEditDetails(status: ConsultationStatus): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'open'
}
