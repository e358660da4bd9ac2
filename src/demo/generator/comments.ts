import { pick } from '../random.js'
import {
  letterClosings,
  letterOpenings,
  misspellings,
  organisationPreambles,
  type Place,
  type Polarity,
  personalDataSentences,
  proposalThemes,
  safeguardingSentences,
  type Theme,
  themeBank,
  themeByCode,
  type Voice,
} from './comment-bank.js'
import { anyName, emailFor, fullName, phoneNumber } from './names.js'
import { isOpposed, isSupportive } from './opinions.js'
import { broadGroupOf } from './population.js'
import type { Person } from './profiles.js'
import type { Random } from './sampling.js'
import type { CommentTruth, RespondentContact, Sentiment } from './types.js'

// Composes free-text answers from the theme bank and keeps, beside the text, exactly which themes
// went in: the gold labels that classification and redaction are measured against.

/** A stretch of a comment: one theme's phrasing, or context that carries no theme. */
export interface Piece {
  text: string
  theme: string | null
  personal: boolean
  safeguarding: boolean
}

/** How carefully it was typed: most are clean; some are lower case without punctuation, or misspelt. */
export type Style = 'clean' | 'casual' | 'typos' | 'casual_typos'

export interface ComposedComment {
  pieces: Piece[]
  style: Style
  paragraphs: boolean
  text: string
  truth: CommentTruth
}

/** Who is writing, as far as the wording goes. */
export interface Speaker {
  person: Person
  contact: RespondentContact | null
  organisation: string | null
}

export const rates = {
  personalData: 0.01,
  safeguarding: 0.002,
}

export function sentimentOf(themes: readonly string[]): Sentiment {
  let positive = false
  let negative = false
  for (const code of themes) {
    const polarity: Polarity | undefined = themeByCode.get(code)?.polarity
    if (polarity === 'positive') positive = true
    else if (polarity === 'negative') negative = true
  }
  if (positive && negative) return 'mixed'
  if (positive) return 'positive'
  if (negative) return 'negative'
  return 'neutral'
}

// Phrasings split at their slots once, and listed by who can say them and where they live: the
// list for a voice and place is at slotOf(voice, place).
interface Prepared {
  parts: string[]
}
const voiceOrder = [null, 'carer', 'staff', 'user', 'org'] as const
const slotOf = (voice: Voice | null, place: Place) =>
  voiceOrder.indexOf(voice) * 2 + (place === 'rural' ? 1 : 0)
const prepared = new Map<string, Prepared[][]>()
for (const t of themeBank) {
  const lists: Prepared[][] = []
  for (const voice of voiceOrder) {
    for (const place of ['city', 'rural'] as const) {
      const list = t.phrasings
        .filter((p) => (voice === 'org' ? p.voice === 'org' : p.voice === null || p.voice === voice))
        .filter((p) => p.place === null || p.place === place)
        .map((p) => ({ parts: p.text.split(/\{(\w+)\}/) }))
      if (list.length === 0 && voice !== 'org')
        throw new Error(`theme ${t.code} has nothing for ${voice} in ${place}`)
      lists[slotOf(voice, place)] = list
    }
  }
  prepared.set(t.code, lists)
}

const canSayForOrganisation = (t: Theme) => (prepared.get(t.code)?.[slotOf('org', 'city')]?.length ?? 0) > 0

const numbers: Record<string, readonly string[]> = {
  weeks: ['6', '8', '10', '12', 'sixteen', '20'],
  months: ['3', 'four', '6', '9', '18', 'eight'],
  hours: ['5', 'six', '8', '11', '14'],
  years: ['5', '8', '12', 'twenty', '30'],
}

const capital = (s: string) => (s[0] ?? '').toUpperCase() + s.slice(1)

