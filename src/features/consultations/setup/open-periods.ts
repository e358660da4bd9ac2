import type { ConsultationStatus } from '../../../platform/db/schema.js'

// How long a consultation was open, from its status history: the figure behind "open for twelve
// weeks" (Gunning 3, adequate time), whichever way it was opened, closed or reopened.

export interface OpenPeriod {
  from: Date
  /** When it closed; undefined while it is still open. */
  to: Date | undefined
}

const dayMs = 86_400_000

/** Each stretch during which the consultation was open, oldest first. */
export function openPeriods(history: { to_status: ConsultationStatus; changed_at: Date }[]): OpenPeriod[] {
  const periods: OpenPeriod[] = []
  let openedAt: Date | undefined
  for (const step of history) {
    if (step.to_status === 'open' && !openedAt) openedAt = step.changed_at
    else if (step.to_status !== 'open' && openedAt) {
      periods.push({ from: openedAt, to: step.changed_at })
      openedAt = undefined
    }
  }
  if (openedAt) periods.push({ from: openedAt, to: undefined })
  return periods
}

/** A length of time in whole weeks and days, rounded to the nearest hour's day (clock changes). */
export function weeksAndDays(from: Date, to: Date): { weeks: number; days: number } {
  const days = Math.round((to.getTime() - from.getTime()) / dayMs)
  return { weeks: Math.floor(days / 7), days: days % 7 }
}
