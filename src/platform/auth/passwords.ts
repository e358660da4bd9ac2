import { randomBytes } from 'node:crypto'
import argon2 from 'argon2'

// argon2id with the library's defaults (64 MiB, 3 passes), which meet OWASP's recommendation.
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

// A hash of nothing anyone knows, verified when the email is unknown so timing does not reveal accounts.
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64url'))
  return decoyHash
}

/** A password for a generated account: 20 characters from an unambiguous alphabet (about 115 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(40)
  let out = ''
  for (const byte of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length]
    if (out.length === 20) break
  }
  return out.length === 20 ? out : generatePassword()
}