function slot(random: Random, name: string, speaker: Speaker): string {
  const { relative, town } = speaker.person
  switch (name) {
    case 'rel':
      return relative.noun
    case 'Rel':
      return capital(relative.noun)
    case 'he':
      return relative.he
    case 'He':
      return capital(relative.he)
    case 'him':
      return relative.him
    case 'his':
      return relative.his
    case 'town':
      return town
    case 'org':
      return speaker.organisation ?? 'our organisation'
    default: {
      const choices = numbers[name]
      if (!choices) throw new Error(`unknown slot {${name}}`)
      return pick(random, choices)
    }
  }
}

function fill(random: Random, parts: readonly string[], speaker: Speaker): string {
  let text = parts[0] ?? ''
  for (let i = 1; i < parts.length; i += 2)
    text += slot(random, parts[i] ?? '', speaker) + (parts[i + 1] ?? '')
  return text
}

function themed(random: Random, code: string, speaker: Speaker): Piece {
  const lists = prepared.get(code)
  if (!lists) throw new Error(`unknown theme ${code}`)
  const { voice, place } = speaker.person
  const own = lists[slotOf(voice, place)] ?? []
  const phrasing = pick(random, own.length > 0 ? own : (lists[slotOf(null, place)] ?? []))
  return { text: fill(random, phrasing.parts, speaker), theme: code, personal: false, safeguarding: false }
}

export const context = (text: string, personal = false): Piece => ({
  text,
  theme: null,
  personal,
  safeguarding: false,
})

function personalPiece(random: Random, speaker: Speaker): Piece {
  const sentence = pick(random, personalDataSentences)
  const { contact, person } = speaker
  const text = sentence
    .replace('{other}', () => fullName(anyName(random)))
    .replace('{self}', () => fullName(person.name))
    .replace('{email}', () => contact?.email ?? emailFor(random, person.name))
    .replace('{phone}', () => contact?.phone ?? phoneNumber(random))
  return context(text, true)
}

function truthOf(pieces: readonly Piece[]): CommentTruth {
  const themes: string[] = []
  let personalData = false
  let safeguarding = false
  for (const piece of pieces) {
    if (piece.theme) themes.push(piece.theme)
    personalData ||= piece.personal
    safeguarding ||= piece.safeguarding
  }
  return { themes, sentiment: sentimentOf(themes), personalData, safeguarding }
}

const misspelt = new RegExp(`\\b(${Object.keys(misspellings).join('|')})\\b`, 'g')

/** One or two of the words people often misspell, misspelt where they first appear. */
function addTypos(random: Random, text: string): string {
  const found = [...new Set(Array.from(text.matchAll(misspelt), (m) => m[0]))]
  const chosen = new Set<string>()
  for (let i = random() < 0.6 ? 1 : 2; i > 0 && found.length > 0; i--)
    chosen.add(found.splice(Math.floor(random() * found.length), 1)[0] ?? '')
  return text.replace(misspelt, (word) => (chosen.delete(word) ? (misspellings[word] ?? word) : word))
}

function render(random: Random, pieces: readonly Piece[], style: Style, paragraphs: boolean): string {
  let text = ''
  for (const piece of pieces) {
    // A greeting ("Dear Sir or Madam,") has a line to itself.
    if (text) text += paragraphs ? '\n\n' : text.endsWith(',') ? '\n' : ' '
    text += piece.text
  }
  // Casual writing drops capitals and the punctuation that ends clauses; a dot inside an email
  // address is kept, as it is not followed by a space.
  if ((style === 'casual' || style === 'casual_typos') && text.length >= 40)
    text = text.toLowerCase().replace(/[.,;:!?]+(?=\s|$)/g, '')
  if (style === 'typos' || style === 'casual_typos') text = addTypos(random, text)
  return text
}

function drawStyle(random: Random, careful: boolean): Style {
  const r = random() * (careful ? 4 : 1)
  if (r < 0.05) return 'casual'
  if (r < 0.09) return 'typos'
  if (r < 0.11) return 'casual_typos'
  return 'clean'
}

export function assemble(
  random: Random,
  pieces: Piece[],
  style: Style,
  paragraphs: boolean,
): ComposedComment {
  return {
    pieces,
    style,
    paragraphs,
    text: render(random, pieces, style, paragraphs),
    truth: truthOf(pieces),
  }
}

