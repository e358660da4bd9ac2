import { compareNames, type PersonName } from '../../../platform/identity/normalise.js'
import type { LinkRecord } from './linkage.js'

// The records of one linkage run as columns of numbers: each distinct email, phone, name,
// postcode, campaign and answer block becomes a number once, so comparing one of millions of
// pairs reads a few typed arrays instead of chasing strings and objects across the heap (which
// cost more than the comparing itself).

export interface RecordColumns {
  /** A number for each distinct value, the same for the same value; -1 when the record has none. */
  email: Int32Array
  phone: Int32Array
  name: Int32Array
  postcode: Int32Array
  district: Int32Array
  campaign: Int32Array
  /** The names behind `name`'s numbers, compared once for each two distinct names met. */
  names: PersonName[]
  nameLevels: Map<number, number>
  /** Each record's profile answers in `profileWidth` places, -1 where not given. */
  profile: Int32Array
  profileWidth: number
  /** Record i's answer blocks are `blockKey` and `blockSize` from `blockStart[i]` to `blockStart[i + 1]`. */
  blockStart: Int32Array
  blockKey: Int32Array
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

export function toColumns(records: readonly LinkRecord[]): RecordColumns {
  const n = records.length
  const email = numbering()
  const phone = numbering()
  const nameKey = numbering()
  const postcode = numbering()
  const district = numbering()
  const campaign = numbering()
  const block = numbering()
  const columns = (of: (r: LinkRecord) => number) => Int32Array.from(records, of)
  const names: PersonName[] = []
  const name = columns((r) => {
    if (!r.name) return -1
    const id = nameKey(`${r.name.surname}|${r.name.first ?? ''}|${r.name.initials.join('')}`)
    names[id] = r.name
    return id
  })
  const profileWidth = records.reduce((width, r) => Math.max(width, r.profile.length), 0)
  const profile = new Int32Array(n * profileWidth).fill(-1)
  records.forEach((r, i) => {
    for (let k = 0; k < r.profile.length; k++) profile[i * profileWidth + k] = r.profile[k] as number
  })
  const blockStart = new Int32Array(n + 1)
  records.forEach((r, i) => {
    blockStart[i + 1] = (blockStart[i] as number) + r.answerBlocks.length
  })
  const blockKey = new Int32Array(blockStart[n] as number)
  const blockSize = new Int32Array(blockStart[n] as number)
  records.forEach((r, i) => {
    r.answerBlocks.forEach((b, k) => {
      blockKey[(blockStart[i] as number) + k] = block(b.key)
      blockSize[(blockStart[i] as number) + k] = b.size
    })
  })
  return {
    email: columns((r) => email(r.email)),
    phone: columns((r) => phone(r.phone)),
    name,
    postcode: columns((r) => postcode(r.postcode?.full)),
    district: columns((r) => district(r.postcode?.district)),
    campaign: columns((r) => campaign(r.campaign)),
    names,
    nameLevels: new Map(),
    profile,
    profileWidth,
    blockStart,
    blockKey,
    blockSize,
  }
}

const nameAgreements = ['full', 'initial', 'surname', 'different']

/** How two records' names agree, as an index into `levels.name`; -1 when either has none. */
export function nameLevel(c: RecordColumns, a: number, b: number): number {
  const x = c.name[a] as number
  const y = c.name[b] as number
  if (x < 0 || y < 0) return -1
  const key = x < y ? x * c.names.length + y : y * c.names.length + x
  let level = c.nameLevels.get(key)
  if (level === undefined) {
    level = nameAgreements.indexOf(compareNames(c.names[x] as PersonName, c.names[y] as PersonName))
    c.nameLevels.set(key, level)
  }
  return level
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
