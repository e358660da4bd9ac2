import { londonWallClock } from '../../platform/time/london.js'

// The rules of time on an agenda: how much notice a paper gave, when an item must be marked late,
// and when an action is overdue. Pure, on calendar days as UK clocks show them.

const dayMs = 24 * 60 * 60 * 1000

/** Whole days from one calendar day ("2021-11-22") to another; negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs)
}

/** The UK calendar day of an instant. */
export const londonDay = (at: Date): string => londonWallClock(at).date

export interface PaperNotice {
  /** Days between publication and the day of the meeting: 0 on the day, negative after it. */
  daysBefore: number
  /** Published with less notice than the committee's standard. */
  late: boolean
  /** Published after the meeting had begun its day: only an item marked late may cite it. */
  afterMeeting: boolean
}

export function paperNotice(publishedOn: string, meetingStartsAt: Date, noticeDays: number): PaperNotice {
  const daysBefore = daysBetween(publishedOn, londonDay(meetingStartsAt))
  return { daysBefore, late: daysBefore < noticeDays, afterMeeting: daysBefore < 0 }
}

/** An open action whose due day has passed. */
export function isOverdue(action: { status: string; due_on: string }, today: string): boolean {
  return action.status === 'open' && action.due_on < today
}

/** The next status a meeting may move to, in the one order they happen. */
export const nextMeetingStatus = {
  scheduled: 'held',
  held: 'minutes_approved',
  minutes_approved: undefined,
} as const

/** Whether the meeting's record (minutes, resolutions) is settled, so that changes are corrections. */
export const isHeld = (status: string): boolean => status !== 'scheduled'