const safeguardingCompanions = ['crisis_story', 'access_difficulty', 'waiting_times']

/**
 * The body of a comment: the themes in order, sometimes with personal data planted, and rarely
 * replaced by a disclosure of risk with a negative theme, so the sentiment label stays true.
 */
export function body(random: Random, speaker: Speaker, themes: readonly string[], allowRisk = true): Piece[] {
  let pieces: Piece[]
  if (allowRisk && random() < rates.safeguarding) {
    const disclosure: Piece = {
      text: pick(random, safeguardingSentences),
      theme: null,
      personal: false,
      safeguarding: true,
    }
    const companion = themed(random, pick(random, safeguardingCompanions), speaker)
    pieces = random() < 0.5 ? [disclosure, companion] : [companion, disclosure]
  } else {
    pieces = themes.map((code) => themed(random, code, speaker))
  }
  if (random() < rates.personalData) {
    const personal = personalPiece(random, speaker)
    // A name with a number reads as a signature, so it goes at the end.
    if (personal.text.includes(',') || random() < 0.7) pieces.push(personal)
    else pieces.unshift(personal)
  }
  return pieces
}

/** A comment made of the given pieces, styled and laid out as its author would. */
export function finish(random: Random, pieces: Piece[], careful = false): ComposedComment {
  const length = pieces.reduce((n, p) => n + p.text.length, 0)
  return assemble(random, pieces, drawStyle(random, careful), length > 350 && random() < 0.5)
}

// Which general themes someone is likely to raise, from who they are. Weights are arrays in the
// order of generalCodes, as they are drawn from for nearly every comment.
const generalCodes = [
  'access_difficulty',
  'waiting_times',
  'staffing',
  'transport',
  'stigma',
  'carers_experience',
  'crisis_story',
  'praise_staff',
  'communication_languages',
  'digital_exclusion',
  'funding',
  'consultation_process',
  'keep_services_local',
  'alternative_idea',
  'general_support',
  'scepticism',
  'unsure_need_information',
] as const
type GeneralCode = (typeof generalCodes)[number]

const generalThemes = generalCodes.map((code) => {
  const t = themeByCode.get(code)
  if (!t || t.proposal !== null) throw new Error(`no general theme ${code}`)
  return t
})
if (themeBank.some((t) => t.proposal === null && !generalThemes.includes(t)))
  throw new Error('a general theme is missing from generalCodes')
const organisationGeneral = generalThemes.filter(canSayForOrganisation).map((t) => t.code)

function multipliers(factors: Partial<Record<GeneralCode, number>>): number[] {
  return generalCodes.map((code) => factors[code] ?? 1)
}

// Overall verdicts belong in the overall comments, not under one proposal.
const underProposal = { general_support: 0.15, scepticism: 0.3, consultation_process: 0.15 }

/** What each proposal brings to mind beyond itself; index 0 is the overall comment. */
const prompted: number[][] = [
  multipliers({}),
  multipliers({
    ...underProposal,
    communication_languages: 2,
    digital_exclusion: 2.5,
    access_difficulty: 1.5,
  }),
  multipliers({ ...underProposal, transport: 1.5, alternative_idea: 1.3 }),
  multipliers({ ...underProposal, crisis_story: 2, carers_experience: 1.5 }),
  multipliers({ ...underProposal, stigma: 2.5, crisis_story: 1.5 }),
  multipliers({ ...underProposal, crisis_story: 2, transport: 1.3 }),
  multipliers({ ...underProposal, waiting_times: 1.5 }),
  multipliers({ ...underProposal, funding: 1.5, communication_languages: 1.5 }),
  multipliers({ ...underProposal, transport: 2.5, keep_services_local: 3, staffing: 1.2 }),
]

