import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'

/** Who the browser and the key must agree this site is: its host name and its origin. */
export interface RelyingParty {
  id: string
  origin: string
  name: string
}

/** The site as HEARD_BASE_URL names it: a key made for one address is refused at any other. */
export function relyingPartyFor(baseUrl: string): RelyingParty {
  const url = new URL(baseUrl)
  return { id: url.hostname, origin: url.origin, name: 'Heard' }
}

export type ChallengePurpose = 'register' | 'authenticate'

/** A challenge handed to the browser, kept in the session until it is answered once. */
export interface StoredChallenge {
  challenge: string
  purpose: ChallengePurpose
  userId: string
  issuedAt: number
}

/** Long enough to find a key in a bag and touch it; the browser's own prompt gives up sooner. */
export const challengeLifetimeMs = 5 * 60 * 1000
export const ceremonyTimeoutMs = 2 * 60 * 1000

/** The challenge a response may answer: issued for this purpose, to this person, and not too long ago. */
export function usableChallenge(
  stored: StoredChallenge | undefined,
  purpose: ChallengePurpose,
  userId: string,
  nowMs: number,
): string | undefined {
  if (!stored || stored.purpose !== purpose || stored.userId !== userId) return undefined
  const age = nowMs - stored.issuedAt
  return age >= 0 && age <= challengeLifetimeMs ? stored.challenge : undefined
}

const base64url = /^[A-Za-z0-9_-]+$/
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isBase64url = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 16_384 && base64url.test(value)

/**
 * The browser's answer as JSON, if it has the shape of a public-key credential; the library checks
 * everything it signs, this only keeps other shapes (and its errors about them) away from it.
 */
function credentialShape(json: string, responseFields: readonly string[]) {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return undefined
  }
  if (!isRecord(parsed) || parsed.type !== 'public-key') return undefined
  if (!isBase64url(parsed.id) || !isBase64url(parsed.rawId) || !isRecord(parsed.response)) return undefined
  const response = parsed.response
  if (!responseFields.every((name) => isBase64url(response[name]))) return undefined
  return parsed
}

export function parseRegistrationResponse(json: string): RegistrationResponseJSON | undefined {
  const parsed = credentialShape(json, ['clientDataJSON', 'attestationObject'])
  return parsed ? (parsed as unknown as RegistrationResponseJSON) : undefined
}

export function parseAuthenticationResponse(json: string): AuthenticationResponseJSON | undefined {
  const parsed = credentialShape(json, ['clientDataJSON', 'authenticatorData', 'signature'])
  return parsed ? (parsed as unknown as AuthenticationResponseJSON) : undefined
}

const knownTransports = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])

/** The ways the browser says it reached the key, kept to offer them first next time. */
export function knownTransportsOf(transports: readonly string[] | undefined): string[] {
  return (transports ?? []).filter((transport) => knownTransports.has(transport))
}
