import type { Audience } from './population.js'
import { type Table, table } from './sampling.js'
import type { DemoEvent, DemoTimeline } from './types.js'

// Engagement events during the consultation, all invented. Venues are described, not named, so
// no real building or organisation is said to have hosted anything. Each is placed at a share of
// the way through the window, so the same programme fits the reference dates and the live demo.

interface EventPlan extends Omit<DemoEvent, 'heldAt'> {
  /** How far through the window it is held, from 0 (opening) to 1 (closing). */
  at: number
  /** Starting hour, UK time. */
  hour: number
  crowd: Audience
}

const plans: EventPlan[] = [
  {
    key: 'launch-webinar',
    title: 'Launch webinar: what the proposals mean',
    at: 0.04,
    hour: 18,
    place: 'Online video meeting',
    format: 'online',
    audience: 'Anyone interested; open booking',
    partner: null,
    attendees: 64,
    countedBy: 'Peak number of people in the online meeting',
    crowd: {},
  },
  {
    key: 'highfields-community-drop-in',
    title: 'Community drop-in with interpreters',
    at: 0.12,
    hour: 11,
    place: 'A community centre in Highfields, Leicester',
    format: 'in_person',
    audience: 'African, Somali and South Asian residents; Somali, Urdu and Gujarati interpreters',
    partner: 'bridgeway-voices',
    attendees: 38,
    countedBy: 'Sign-in sheet',
    crowd: { area: { leicester: 12, leicestershire: 0.2 }, broadGroup: { black: 20, asian: 4, white: 0.2 } },
  },
  {
    key: 'marigold-wellbeing-morning',
    title: 'Women’s wellbeing morning',
    at: 0.2,
    hour: 10,
    place: 'A temple hall in Belgrave, Leicester',
    format: 'in_person',
    audience: 'South Asian women, in Gujarati and English',
    partner: 'marigold-circle',
    attendees: 27,
    countedBy: 'Sign-in sheet',
    crowd: {
      area: { leicester: 12, leicestershire: 0.4 },
      broadGroup: { asian: 15, white: 0.1 },
      sex: { male: 0.05 },
    },
  },
  {
    key: 'staff-briefing',
    title: 'Briefing for health and care staff',
    at: 0.24,
    hour: 13,
    place: 'Online video meeting',
    format: 'online',
    audience: 'Staff in mental health, primary care and social care',
    partner: null,
    attendees: 87,
    countedBy: 'Peak number of people in the online meeting (112 registered)',
    crowd: { relationship: { staff: 0.9, public: 0.1 }, age: { under_18: 0, '75_plus': 0.05 } },
  },
  {
    key: 'oakham-village-hall',
    title: 'Rural listening event',
    at: 0.3,
    hour: 14,
    place: 'A village hall near Oakham, Rutland',
    format: 'in_person',
    audience: 'Rural residents of Rutland and east Leicestershire',
    partner: 'hedgerow-rural-links',
    attendees: 45,
    countedBy: 'Head count by the facilitator at the start',
    crowd: {
      area: { rutland: 15, leicestershire: 1.5, leicester: 0.05 },
      age: { '65_74': 1.5, '75_plus': 2 },
    },
  },
  {
    key: 'carers-coffee-morning',
    title: 'Carers’ coffee morning',
    at: 0.36,
    hour: 10,
    place: 'A church hall in Loughborough',
    format: 'in_person',
    audience: 'Family members and carers',
    partner: 'kettle-and-crumpet',
    attendees: 22,
    countedBy: 'Sign-in sheet',
    crowd: {
      area: { leicestershire: 2, leicester: 0.5 },
      relationship: { family_carer: 0.8, uses_services: 0.05, public: 0.15 },
      carerOdds: 8,
    },
  },
  {
    key: 'campus-stall',
    title: 'Stall at a university campus',
    at: 0.42,
    hour: 12,
    place: 'A students’ union foyer in Leicester',
    format: 'in_person',
    audience: 'Students and young people',
    partner: 'skylark-youth',
    attendees: 140,
    countedBy: 'Conversations tallied by volunteers (an estimate)',
    crowd: {
      area: { leicester: 3 },
      age: { under_18: 6, '18_24': 10, '25_34': 1.5, '45_54': 0.1, '55_64': 0.05, '65_74': 0, '75_plus': 0 },
    },
  },
  {
    key: 'peer-support-forum',
    title: 'Peer support forum',
    at: 0.48,
    hour: 18,
    place: 'A community café in Leicester city centre',
    format: 'in_person',
    audience: 'People who use mental health services',
    partner: 'lanternlight',
    attendees: 19,
    countedBy: 'Sign-in sheet',
    crowd: { area: { leicester: 3 }, relationship: { uses_services: 0.85, family_carer: 0.1, public: 0.05 } },
  },
  {
    key: 'hinckley-market-stall',
    title: 'Market day information stall',
    at: 0.55,
    hour: 9,
    place: 'The market place, Hinckley',
    format: 'in_person',
    audience: 'Shoppers and passers-by',
    partner: null,
    attendees: 75,
    countedBy: 'Tally of conversations longer than a leaflet hand-out',
    crowd: { area: { leicestershire: 4, leicester: 0.2, rutland: 0.2 } },
  },
  {
    key: 'melton-public-meeting',
    title: 'Public meeting',
    at: 0.62,
    hour: 19,
    place: 'A community hall in Melton Mowbray',
    format: 'in_person',
    audience: 'Residents of Melton and the surrounding villages',
    partner: null,
    attendees: 52,
    countedBy: 'Head count by the facilitator at the start',
    crowd: { area: { leicestershire: 4, rutland: 2, leicester: 0.1 }, age: { '55_64': 1.5, '65_74': 1.5 } },
  },
  {
    key: 'carers-online-evening',
    title: 'Carers’ evening online',
    at: 0.68,
    hour: 19,
    place: 'Online video meeting',
    format: 'online',
    audience: 'Carers who cannot get out in the day',
    partner: 'kettle-and-crumpet',
    attendees: 31,
    countedBy: 'Peak number of people in the online meeting',
    crowd: { relationship: { family_carer: 0.85, public: 0.15 }, carerOdds: 8 },
  },
  {
    key: 'coalville-community-event',
    title: 'Community health event',
    at: 0.74,
    hour: 11,
    place: 'A leisure centre in Coalville',
    format: 'in_person',
    audience: 'Families and residents of north west Leicestershire',
    partner: null,
    attendees: 33,
    countedBy: 'Sign-in sheet',
    crowd: { area: { leicestershire: 5, leicester: 0.1 } },
  },
  {
    key: 'young-people-online',
    title: 'Young people’s online session',
    at: 0.8,
    hour: 17,
    place: 'Online video meeting',
    format: 'online',
    audience: 'Young people aged 16 to 25',
    partner: 'skylark-youth',
    attendees: 17,
    countedBy: 'Peak number of people in the online meeting',
    crowd: {
      age: {
        under_18: 8,
        '18_24': 8,
        '25_34': 0.5,
        '35_44': 0.05,
        '45_54': 0,
        '55_64': 0,
        '65_74': 0,
        '75_plus': 0,
      },
    },
  },
  {
    key: 'closing-webinar',
    title: 'Final week webinar: last chance to ask questions',
    at: 0.93,
    hour: 18,
    place: 'Online video meeting',
    format: 'online',
    audience: 'Anyone interested; open booking',
    partner: null,
    attendees: 48,
    countedBy: 'Peak number of people in the online meeting',
    crowd: {},
  },
]