export function generalWeights(person: Person): number[] {
  const { profile, voice, place, attitude } = person
  const group = broadGroupOf[profile.ethnicGroup]
  const older = profile.ageBand === '65_74' || profile.ageBand === '75_plus'
  const young = profile.ageBand === 'under_18' || profile.ageBand === '18_24'
  const rutland = profile.area === 'rutland' ? 2 : 1
  // In the order of generalCodes.
  return [
    1,
    1.2,
    voice === 'staff' ? 2.7 : 0.9,
    (place === 'rural' ? 1.2 : 0.3) * rutland,
    group === 'asian' || group === 'black' ? 1.25 : 0.5,
    voice === 'carer' ? 2.5 : 0.15,
    voice === 'user' ? 1.2 : voice === 'carer' ? 1 : 0.3,
    0.6,
    group !== 'white' ? 1.4 : 0.35,
    older ? 1.2 : 0.3,
    0.6,
    0.35,
    (place === 'rural' ? 0.4 : 0.1) * rutland,
    young ? 0.9 : 0.6,
    0.5 * Math.max(0.2, 1 + attitude),
    0.5 * Math.max(0.2, 1 - attitude),
    0.15,
  ]
}

const scratch = generalCodes.map(() => 0)

/**
 * A general theme not yet in the comment. Someone who agrees brings up fewer complaints, and
 * someone who disagrees less praise, so `lean` halves themes of the opposite polarity.
 */
function drawGeneral(
  random: Random,
  weights: readonly number[],
  proposal: number,
  taken: readonly string[],
  lean: Polarity | null,
): string {
  const boost = prompted[proposal]
  if (!boost) throw new Error(`no proposal ${proposal}`)
  let total = 0
  for (let i = 0; i < generalCodes.length; i++) {
    const theme = generalThemes[i] as Theme
    let w = (weights[i] ?? 0) * (boost[i] ?? 1)
    if (lean && theme.polarity !== 'neutral' && theme.polarity !== lean) w *= 0.5
    if (taken.includes(theme.code)) w = 0
    scratch[i] = w
    total += w
  }
  let target = random() * total
  for (let i = 0; i < generalCodes.length; i++) {
    target -= scratch[i] ?? 0
    if (target < 0) return generalCodes[i] ?? 'access_difficulty'
  }
  return 'access_difficulty'
}

/** The themes of a comment on one proposal, following how far the person agreed with it. */
export function proposalCommentThemes(
  random: Random,
  weights: readonly number[],
  proposal: number,
  agreement: string | undefined,
): string[] {
  const pair = proposalThemes.get(proposal)
  if (!pair) throw new Error(`no themes for proposal ${proposal}`)
  const { support, concern } = pair
  const r = random()
  let themes: string[]
  let lean: Polarity | null = null
  if (isSupportive(agreement)) {
    lean = 'positive'
    themes = r < 0.8 ? [support.code] : r < 0.9 ? [support.code, concern.code] : []
  } else if (isOpposed(agreement)) {
    lean = 'negative'
    themes = r < 0.82 ? [concern.code] : r < 0.9 ? [support.code, concern.code] : []
  } else {
    themes =
      r < 0.15
        ? [support.code, concern.code]
        : r < 0.35
          ? [concern.code]
          : r < 0.5
            ? [support.code]
            : r < 0.8
              ? ['unsure_need_information']
              : []
  }
  const extra = themes.length === 0 ? (random() < 0.3 ? 2 : 1) : random() < 0.3 ? (random() < 0.2 ? 2 : 1) : 0
  for (let i = 0; i < extra && themes.length < 3; i++) {
    const code = drawGeneral(random, weights, proposal, themes, lean)
    // A story often comes first, then the view.
    if (random() < 0.3) themes.unshift(code)
    else themes.push(code)
  }
  return themes
}

/** The themes of an overall comment: general ones, and now and then a proposal the person felt strongly about. */
export function overallCommentThemes(
  random: Random,
  weights: readonly number[],
  agreements: readonly (string | undefined)[],
  size: number,
): string[] {
  const themes: string[] = []
  if (random() < 0.15) {
    const proposal = 1 + Math.floor(random() * 8)
    const pair = proposalThemes.get(proposal)
    const agreement = agreements[proposal - 1]
    if (pair && (isSupportive(agreement) || isOpposed(agreement)))
      themes.push(isSupportive(agreement) ? pair.support.code : pair.concern.code)
  }
  while (themes.length < size) themes.push(drawGeneral(random, weights, 0, themes, null))
  return themes
}

