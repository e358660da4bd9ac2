import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { sealAuditEntries } from './audit-log.js'

export interface AuditSealer {
  /**
   * Resolves once every entry queued before the call is in the chain (or the sealing failed and
   * `onError` was told; the entries stay queued for the next sealing). Callers arriving while a
   * sealing runs share the next one, so one process seals in batches, never once per entry.
   */
  sealQueued(): Promise<void>
}

export function createAuditSealer(db: Kysely<Database>, onError: (error: unknown) => void): AuditSealer {
  let running: Promise<void> | undefined
  let following: Promise<void> | undefined

  const seal = (): Promise<void> =>
    sealAuditEntries(db).then(
      () => undefined,
      (error: unknown) => onError(error),
    )

  function sealQueued(): Promise<void> {
    if (!running) {
      running = seal().finally(() => {
        running = undefined
      })
      return running
    }
    // The running sealing may have read the queue before this caller's entry was committed.
    following ??= running.then(() => {
      following = undefined
      return sealQueued()
    })
    return following
  }

  return { sealQueued }
}
