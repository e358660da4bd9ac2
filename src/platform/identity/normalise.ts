import { parsePhoneNumberFromString } from 'libphonenumber-js'

// Identity as people write it, made comparable: the same phone written three ways, a postcode
// with or without its space, a name with a title, an accent, an apostrophe or a nickname. Pure,
// so every channel's details are compared the same way wherever they were typed.

/** A phone number in E.164 (`+441164960123`), or null when it cannot be a phone number. */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null
  // libphonenumber reads "+44 (0)116…" and "0044…" itself, as GB's trunk zero and exit code.
  const cleaned = raw.trim()
  if (!/[0-9]/.test(cleaned)) return null
  const parsed = parsePhoneNumberFromString(cleaned, 'GB')
  return parsed?.isPossible() ? parsed.number : null
}

export interface Postcode {
  /** The whole postcode when one was given, as `LE1 5AB`. */
  full: string | null
  /** The outward code, which is the postcode district (`LE1`). */
  district: string
  /** The postcode area, its letters (`LE`). */
  area: string
}

const fullPostcode = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/
const outwardOnly = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/

/** A UK postcode or postcode district, or null when it is neither. */
export function normalisePostcode(raw: string | null | undefined): Postcode | null {
  if (!raw) return null
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '')
  const whole = fullPostcode.exec(compact)
  const district = whole ? (whole[1] as string) : outwardOnly.test(compact) ? compact : null
  if (district === null) return null
  return {
    full: whole ? `${whole[1]} ${whole[2]}` : null,
    district,
    area: district.replace(/[0-9].*$/, ''),
  }
}

/** An email address trimmed and in lower case, or null when it is not one. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null
  const email = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase()
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null
}

const titles = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'rev',
  'revd',
  'sir',
  'dame',
  'lady',
  'lord',
  'cllr',
])

/**
 * Familiar forms and spellings of first names, each to one form. Small on purpose: a pair that
 * needs a name outside it still matches as a surname and initial, with less weight.
 */
const formalNames: Record<string, string> = {
  bob: 'robert',
  bobby: 'robert',
  rob: 'robert',
  robbie: 'robert',
  bert: 'robert',
  bill: 'william',
  billy: 'william',
  will: 'william',
  liam: 'william',
  jim: 'james',
  jimmy: 'james',
  jamie: 'james',
  mike: 'michael',
  mick: 'michael',
  dave: 'david',
  davy: 'david',
  chris: 'christopher',
  kate: 'catherine',
  katie: 'catherine',
  cathy: 'catherine',
  kathy: 'catherine',
  katherine: 'catherine',
  kathryn: 'catherine',
  liz: 'elizabeth',
  lizzie: 'elizabeth',
  beth: 'elizabeth',
  betty: 'elizabeth',
  sue: 'susan',
  suzy: 'susan',
  tom: 'thomas',
  tommy: 'thomas',
  tony: 'anthony',
  steve: 'stephen',
  steven: 'stephen',
  pat: 'patricia',
  peggy: 'margaret',
  maggie: 'margaret',
  meg: 'margaret',
  jenny: 'jennifer',
  jen: 'jennifer',
  alex: 'alexander',
  sam: 'samuel',
  ben: 'benjamin',
  dan: 'daniel',
  danny: 'daniel',
  joe: 'joseph',
  nick: 'nicholas',
  andy: 'andrew',
  pete: 'peter',
  rick: 'richard',
  rich: 'richard',
  dick: 'richard',
  ted: 'edward',
  ed: 'edward',
  eddie: 'edward',
  harry: 'henry',
  jack: 'john',
  johnny: 'john',
  jon: 'john',
  matt: 'matthew',
  phil: 'philip',
  phillip: 'philip',
  ron: 'ronald',
  ken: 'kenneth',
  geoff: 'geoffrey',
  jeff: 'geoffrey',
  jo: 'joanne',
  val: 'valerie',
  viv: 'vivienne',
  di: 'diane',
  mo: 'maureen',
  debbie: 'deborah',
  deb: 'deborah',
  mandy: 'amanda',
  nicky: 'nicola',
  vicky: 'victoria',
  becky: 'rebecca',
  sally: 'sarah',
  sara: 'sarah',
}

export interface PersonName {
  /** The first name in its formal form (Robert for Bob), or null when only an initial was given. */
  first: string | null
  /** The first initial, from the first name as written (so Bob and Robert both have one). */
  initials: string[]
  surname: string
}

/**
 * A name reduced to what identifies it: titles dropped, accents, case and punctuation gone
 * (Zoë = Zoe, O'Brien = OBrien), "Surname, First" turned round, familiar first names formal.
 * Null when nothing is left that could be a surname.
 */
export function normaliseName(raw: string | null | undefined): PersonName | null {
  if (!raw) return null
  const plain = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`-]/g, '')
  const [before, ...after] = plain.split(',')
  const ordered = after.length > 0 ? `${after.join(' ')} ${before}` : plain
  const words = ordered.split(/[^a-z]+/).filter((w) => w !== '' && !titles.has(w))
  const surname = words.at(-1)
  if (surname === undefined || surname.length < 2) return null
  // Initials written together ("PJ Kaur") are two initials, not a first name.
  const given = words.slice(0, -1).flatMap((w) => (w.length === 2 && !/[aeiouy]/.test(w) ? [...w] : [w]))
  const spelled = given.find((w) => w.length > 1)
  const first = spelled ? (formalNames[spelled] ?? spelled) : null
  // The formal name gives the first initial, so Bob Smith and R Smith agree.
  const initials = given.map((w) => (w === spelled && first ? first.charAt(0) : w.charAt(0)))
  return { first, initials, surname }
}

export type NameAgreement = 'full' | 'initial' | 'surname' | 'different'

/**
 * How far two names agree: the same first name and surname (full), the same surname and first
 * initial when one of them gives only initials (initial), the same surname alone (surname, as
 * two people of one household), or not the same surname (different).
 */
export function compareNames(a: PersonName, b: PersonName): NameAgreement {
  if (a.surname !== b.surname) return 'different'
  if (a.first !== null && b.first !== null) return a.first === b.first ? 'full' : 'surname'
  if (a.initials[0] !== undefined && a.initials[0] === b.initials[0]) return 'initial'
  if (a.initials.length === 0 || b.initials.length === 0) return 'initial'
  return 'surname'
}
