import type { ResponseChannel } from '../../platform/db/schema.js'
import { type Random, table } from './sampling.js'
import type { DemoEvent, DemoTimeline, GeneratedResponse } from './types.js'

// How responses arrive and when. Online answers pile up towards the close, as they do in real
// consultations; paper takes days in the post and counts if it arrives by the postal deadline;
// partners and events collect answers on the day and pass them on later.

/** Channels of responses that are not duplicates, campaign or organisation responses. */
export const channelTable = table<ResponseChannel>([
  ['online', 0.742],
  ['paper', 0.139],
  ['partner', 0.064],
  ['event', 0.043],
  ['letter', 0.008],
  ['email', 0.004],
])

/** Share of paper responses that arrive after the postal deadline: about 0.5% of all responses. */
export const lateShareOfPaper = 0.037

export interface Timing {
  startedAt: Date | null
  submittedAt: Date
  receivedAt: Date
  late: boolean
}

export interface Window {
  opens: number
  closes: number
  postal: number
  span: number
  /** The latest moment an online answer is taken: a minute before the close. */
  lastOnline: number
}

const minute = 60 * 1000
const hour = 60 * minute
const day = 24 * hour
/** The reference window is in British Summer Time; an hour out in winter is harmless here. */
const ukOffset = hour

export function windowOf(timeline: DemoTimeline): Window {
  const opens = timeline.opensAt.getTime()
  const closes = timeline.closesAt.getTime()
  const postal = timeline.postalDeadlineAt.getTime()
  if (!(closes - opens > hour) || postal < closes)
    throw new Error('the timeline must open, close, then end for post')
  return { opens, closes, postal, span: closes - opens, lastOnline: closes - minute }
}

/** How busy each hour of the day is (UK time): quiet overnight, busiest in the evening. */
const hourWeight = [
  0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.35, 0.55, 0.75, 0.85, 0.85, 0.9, 0.85, 0.8, 0.75, 0.7, 0.7, 0.8,
  0.95, 1, 0.95, 0.7, 0.35,
]

const ukHour = (t: number) => Math.floor(((((t + ukOffset) % day) + day) % day) / hour)

/** A moment in [from, to) at a share drawn by `share`, kept or redrawn by how busy its hour is. */
function busyMoment(random: Random, from: number, to: number, share: (random: Random) => number): number {
  for (;;) {
    const t = from + share(random) * (to - from)
    if (random() < (hourWeight[ukHour(t)] ?? 0)) return t
  }
}

// Online answers: a burst at launch, a steady flow, then a rising tide in the last weeks and a
// rush in the final days.
function onlineShare(random: Random): number {
  const r = random()
  if (r < 0.1) return 0.08 * random()
  if (r < 0.55) return random()
  if (r < 0.85) return 1 - 0.25 * (1 - Math.sqrt(random()))
  return 1 - 0.04 * random()
}

/** The same day at a time in office hours, when post is opened and forms are typed up. */
function officeHours(random: Random, t: number): number {
  const dayStart = Math.floor((t + ukOffset) / day) * day - ukOffset
  return dayStart + 9 * hour + random() * 8 * hour
}

const clamp = (t: number, low: number, high: number) => Math.min(high, Math.max(low, t))

/** Time spent on the form: usually minutes, sometimes saved and finished hours or days later. */
function timeOnForm(random: Random): number {
  const r = random()
  if (r < 0.75) return 3 * minute + random() * random() * 42 * minute
  if (r < 0.93) return hour + random() * 11 * hour
  return day + random() * 5 * day
}

export function onlineTiming(random: Random, w: Window): Timing {
  const submitted = busyMoment(random, w.opens, w.lastOnline, onlineShare)
  return {
    startedAt: new Date(Math.max(w.opens, submitted - timeOnForm(random))),
    submittedAt: new Date(submitted),
    receivedAt: new Date(submitted),
    late: false,
  }
}

export function emailTiming(random: Random, w: Window): Timing {
  const sent = busyMoment(random, w.opens, w.lastOnline, onlineShare)
  return { startedAt: null, submittedAt: new Date(sent), receivedAt: new Date(sent), late: false }
}

