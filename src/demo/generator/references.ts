import { referenceAlphabet } from '../../features/responses/index.js'
import type { Random } from './sampling.js'

// Receipt references for generated responses: the alphabet and shape of online receipts, drawn
// from the seeded generator so that a run repeats.

// References are drawn two characters at a time: 23 × 23 = 529 pairs.
const pairs = [...referenceAlphabet].flatMap((a) => [...referenceAlphabet].map((b) => a + b))
const pairIndex = (random: Random) =>
  Math.floor(random() * referenceAlphabet.length) * referenceAlphabet.length +
  Math.floor(random() * referenceAlphabet.length)

/**
 * Eight characters drawn from the receipt alphabet, unique in this stream. The set holds each
 * reference as a number (23^8 is well inside a double's exact range), which is cheaper to keep
 * and look up than a string.
 */
export function uniqueReference(random: Random, used: Set<number>): string {
  for (;;) {
    const a = pairIndex(random)
    const b = pairIndex(random)
    const c = pairIndex(random)
    const d = pairIndex(random)
    const value = ((a * pairs.length + b) * pairs.length + c) * pairs.length + d
    if (used.has(value)) continue
    used.add(value)
    return `${pairs[a]}${pairs[b]}-${pairs[c]}${pairs[d]}`
  }
}
