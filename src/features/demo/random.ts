import { createHash } from 'node:crypto'

// A seeded generator (mulberry32): the demo must come out the same for the same seed, which
// Math.random cannot do, and four lines do not justify a dependency.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** A version-4-shaped UUID drawn from the seeded generator, so demo submission keys repeat too. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(random() * 4)] ?? '8'
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** One of the items, each chosen with the probability of its weight (weights sum to 1). */
export function weightedPick<T>(random: () => number, items: readonly T[], weights: readonly number[]): T {
  let remaining = random()
  for (let i = 0; i < items.length; i++) {
    remaining -= weights[i] ?? 0
    const item = items[i]
    if (remaining < 0 && item !== undefined) return item
  }
  return pick(random, items)
}

/** A UUID fixed by a name and a number, so that rows made again from the same seed get the same ids. */
export function namedUuid(name: string, n: number): string {
  const hex = createHash('sha256').update(`${name}:${n}`).digest('hex')
  const variant = '89ab'[Number.parseInt(hex[16] ?? '0', 16) % 4]
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
