import { createHmac } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'
import type { ResponseFlag } from '../../../platform/db/schema.js'

// Anti-abuse for the public form that never shuts out real people: libraries, workplaces and
// events send many genuine responses from one address, so a busy address is flagged for staff
// to look at, and refused only far above anything a room of people could send.

/**
 * The honeypot: a field people cannot see and are told to leave empty, which form-filling robots
 * fill in. The name is one robots like and browsers' autofill does not use with autocomplete off.
 */
export const honeypotField = 'website'

export interface SubmitLimits {
  /** Responses from one address in a window above which each is stored with a flag. */
  flagPerHour: number
  /** Responses from one address in a window above which they are refused. */
  limitPerHour: number
}

export const submitWindowMs = 60 * 60 * 1000

export type AddressVerdict = 'ordinary' | 'flag' | 'refuse'

/** What to do with the `count`th submission from one address in the window. */
export function judgeAddress(count: number, limits: SubmitLimits): AddressVerdict {
  if (count > limits.limitPerHour) return 'refuse'
  if (count > limits.flagPerHour) return 'flag'
  return 'ordinary'
}

/** Anything in the honeypot but nothing at all (or only spaces) means a robot, or an unusual accident. */
export function honeypotFilled(body: Record<string, unknown>): boolean {
  const value = body[honeypotField]
  if (value === undefined) return false
  return typeof value !== 'string' || value.trim() !== ''
}

/** The body without the honeypot, which is not an answer. */
export function withoutHoneypot(body: Record<string, unknown>): Record<string, unknown> {
  const { [honeypotField]: _honeypot, ...rest } = body
  return rest
}

export function responseFlags(checks: { honeypot: boolean; verdict: AddressVerdict }): ResponseFlag[] {
  const flags: ResponseFlag[] = []
  if (checks.honeypot) flags.push('honeypot')
  if (checks.verdict !== 'ordinary') flags.push('many_from_address')
  return flags
}

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined
  const [head = '', tail] = address.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':'))
  const headParts = parse(head)
  const tailParts = tail === undefined ? [] : parse(tail)
  const groups: number[] = []
  for (const part of [
    ...headParts,
    ...Array(8 - headParts.length - tailParts.length).fill('0'),
    ...tailParts,
  ]) {
    groups.push(part.includes('.') ? Number.NaN : Number.parseInt(part, 16))
  }
  return groups
}

/**
 * The part of an address that identifies one connection: an IPv4 address (also when written as
 * IPv4-mapped IPv6), or the /64 network of an IPv6 address, since one household or device may
 * draw many addresses from its /64.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1]
  const groups = ipv6Groups(address)
  if (!groups || groups.some(Number.isNaN)) return address
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** A salted hash of the address's bucket: the same connection gives the same hash; the address cannot be read back. */
export function hashAddress(salt: string, address: string): string {
  return createHmac('sha256', salt).update(addressBucket(address)).digest('base64url').slice(0, 22)
}