export const overallSize = (random: Random): number => {
  const r = random()
  return r < 0.5 ? 1 : r < 0.85 ? 2 : 3
}

/** An organisation's comment on a proposal: its view, and often a wider point from its members. */
export function organisationProposalThemes(random: Random, proposal: number, agreement: string | undefined) {
  const pair = proposalThemes.get(proposal)
  if (!pair) throw new Error(`no themes for proposal ${proposal}`)
  const themes = isOpposed(agreement)
    ? [pair.concern.code]
    : isSupportive(agreement)
      ? random() < 0.7
        ? [pair.support.code]
        : [pair.support.code, pair.concern.code]
      : [pair.concern.code, pair.support.code]
  if (random() < 0.5)
    themes.push(
      pick(
        random,
        organisationGeneral.filter((c) => !themes.includes(c)),
      ),
    )
  return themes
}

/** General points an organisation makes, chosen from what organisations are written to say. */
export function organisationGeneralThemes(
  random: Random,
  count: number,
  taken: readonly string[] = [],
): string[] {
  const themes: string[] = []
  while (themes.length < count) {
    const code = pick(random, organisationGeneral)
    if (!themes.includes(code) && !taken.includes(code)) themes.push(code)
  }
  return themes
}

/** Part of an organisation's overall comment, under a heading when it takes a proposal in turn. */
export interface Section {
  heading: string | null
  themes: readonly string[]
}

export function organisationOverall(
  random: Random,
  speaker: Speaker,
  sections: readonly Section[],
): ComposedComment {
  const pieces = [context(fill(random, pick(random, organisationPreambles).split(/\{(\w+)\}/), speaker))]
  for (const section of sections) {
    if (section.heading) pieces.push(context(section.heading))
    pieces.push(...body(random, speaker, section.themes, false))
  }
  return assemble(random, pieces, drawStyle(random, true), true)
}

/** A letter or email: a greeting, what the person wants to say, and a sign-off. */
export function correspondence(
  random: Random,
  speaker: Speaker,
  weights: readonly number[],
  channel: 'letter' | 'email',
): ComposedComment {
  const themes = overallCommentThemes(random, weights, [], 2 + Math.floor(random() * 3))
  const pieces = body(random, speaker, themes)
  if (channel === 'letter' || random() < 0.6) pieces.unshift(context(pick(random, letterOpenings)))
  const closing = pick(random, letterClosings)
  // A letter signed with the writer's name carries personal data in its text.
  if (random() < 0.2) pieces.push(context(`${closing}\n${fullName(speaker.person.name)}`, true))
  else pieces.push(context(closing))
  return assemble(
    random,
    pieces,
    drawStyle(random, channel === 'letter'),
    channel === 'letter' || random() < 0.7,
  )
}

const courtesies = ['Thanks.', 'Thank you.', 'Thanks for listening.']

/** The same comment lightly edited, as someone filling the form in again would write it. */
export function editComment(random: Random, comment: ComposedComment): ComposedComment {
  const themedCount = comment.pieces.filter((p) => p.theme).length
  const r = random()
  let edited: ComposedComment | null = null
  if (r < 0.35 && themedCount >= 2) {
    const drop = Math.floor(random() * themedCount)
    let seen = -1
    const pieces = comment.pieces.filter((p) => !p.theme || ++seen !== drop)
    edited = assemble(random, pieces, comment.style, comment.paragraphs)
  } else if (r < 0.7) {
    const style: Style = comment.style === 'clean' ? 'typos' : 'clean'
    edited = assemble(random, comment.pieces, style, comment.paragraphs)
  }
  // A comment with no word to misspell, or no theme to spare, gets a courtesy added instead.
  if (edited && edited.text !== comment.text) return edited
  const pieces = [...comment.pieces, context(pick(random, courtesies))]
  return assemble(random, pieces, comment.style, comment.paragraphs)
}
