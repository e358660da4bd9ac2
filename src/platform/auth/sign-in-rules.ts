// The decisions of signing in, apart from the requests and the database they are made for, so
// that each can be tried at its edges (src/platform/auth/sign-in-rules.test.ts).

/** What the audit says of a refused attempt. */
export type SignInRefusal = 'unknown account' | 'wrong password' | 'account disabled'

/**
 * Why an attempt with this account and password check is refused, or undefined when it succeeds.
 * A disabled account is refused even with its right password.
 */
export function signInRefusal(
  account: { disabled_at: Date | null } | undefined,
  passwordValid: boolean,
): SignInRefusal | undefined {
  if (!account) return 'unknown account'
  if (account.disabled_at) return 'account disabled'
  if (!passwordValid) return 'wrong password'
  return undefined
}

/** A count of attempts in a window, and how long (ms) until the window ends. */
export interface AttemptCount {
  current: number
  ttl: number
}

// One address may fail across all accounts this many times the per-account limit, so an office
// behind one address is not locked out by a few people mistyping, while spraying one password
// across many accounts soon stops.
export const addressLimitFactor = 4

/**
 * Seconds until an attempt may be made again, when this one (already counted) goes over the
 * limit for its account from its address or for its address across accounts; undefined within both.
 */
export function signInRetryAfterSeconds(
  counts: { byAccount: AttemptCount; byAddress: AttemptCount },
  attemptsAllowed: number,
): number | undefined {
  const waits = [
    ...(counts.byAccount.current > attemptsAllowed ? [counts.byAccount.ttl] : []),
    ...(counts.byAddress.current > attemptsAllowed * addressLimitFactor ? [counts.byAddress.ttl] : []),
  ]
  return waits.length > 0 ? Math.ceil(Math.max(...waits) / 1000) : undefined
}

// However active a session is, it ends this long after sign-in, so a stolen or forgotten one does
// not live for ever by being used.
export const sessionAbsoluteLifetimeMs = 12 * 60 * 60 * 1000

/** Whether a session signed in at `signedInAt` (ms since the epoch) has ended by `nowMs`. */
export const sessionOutlived = (signedInAt: number | undefined, nowMs: number): boolean =>
  nowMs - (signedInAt ?? 0) >= sessionAbsoluteLifetimeMs

/** What a signed-in session holds. */
interface SignedInSession {
  regenerate(): Promise<void>
  userId?: string
  signedInAt?: number
}

/**
 * Makes the request's session a signed-in one, under a new id: an id planted before sign-in
 * (session fixation) is worthless after it. Regenerating puts a new session on the request, so the
 * user is written to that one, never to the one it replaced.
 */
export async function beginSignedInSession(
  request: { session: SignedInSession },
  userId: string,
  nowMs: number,
): Promise<void> {
  await request.session.regenerate()
  request.session.userId = userId
  request.session.signedInAt = nowMs
}
