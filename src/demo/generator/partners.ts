import type { Audience } from './population.js'
import { type Table, table } from './sampling.js'
import type { DemoPartner } from './types.js'

// Voluntary and community sector partners who helped people take part. All six are invented; the
// names are chosen not to match real organisations, so no view is ever attributed to one.

export const demoPartners: DemoPartner[] = [
  { key: 'lanternlight', name: 'Lanternlight Peer Support' },
  { key: 'kettle-and-crumpet', name: 'Kettle and Crumpet Carers’ Club' },
  { key: 'bridgeway-voices', name: 'Bridgeway Voices' },
  { key: 'marigold-circle', name: 'Marigold Circle Women’s Wellbeing Group' },
  { key: 'hedgerow-rural-links', name: 'Hedgerow Rural Links' },
  { key: 'skylark-youth', name: 'Skylark Youth Collective' },
]

// Partners reached people the questionnaire alone did not: that is why they were asked to help.
export const partnerAudiences: Record<string, Audience> = {
  lanternlight: {
    area: { leicester: 3, leicestershire: 0.6 },
    relationship: { uses_services: 0.8, family_carer: 0.1, public: 0.1 },
  },
  'kettle-and-crumpet': {
    area: { leicestershire: 1.5, leicester: 0.6 },
    age: { under_18: 0.2, '18_24': 0.3 },
    relationship: { family_carer: 0.75, uses_services: 0.1, public: 0.15 },
    carerOdds: 6,
  },
  'bridgeway-voices': {
    area: { leicester: 10, leicestershire: 0.3, rutland: 0.1 },
    broadGroup: { black: 30, other: 10, mixed: 2, white: 0.3 },
  },
  'marigold-circle': {
    area: { leicester: 10, leicestershire: 0.6, rutland: 0.1 },
    broadGroup: { asian: 15, white: 0.1 },
    sex: { male: 0.05 },
  },
  'hedgerow-rural-links': {
    area: { rutland: 12, leicestershire: 1.5, leicester: 0.05 },
    age: { '65_74': 2, '75_plus': 3 },
  },
  'skylark-youth': {
    area: { leicester: 2 },
    age: {
      under_18: 8,
      '18_24': 8,
      '25_34': 1.5,
      '45_54': 0.1,
      '55_64': 0.05,
      '65_74': 0.02,
      '75_plus': 0.01,
    },
  },
}

/** Which partner helped, for a partner-assisted response. */
export const partnerTable: Table<string> = table([
  ['lanternlight', 0.14],
  ['kettle-and-crumpet', 0.16],
  ['bridgeway-voices', 0.18],
  ['marigold-circle', 0.22],
  ['hedgerow-rural-links', 0.12],
  ['skylark-youth', 0.18],
])
