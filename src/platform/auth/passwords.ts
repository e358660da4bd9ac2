import { randomBytes } from 'node:crypto'
import argon2 from 'argon2'

/** How much work one argon2id hash takes: memory in KiB, and passes over it. */
export interface PasswordHashCost {
  memoryCost: number
  timeCost: number
}

// The library's defaults (64 MiB, 3 passes), which meet OWASP's recommendation.
export const standardPasswordHashCost: PasswordHashCost = { memoryCost: 65_536, timeCost: 3 }

export function hashPassword(
  password: string,
  cost: PasswordHashCost = standardPasswordHashCost,
): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

// A hash of nothing anyone knows, verified when the email is unknown so timing does not reveal
// accounts; made at the same cost as real ones so that it takes as long to verify.
const decoyHashes = new Map<string, Promise<string>>()
export function decoyPasswordHash(cost: PasswordHashCost = standardPasswordHashCost): Promise<string> {
  const key = `${cost.memoryCost}:${cost.timeCost}`
  let hash = decoyHashes.get(key)
  if (!hash) {
    hash = hashPassword(randomBytes(24).toString('base64url'), cost)
    decoyHashes.set(key, hash)
  }
  return hash
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
