import { ageBandOptions, ethnicityOptions } from '../reference-questionnaire.js'
import { type Table, table } from './sampling.js'
import type { RespondentProfile } from './types.js'

// Who lives in Leicester, Leicestershire and Rutland, and who of them answers a consultation.
// Headline figures are the Census 2021 figures in SCENARIO.md; the finer splits (each ethnic
// category, each age band) are our approximations that add up to those headlines. Confirm them
// against the published tables (TS021 ethnic group, TS007A age) before quoting them as reference.

export type Area = RespondentProfile['area']
export type BroadGroup = 'asian' | 'black' | 'mixed' | 'white' | 'other'
export type Sex = 'female' | 'male'
export type Relationship = 'uses_services' | 'family_carer' | 'staff' | 'public'

const ageBands = ageBandOptions.map(([value]) => value)
const ethnicGroups = ethnicityOptions.map(([value]) => value)
export const broadGroupOf: Record<string, BroadGroup> = Object.fromEntries(
  ethnicityOptions.map(([value, , group]) => [value, group as BroadGroup]),
)

interface AreaPopulation {
  residents: number
  /** Shares of residents by ethnic category, in the order of `ethnicityOptions`, in per cent. */
  ethnicity: number[]
  /** Shares of residents aged 16 and over by age band (under_18 means 16 and 17), in per cent. */
  age: number[]
}

export const census: Record<Area, AreaPopulation> = {
  leicester: {
    residents: 368_600,
    // Asian 43.4 (Indian 34.3), Black 7.8, Mixed 3.8, White 40.9, Other 4.1.
    ethnicity: [
      1.6, 0.9, 34.3, 2.6, 4.0, 6.3, 0.9, 0.6, 1.0, 0.5, 1.3, 1.0, 33.2, 0.5, 0.1, 0.3, 6.8, 1.3, 2.8,
    ],
    age: [3, 16, 19, 17, 15, 12, 9, 9],
  },
  leicestershire: {
    residents: 712_300,
    // Asian 8.0, Black 1.3, Mixed 2.3, White 87.5, Other 0.9.
    ethnicity: [
      0.3, 0.5, 6.0, 0.5, 0.7, 0.8, 0.3, 0.2, 0.8, 0.3, 0.8, 0.4, 82.5, 0.5, 0.1, 0.1, 4.3, 0.3, 0.6,
    ],
    age: [3, 10, 14, 14, 16, 17, 14, 12],
  },
  rutland: {
    residents: 41_000,
    // Asian 1.2, Black 0.5, Mixed 1.0, White 97.0, Other 0.3.
    ethnicity: [0.1, 0.3, 0.4, 0.1, 0.3, 0.3, 0.1, 0.1, 0.3, 0.2, 0.3, 0.2, 92.5, 0.6, 0.1, 0, 3.8, 0.1, 0.2],
    age: [3, 8, 10, 12, 16, 18, 17, 16],
  },
  elsewhere: {
    // England and Wales as a whole, for the few who answer from outside the area.
    residents: 0,
    ethnicity: [
      1.1, 0.7, 3.1, 2.7, 1.7, 2.5, 1.0, 0.5, 0.8, 0.4, 0.9, 0.8, 74.4, 0.9, 0.1, 0.2, 6.1, 0.6, 1.5,
    ],
    age: [3, 11, 16, 16, 16, 15, 12, 11],
  },
}

/** Share of respondents from outside the area: people who work or care for someone here. */
const elsewhereShare = 0.03

// How likely each kind of resident is to answer, relative to others. The under-representation of
// Leicester's Asian residents and of people under 25, and the over-representation of older White
// women, are deliberate: reach analysis should find them.
export const responsePropensity = {
  leicesterAsian: 0.4,
  age: [0.35, 0.5, 0.85, 1, 1.15, 1.25, 1.15, 0.75],
  female: 1.35,
  olderWhiteWomen: 1.5,
  rutland: 1.3,
}

export interface Cell {
  area: Area
  ethnicGroup: string
  ageBand: string
  sex: Sex
}

/** What draws an audience (a partner's members, an event's crowd) away from the general mix. */
export interface Audience {
  area?: Partial<Record<Area, number>>
  broadGroup?: Partial<Record<BroadGroup, number>>
  age?: Partial<Record<string, number>>
  sex?: Partial<Record<Sex, number>>
  /** Replaces the usual mix of relationships. */
  relationship?: Partial<Record<Relationship, number>>
  /** Multiplies the odds of being a carer. */
  carerOdds?: number
}

/** The general mix of respondents, with no audience bending it. */
export const everyone: Audience = {}

