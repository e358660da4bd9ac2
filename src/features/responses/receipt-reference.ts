import { randomInt } from 'node:crypto'

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B or U/V: references are read out over the phone and copied from paper.
export const referenceAlphabet = 'ACDEFGHJKMNPQRTWXY34679'
const length = 8

/** A receipt reference like "K7QF-M3XA": 23^8 ≈ 78 billion possibilities. */
export function generateReference(): string {
  let raw = ''
  for (let i = 0; i < length; i++) raw += referenceAlphabet[randomInt(referenceAlphabet.length)]
  return `${raw.slice(0, 4)}-${raw.slice(4)}`
}

/** What staff type when searching, made comparable: case, spaces and dashes do not matter. */
export function normaliseReference(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[\s-]/g, '')
  if (raw.length !== length || [...raw].some((c) => !referenceAlphabet.includes(c))) return undefined
  return `${raw.slice(0, 4)}-${raw.slice(4)}`
}