/** A paper questionnaire: filled in, posted, opened in the office a few days later. */
export function paperTiming(random: Random, w: Window, late: boolean): Timing {
  // Paper copies go out on request, so the first come back a little after the opening.
  const earliest = w.opens + 0.08 * w.span
  let received: number
  if (late) {
    received = officeHours(random, w.postal + (0.2 + 20 * random() * random()) * day)
    if (received <= w.postal) received += day
  } else {
    const endRush = w.closes - 0.25 * w.span
    const raw =
      random() < 0.5
        ? earliest + random() * (w.postal - earliest)
        : endRush + Math.sqrt(random()) * (w.postal - endRush)
    received = officeHours(random, raw)
    if (received > w.postal) received = w.postal - random() * 6 * hour
    received = Math.max(received, earliest)
  }
  const inPost = (late ? 2 + 10 * random() : 1.5 + 7.5 * random() * random()) * day
  const completed = clamp(received - inPost, w.opens + 0.05 * w.span, received)
  return { startedAt: null, submittedAt: new Date(completed), receivedAt: new Date(received), late }
}

/** Completed with a partner's help; some partners type answers in there and then, others batch them. */
export function partnerTiming(random: Random, w: Window): Timing {
  const submitted = busyMoment(random, w.opens + 0.05 * w.span, w.closes - hour, (r) => r() ** 0.8)
  const received =
    random() < 0.6
      ? submitted
      : clamp(officeHours(random, submitted + (1 + 6 * random()) * day), submitted, w.postal)
  return {
    startedAt: new Date(submitted - (10 + 40 * random()) * minute),
    submittedAt: new Date(submitted),
    receivedAt: new Date(received),
    late: false,
  }
}

/** Filled in at an event; paper forms from in-person events are typed up in the following days. */
export function eventTiming(random: Random, w: Window, event: DemoEvent): Timing {
  const submitted = Math.min(event.heldAt.getTime() + random() * 2 * hour, w.lastOnline)
  if (event.format === 'online') {
    return {
      startedAt: new Date(submitted - (5 + 15 * random()) * minute),
      submittedAt: new Date(submitted),
      receivedAt: new Date(submitted),
      late: false,
    }
  }
  const received = clamp(officeHours(random, submitted + (1 + 4 * random()) * day), submitted, w.postal)
  return { startedAt: null, submittedAt: new Date(submitted), receivedAt: new Date(received), late: false }
}

export function letterTiming(random: Random, w: Window): Timing {
  const dated = busyMoment(random, w.opens, w.lastOnline, onlineShare)
  const received = clamp(officeHours(random, dated + (1.5 + 4.5 * random()) * day), dated, w.postal)
  return { startedAt: null, submittedAt: new Date(dated), receivedAt: new Date(received), late: false }
}

/** A campaign spreads by word of mouth in a few weeks after its launch, past the middle of the window. */
export function campaignTiming(random: Random, w: Window, byEmail: boolean): Timing {
  const submitted = busyMoment(random, w.opens, w.lastOnline, (r) => 0.55 + 0.3 * r() ** 1.5)
  return {
    startedAt: byEmail ? null : new Date(submitted - (2 + 8 * random()) * minute),
    submittedAt: new Date(submitted),
    receivedAt: new Date(submitted),
    late: false,
  }
}

type Sent = Pick<GeneratedResponse, 'channel' | 'late' | 'submittedAt' | 'receivedAt'>

/** Whether a response leaves time in the window for the same person to send another. */
export function hasRoomAfter(w: Window, response: Sent): boolean {
  if (response.late) return false
  switch (response.channel) {
    case 'online':
    case 'email':
      return w.lastOnline - response.submittedAt.getTime() >= hour
    case 'paper':
    case 'letter':
      return w.postal - response.receivedAt.getTime() >= day
    default:
      return false
  }
}

/** A second submission by the same person through the same channel, later than the first. */
export function laterTiming(random: Random, w: Window, first: Sent): Timing {
  const submittedBefore = first.submittedAt.getTime()
  if (first.channel === 'online' || first.channel === 'email') {
    const submitted =
      submittedBefore + Math.max(minute, (w.lastOnline - submittedBefore) * (0.02 + 0.6 * random()))
    return {
      startedAt:
        first.channel === 'online'
          ? new Date(Math.max(submitted - timeOnForm(random), submittedBefore))
          : null,
      submittedAt: new Date(submitted),
      receivedAt: new Date(submitted),
      late: false,
    }
  }
  const receivedBefore = first.receivedAt.getTime()
  const received = receivedBefore + (w.postal - receivedBefore) * (0.1 + 0.8 * random())
  const submitted = submittedBefore + (received - submittedBefore) * (0.3 + 0.4 * random())
  return { startedAt: null, submittedAt: new Date(submitted), receivedAt: new Date(received), late: false }
}