const hourMs = 60 * 60 * 1000
const dayMs = 24 * hourMs
/** The window is in British Summer Time in the reference case; an hour out in winter is harmless. */
const ukOffsetMs = hourMs

function heldAt(plan: EventPlan, timeline: DemoTimeline): Date {
  const opens = timeline.opensAt.getTime()
  const closes = timeline.closesAt.getTime()
  const around = opens + plan.at * (closes - opens)
  const dayStart = Math.floor((around + ukOffsetMs) / dayMs) * dayMs - ukOffsetMs
  const start = dayStart + plan.hour * hourMs
  // A very short window may not have the planned day and hour in it: keep the share instead.
  return new Date(start >= opens && start + 3 * hourMs <= closes ? start : around)
}

export function demoEvents(timeline: DemoTimeline): DemoEvent[] {
  return plans.map((plan) => ({
    key: plan.key,
    title: plan.title,
    heldAt: heldAt(plan, timeline),
    place: plan.place,
    format: plan.format,
    audience: plan.audience,
    partner: plan.partner,
    attendees: plan.attendees,
    countedBy: plan.countedBy,
  }))
}

export const eventCrowds: Record<string, Audience> = Object.fromEntries(plans.map((p) => [p.key, p.crowd]))

// Forms are filled in at in-person events; online ones mostly send people to the website instead.
export const eventTable: Table<string> = table(
  plans.map((p) => [p.key, p.attendees * (p.format === 'in_person' ? 0.6 : 0.15)] as const),
)
