import { createHash, randomBytes } from 'node:crypto'
import { generateSecret, generateURI, verifySync } from 'otplib'

/** How far from now a code may be, in seconds: one 30-second step either way, for clocks that drift. */
const toleranceSeconds = 30

export const newTotpSecret = (): string => generateSecret()

/** The address an authenticator app reads from the QR code. */
export const totpAddress = (secret: string, email: string): string =>
  generateURI({ issuer: 'Heard', label: email, secret })

/** Whether it looks like an authenticator's code, so a recovery code is not checked as one. */
export const looksLikeTotpCode = (code: string): boolean => /^\d{6}$/.test(code)

/**
 * The time step a code is valid for at `now`, or undefined; a step at or before `afterTimeStep`
 * was already used, and is refused so that a code seen once cannot be replayed.
 */
export function acceptedTimeStep(
  secret: string,
  code: string,
  now: Date,
  afterTimeStep?: number,
): number | undefined {
  if (!looksLikeTotpCode(code)) return undefined
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: toleranceSeconds,
    ...(afterTimeStep === undefined ? {} : { afterTimeStep }),
  })
  // The result's type covers HOTP too, which has no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined
}

const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
export const recoveryCodeCount = 10

/** Ten single-use codes of ten characters (about 49 bits each), written as two groups of five. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    let code = ''
    while (code.length < 10) {
      const [byte = 0] = randomBytes(1)
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % recoveryAlphabet.length))
        code += recoveryAlphabet[byte % recoveryAlphabet.length]
    }
    return `${code.slice(0, 5)}-${code.slice(5)}`
  })
}

/** What is stored for a recovery code: people may type it with capitals, spaces or no hyphen. */
export function hashRecoveryCode(code: string): string {
  const normalised = code.toLowerCase().replace(/[\s-]/g, '')
  return createHash('sha256').update(normalised).digest('hex')
}
