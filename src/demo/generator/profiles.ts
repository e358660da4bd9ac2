import type { ResponseChannel } from '../../platform/db/schema.js'
import { namespaceOf, pick } from '../random.js'
import type { Place, Voice } from './comment-bank.js'
import {
  drawName,
  emailFor,
  fullName,
  fullPostcode,
  nameGroupFor,
  type PersonName,
  phoneNumber,
} from './names.js'
import { drawAttitude, effectShifts } from './opinions.js'
import {
  type Audience,
  type Cell,
  cellTable,
  postcodeDistricts,
  type Relationship,
  townsOfDistrict,
} from './population.js'
import { religionFor } from './religions.js'
import { draw, type Random, type Table, table } from './sampling.js'
import type { Answers, RespondentContact, RespondentProfile } from './types.js'

// A respondent: who they are (the truth), how they describe themselves on the form (which agrees
// with the truth unless they skip a question or prefer not to say), and how they can be reached.

/** Someone a respondent writes about, with the pronouns that go with them. */
export interface Relative {
  noun: string
  he: string
  him: string
  his: string
}

export interface Person {
  profile: RespondentProfile
  religion: string
  district: string
  town: string
  place: Place
  voice: Voice | null
  name: PersonName
  relative: Relative
  /** Leaning across all proposals (see opinions.ts) and the planted shifts for this person. */
  attitude: number
  shifts: number[]
  /** Chance of writing a comment on any one proposal. */
  talk: number
  /** Left the About you section blank. */
  private: boolean
}

const relative = (noun: string, he: string, him: string, his: string): Relative => ({ noun, he, him, his })
const son = relative('my son', 'he', 'him', 'his')
const daughter = relative('my daughter', 'she', 'her', 'her')
const husband = relative('my husband', 'he', 'him', 'his')
const wife = relative('my wife', 'she', 'her', 'her')
const mum = relative('my mum', 'she', 'her', 'her')
const dad = relative('my dad', 'he', 'him', 'his')
const brother = relative('my brother', 'he', 'him', 'his')
const sister = relative('my sister', 'she', 'her', 'her')
const partnerHe = relative('my partner', 'he', 'him', 'his')
const partnerShe = relative('my partner', 'she', 'her', 'her')
const friend = relative('my best friend', 'she', 'her', 'her')
const grandson = relative('my grandson', 'he', 'him', 'his')
const granddaughter = relative('my granddaughter', 'she', 'her', 'her')

// The people a respondent is likely to be looking out for, by their own age.
const youngRelatives = [mum, dad, brother, sister, friend, partnerHe, partnerShe]
const middleRelatives = [son, daughter, husband, wife, partnerHe, partnerShe, mum, dad, brother, sister]
const olderRelatives = [son, daughter, husband, wife, grandson, granddaughter]

const defaultRelationships = table<Relationship>([
  ['uses_services', 0.31],
  ['family_carer', 0.26],
  ['staff', 0.135],
  ['public', 0.285],
])

/** Chance of being an unpaid carer, by how someone relates to mental health services. */
const carerChance: Record<Relationship, number> = {
  family_carer: 0.65,
  uses_services: 0.1,
  staff: 0.08,
  public: 0.08,
}

const olderBands = new Set(['65_74', '75_plus'])

// Tables are built once per audience: audiences are fixed objects in partners.ts and events.ts.
const cellTables = new WeakMap<Audience, Table<Cell>>()
const relationshipTables = new WeakMap<Audience, Table<Relationship>>()

function cellsFor(audience: Audience): Table<Cell> {
  let cells = cellTables.get(audience)
  if (!cells) {
    cells = cellTable(audience)
    cellTables.set(audience, cells)
  }
  return cells
}

function relationshipsFor(audience: Audience): Table<Relationship> {
  const mix = audience.relationship
  if (!mix) return defaultRelationships
  let relationships = relationshipTables.get(audience)
  if (!relationships) {
    relationships = table(Object.entries(mix) as [Relationship, number][])
    relationshipTables.set(audience, relationships)
  }
  return relationships
}

