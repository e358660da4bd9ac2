import type { PersonName, Postcode } from '../../../platform/identity/normalise.js'

// The records of one linkage run as columns of numbers: each distinct email, phone, name,
// postcode and campaign becomes a number once, and each answer block its hash, so comparing one
// of millions of pairs reads a few typed arrays instead of chasing strings and objects across
// the heap (which cost more than the comparing itself).

/** One response as linkage compares it. */
export interface LinkRecord {
  email: string | null
  phone: string | null
  name: PersonName | null
  postcode: Postcode | null
  /**
   * Keys of the answers in blocks (groups of choices, a text), each a whole number in decimal,
   * with how many responses of the consultation share it: the rarer a shared block, the less likely
   * two people share it.
   */
  answerBlocks: readonly { key: string; size: number }[]
  /** The campaign the response was found to be a copy of, if any. */
  campaign: string | null
  /** The answers to the profile questions, in a fixed order, as numbers; below 0 when not given. */
  profile: ArrayLike<number>
}

export interface RecordColumns {
  /** A number for each distinct value, the same for the same value; -1 when the record has none. */
  email: Int32Array
  phone: Int32Array
  name: Int32Array
  surname: Int32Array
  /** The first name (formal), -1 when only initials were given. */
  first: Int32Array
  /** The first initial's character code; -1 when the name has no initials. */
  initial: Int32Array
  postcode: Int32Array
  district: Int32Array
  campaign: Int32Array
  /** The names behind `name`'s numbers. */
  names: PersonName[]
  /** Each record's profile answers in `profileWidth` places, -1 where not given. */
  profile: Int32Array
  profileWidth: number
  /**
   * Record i's answer blocks are `blockKey` and `blockSize` from `blockStart[i]` to
   * `blockStart[i + 1]`. A key is the block's number as a double: numbering millions of distinct
   * keys in a map took longer than all the comparing. (A 64-bit hash for a key loses its lowest
   * 11 bits, which two blocks would share too rarely to matter.)
   */
  blockStart: Int32Array
  blockKey: Float64Array
  blockSize: Int32Array
}

function numbering() {
  const ids = new Map<string, number>()
  return (value: string | null | undefined) => {
    if (value === null || value === undefined) return -1
    let id = ids.get(value)
    if (id === undefined) {
      id = ids.size
      ids.set(value, id)
    }
    return id
  }
}

/**
 * Columns from `count` records, each asked for once by its position, so a caller can make each
 * record as it goes and none is held: a million objects kept alive cost more in collecting
 * garbage than the comparing. Profiles are kept to `profileWidth` answers.
 */
export function columnsOf(
  count: number,
  profileWidth: number,
  recordAt: (i: number) => LinkRecord,
): RecordColumns {
  const ids = {
    email: numbering(),
    phone: numbering(),
    name: numbering(),
    surname: numbering(),
    first: numbering(),
    postcode: numbering(),
    district: numbering(),
    campaign: numbering(),
  }
  const column = () => new Int32Array(count)
  const c = {
    email: column(),
    phone: column(),
    name: column(),
    surname: column(),
    first: column(),
    initial: column(),
    postcode: column(),
    district: column(),
    campaign: column(),
    names: [] as PersonName[],
    profile: new Int32Array(0),
    profileWidth,
    blockStart: new Int32Array(count + 1),
    blockKey: new Float64Array(0),
    blockSize: new Int32Array(0),
  }
  const profiles: number[] = []
  const blockKeys: number[] = []
  const blockSizes: number[] = []
  for (let i = 0; i < count; i++) {
    const r = recordAt(i)
    c.email[i] = ids.email(r.email)
    c.phone[i] = ids.phone(r.phone)
    const name = r.name
    c.name[i] = name ? ids.name(`${name.surname}|${name.first ?? ''}|${name.initials.join('')}`) : -1
    if (name) c.names[c.name[i] as number] = name
    c.surname[i] = ids.surname(name?.surname)
    c.first[i] = ids.first(name?.first)
    c.initial[i] = name?.initials[0]?.charCodeAt(0) ?? -1
    c.postcode[i] = ids.postcode(r.postcode?.full)
    c.district[i] = ids.district(r.postcode?.district)
    c.campaign[i] = ids.campaign(r.campaign)
    for (let k = 0; k < c.profileWidth; k++)
      profiles.push(k < r.profile.length ? (r.profile[k] as number) : -1)
    for (const block of r.answerBlocks) {
      blockKeys.push(Number(block.key))
      blockSizes.push(block.size)
    }
    c.blockStart[i + 1] = blockKeys.length
  }
  return {
    ...c,
    profile: Int32Array.from(profiles),
    blockKey: Float64Array.from(blockKeys),
    blockSize: Int32Array.from(blockSizes),
  }
}

export const toColumns = (records: readonly LinkRecord[]) =>
  columnsOf(
    records.length,
    records.reduce((width, r) => Math.max(width, r.profile.length), 0),
    (i) => records[i] as LinkRecord,
  )

/** A record's name as sorted within a large block: surname, then first name or initials. */
export function sortName(c: RecordColumns, i: number): string {
  const name = c.names[c.name[i] as number]
  return name && (c.name[i] as number) >= 0 ? `${name.surname}|${name.first ?? name.initials.join('')}` : ''
}

/**
 * How two records' names agree, as an index into `levels.name` (-1 when either has none): the
 * rule of `compareNames`, on numbers; a test holds the two to the same answers.
 */
export function nameLevel(c: RecordColumns, a: number, b: number): number {
  const surname = c.surname[a] as number
  if (surname < 0 || (c.surname[b] as number) < 0) return -1
  if (surname !== c.surname[b]) return 3
  const first = c.first[a] as number
  if (first >= 0 && (c.first[b] as number) >= 0) return first === c.first[b] ? 0 : 2
  const initial = c.initial[a] as number
  if (initial >= 0 && initial === c.initial[b]) return 1
  return initial < 0 || (c.initial[b] as number) < 0 ? 1 : 2
}

/** The size of the smallest answer block two records share; Infinity when they share none. */
export function smallestSharedBlock(c: RecordColumns, a: number, b: number): number {
  let smallest = Number.POSITIVE_INFINITY
  for (let i = c.blockStart[a] as number; i < (c.blockStart[a + 1] as number); i++)
    for (let j = c.blockStart[b] as number; j < (c.blockStart[b + 1] as number); j++)
      if (c.blockKey[i] === c.blockKey[j] && (c.blockSize[j] as number) < smallest)
        smallest = c.blockSize[j] as number
  return smallest
}
