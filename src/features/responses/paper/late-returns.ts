import { londonWallClock } from '../../../platform/time/london.js'

// Which paper returns are late. Paper carries a received day, not a time, so the rule works in UK
// calendar days: a paper that arrives on the deadline's day is on time.

/** The postal deadline decides; a consultation without one closes to post when it closes online. */
export function postalDeadline(consultation: { postal_deadline_at: Date | null; closes_at: Date }): Date {
  return consultation.postal_deadline_at ?? consultation.closes_at
}

/** Whether a paper received on this UK day (YYYY-MM-DD) is after the deadline's UK day. */
export function isLateReturn(receivedOn: string, deadline: Date): boolean {
  return receivedOn > londonWallClock(deadline).date
}

export interface LateCounts {
  late: number
  admitted: number
  refused: number
  undecided: number
}