const withOdds = (p: number, odds: number) => (p * odds) / (1 - p + p * odds)

function drawTalk(random: Random): number {
  const r = random()
  if (r < 0.33) return 0.06
  if (r < 0.7) return 0.38
  return 0.72
}

export function drawPerson(random: Random, audience: Audience, respondingForOrganisation = false): Person {
  const cell = draw(random, cellsFor(audience))
  let drawn = draw(random, relationshipsFor(audience))
  // Staff are of working age.
  if (drawn === 'staff' && (cell.ageBand === 'under_18' || cell.ageBand === '75_plus')) drawn = 'public'
  let carerP = carerChance[drawn] * (cell.sex === 'female' ? 1.1 : 0.9)
  if (audience.carerOdds) carerP = withOdds(carerP, audience.carerOdds)
  const carer = random() < carerP
  const relationship = respondingForOrganisation ? 'organisation' : drawn

  const district = draw(random, postcodeDistricts[cell.area])
  const towns = townsOfDistrict[district]
  const religion = religionFor(random, cell.ethnicGroup, cell.ageBand)
  const age = cell.ageBand
  const relatives =
    age === 'under_18' || age === '18_24' || age === '25_34'
      ? youngRelatives
      : olderBands.has(age)
        ? olderRelatives
        : middleRelatives
  const profile: RespondentProfile = {
    area: cell.area,
    ageBand: age,
    sex: cell.sex,
    ethnicGroup: cell.ethnicGroup,
    carer,
    relationship,
  }
  return {
    profile,
    religion,
    district,
    town: towns ? pick(random, towns) : 'Leicester',
    place: cell.area === 'leicester' ? 'city' : 'rural',
    voice: respondingForOrganisation ? 'org' : voiceOf(drawn, carer),
    name: drawName(random, nameGroupFor(random, cell.ethnicGroup, religion), cell.sex),
    relative: pick(random, relatives),
    attitude: drawAttitude(random),
    shifts: effectShifts(profile),
    talk: drawTalk(random),
    private: random() < 0.05,
  }
}

/** Whose point of view a person writes from, which decides the phrasings open to them. */
function voiceOf(relationship: Relationship, carer: boolean): Voice | null {
  if (relationship === 'staff') return 'staff'
  if (relationship === 'family_carer' || carer) return 'carer'
  if (relationship === 'uses_services') return 'user'
  return null
}

/** Not answering a question, or choosing "prefer not to say": null means answer it. */
function withheld(random: Random, preferNotRate: number, skipRate = 0.03): string | undefined | null {
  const r = random()
  if (r < skipRate) return undefined
  if (r < skipRate + preferNotRate) return 'prefer_not_to_say'
  return null
}

function set(answers: Answers, key: string, random: Random, value: string, preferNotRate: number) {
  const held = withheld(random, preferNotRate)
  if (held === null) answers[key] = value
  else if (held !== undefined) answers[key] = held
}

/** Relationship, area and postcode district: the first section of the form. */
export function aboutYourResponse(random: Random, person: Person, answers: Answers) {
  const { profile } = person
  set(answers, 'relationship', random, profile.relationship, 0.015)
  const area = withheld(random, 0.01, 0.02)
  if (area === null) answers.area = profile.area
  else if (area !== undefined) answers.area = area
  // Only those who give their area give a postcode district, which always lies in it.
  if (area === null && random() > 0.08)
    answers.postcode_district = random() < 0.03 ? person.district.toLowerCase() : person.district
}

const marriedChance: Record<string, number> = {
  under_18: 0,
  '18_24': 0.05,
  '25_34': 0.35,
  '35_44': 0.55,
  '45_54': 0.6,
  '55_64': 0.62,
  '65_74': 0.62,
  '75_plus': 0.5,
}

const childbearing = new Set(['18_24', '25_34', '35_44'])