const allAreas: Area[] = ['leicester', 'leicestershire', 'rutland', 'elsewhere']
const llrResidents = census.leicester.residents + census.leicestershire.residents + census.rutland.residents

function areaWeight(area: Area): number {
  if (area === 'elsewhere') return elsewhereShare
  return ((1 - elsewhereShare) * census[area].residents) / llrResidents
}

function propensity(cell: Cell, ageIndex: number): number {
  const group = broadGroupOf[cell.ethnicGroup]
  let weight = responsePropensity.age[ageIndex] ?? 1
  if (cell.sex === 'female') weight *= responsePropensity.female
  if (cell.area === 'leicester' && group === 'asian') weight *= responsePropensity.leicesterAsian
  if (cell.area === 'rutland') weight *= responsePropensity.rutland
  if (cell.sex === 'female' && group === 'white' && ageIndex >= 5)
    weight *= responsePropensity.olderWhiteWomen
  return weight
}

/** Respondents in proportion to residents times their propensity, bent by the audience. */
export function cellTable(audience: Audience = {}): Table<Cell> {
  const entries: [Cell, number][] = []
  for (const area of allAreas) {
    const population = census[area]
    for (let e = 0; e < ethnicGroups.length; e++) {
      const ethnicGroup = ethnicGroups[e] ?? ''
      const group = broadGroupOf[ethnicGroup] ?? 'other'
      for (let a = 0; a < ageBands.length; a++) {
        const ageBand = ageBands[a] ?? ''
        for (const sex of ['female', 'male'] as const) {
          const cell = { area, ethnicGroup, ageBand, sex }
          const weight =
            areaWeight(area) *
            ((population.ethnicity[e] ?? 0) / 100) *
            ((population.age[a] ?? 0) / 100) *
            propensity(cell, a) *
            (audience.area?.[area] ?? 1) *
            (audience.broadGroup?.[group] ?? 1) *
            (audience.age?.[ageBand] ?? 1) *
            (audience.sex?.[sex] ?? 1)
          if (weight > 0) entries.push([cell, weight])
        }
      }
    }
  }
  return table(entries)
}

/** Postcode districts, weighted roughly by how many people live in each. */
export const postcodeDistricts: Record<Area, Table<string>> = {
  leicester: table([
    ['LE1', 0.07],
    ['LE2', 0.25],
    ['LE3', 0.22],
    ['LE4', 0.24],
    ['LE5', 0.22],
  ]),
  leicestershire: table([
    ['LE7', 0.08],
    ['LE8', 0.07],
    ['LE9', 0.09],
    ['LE10', 0.08],
    ['LE11', 0.12],
    ['LE12', 0.09],
    ['LE13', 0.05],
    ['LE14', 0.03],
    ['LE16', 0.05],
    ['LE17', 0.06],
    ['LE18', 0.06],
    ['LE19', 0.05],
    ['LE65', 0.07],
    ['LE67', 0.1],
  ]),
  rutland: table([['LE15', 1]]),
  elsewhere: table([
    ['NG2', 0.1],
    ['NG9', 0.1],
    ['NG11', 0.1],
    ['CV10', 0.1],
    ['CV11', 0.1],
    ['CV21', 0.05],
    ['PE9', 0.15],
    ['DE12', 0.08],
    ['DE74', 0.07],
    ['NN17', 0.1],
    ['B37', 0.05],
  ]),
}

/** Places people would name when writing about where they live (rural phrasings only use these). */
export const townsOfDistrict: Record<string, readonly string[]> = {
  LE7: ['Syston', 'Anstey'],
  LE8: ['Kibworth', 'Blaby'],
  LE9: ['Earl Shilton', 'Broughton Astley'],
  LE10: ['Hinckley'],
  LE11: ['Loughborough'],
  LE12: ['Shepshed', 'Mountsorrel'],
  LE13: ['Melton'],
  LE14: ['the villages round Melton'],
  LE15: ['Oakham', 'Oakham', 'Uppingham'],
  LE16: ['Market Harborough'],
  LE17: ['Lutterworth'],
  LE18: ['Wigston'],
  LE19: ['Narborough', 'Enderby'],
  LE65: ['Ashby'],
  LE67: ['Coalville'],
  NG2: ['Nottingham'],
  NG9: ['Beeston'],
  NG11: ['Clifton'],
  CV10: ['Nuneaton'],
  CV11: ['Nuneaton'],
  CV21: ['Rugby'],
  PE9: ['Stamford'],
  DE12: ['Measham'],
  DE74: ['Kegworth'],
  NN17: ['Corby'],
  B37: ['Chelmsley Wood'],
}
