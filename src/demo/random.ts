import { createHash } from 'node:crypto'

export { seededRandom } from '../platform/random/seeded-random.js'

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

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0')

/** A 32-bit number standing for a name, so that uses of ordered ids do not collide. */
export function namespaceOf(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0)
}

/**
 * A UUID (version 8, "custom") fixed by a namespace and a position: the same seed makes the same
 * ids, and ids that rise with the position keep bulk loads appending to indexes rather than
 * scattering writes across them, which is several times faster for a million rows.
 */
export function orderedUuid(namespace: number, index: number): string {
  let mix = Math.imul(index ^ namespace, 0x9e3779b1) >>> 0
  mix = Math.imul(mix ^ (mix >>> 15), 0x85ebca6b) >>> 0
  const other = Math.imul(mix ^ (mix >>> 13), 0xc2b2ae35) >>> 0
  const ns = hex8(namespace).slice(0, 4)
  const position = hex8(index)
  const random = hex8(mix) + hex8(other)
  return `${ns}${position.slice(0, 4)}-${position.slice(4)}-8${random.slice(0, 3)}-${'89ab'[mix & 3]}${random.slice(3, 6)}-${random.slice(6, 16)}${hex8(index ^ other).slice(0, 2)}`
}