/** The equality monitoring questions, consistent with the person's profile. */
export function aboutYou(random: Random, person: Person, answers: Answers) {
  if (person.private) return
  const { profile } = person
  const young = profile.ageBand === 'under_18' || profile.ageBand === '18_24'
  const older = olderBands.has(profile.ageBand)
  set(answers, 'age_band', random, profile.ageBand, 0.02)
  set(answers, 'sex', random, profile.sex, 0.02)
  set(answers, 'gender_identity_same', random, random() < (young ? 0.97 : 0.993) ? 'yes' : 'no', 0.03)
  const o = random()
  const orientation =
    o < (young ? 0.84 : 0.93)
      ? 'straight'
      : o < (young ? 0.89 : 0.96)
        ? 'bisexual'
        : o < 0.99
          ? 'gay_lesbian'
          : 'other'
  set(answers, 'sexual_orientation', random, orientation, 0.06)
  set(answers, 'ethnicity', random, profile.ethnicGroup, 0.03)
  set(answers, 'religion', random, person.religion, 0.04)
  const d = random()
  const disabled = profile.relationship === 'uses_services' ? [0.3, 0.6] : older ? [0.18, 0.45] : [0.07, 0.22]
  set(
    answers,
    'disability',
    random,
    d < (disabled[0] ?? 0) ? 'yes_a_lot' : d < (disabled[1] ?? 0) ? 'yes_a_little' : 'no',
    0.04,
  )
  set(answers, 'carer', random, profile.carer ? 'yes' : 'no', 0.02)
  const pregnant = profile.sex === 'female' && childbearing.has(profile.ageBand) && random() < 0.05
  set(answers, 'pregnancy', random, pregnant ? 'yes' : 'no', 0.03)
  set(answers, 'marriage', random, random() < (marriedChance[profile.ageBand] ?? 0.5) ? 'yes' : 'no', 0.03)
  const served = random() < (profile.sex === 'male' ? (older ? 0.1 : 0.02) : 0.005)
  set(answers, 'armed_forces', random, served ? 'yes' : 'no', 0.02)
}

/** How likely each channel's respondents are to leave contact details. */
const contactChance: Partial<Record<ResponseChannel, number>> = { letter: 0.92, email: 1 }

/**
 * Channels that ask for contact details: the online form's About your response, the printed
 * form's contact box, a letter's or an email's sender. Events and partners' entry take none.
 */
const askingChannels = new Set<ResponseChannel>(['online', 'paper', 'letter', 'email'])

/**
 * The contact details a channel keeps: none where it asks for none. What a person is (their
 * name, email, phone) is drawn for every channel first, since a comment may quote it, so every
 * response is drawn as it was.
 */
export function capturedContact(
  contact: RespondentContact | null,
  channel: ResponseChannel,
): RespondentContact | null {
  return askingChannels.has(channel) ? contact : null
}

export function drawContact(
  random: Random,
  person: Person,
  channel: ResponseChannel,
): RespondentContact | null {
  if (random() >= (contactChance[channel] ?? 0.45)) return null
  const name = fullName(person.name)
  let email: string | null = null
  let phone: string | null = null
  if (channel === 'email') email = emailFor(random, person.name)
  else if (channel === 'letter') phone = random() < 0.3 ? phoneNumber(random) : null
  else {
    const r = random()
    const emailShare = channel === 'paper' ? 0.45 : 0.7
    const phoneShare = channel === 'paper' ? 0.35 : 0.15
    if (r < emailShare) email = emailFor(random, person.name)
    else if (r < emailShare + phoneShare) phone = phoneNumber(random)
    else {
      email = emailFor(random, person.name)
      phone = phoneNumber(random)
    }
  }
  // A household's one address, which others of the same surname in the district give too: one
  // surname and district in twenty, chosen by name rather than drawn, so every other response is
  // drawn as it was.
  if (email !== null && namespaceOf(`${person.name.last}|${person.district}`) % 20 === 0)
    email = `${person.name.last.toLowerCase()}.family.${person.district.toLowerCase()}@example.net`
  const postcodeShare = channel === 'letter' ? 0.9 : channel === 'paper' ? 0.5 : 0.2
  return {
    name,
    email,
    phone,
    postcode: random() < postcodeShare ? fullPostcode(random, person.district) : null,
    consentToContact: random() < 0.6,
  }
}
