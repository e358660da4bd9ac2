import type { Kysely } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

// Which responses the safeguarding detector has read. A marker row per response, rather than a
// time watermark, so a response committed late by a slow transaction or an import is never skipped.

/** Responses of any channel and status that the detector has not read yet, oldest first. */
export function listUnscannedResponses(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('responses as r')
    .select(['r.id', 'r.consultation_id', 'r.answers'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('safeguarding_scans as s')
            .select('s.response_id')
            .whereRef('s.response_id', '=', 'r.id'),
        ),
      ),
    )
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .limit(limit)
    .execute()
}

export async function markScanned(
  db: Kysely<Database>,
  rows: readonly { responseId: string; flagged: number }[],
  at: Date,
) {
  if (rows.length === 0) return
  await db
    .insertInto('safeguarding_scans')
    .values(rows.map((r) => ({ response_id: r.responseId, flagged: r.flagged, scanned_at: at })))
    .onConflict((oc) => oc.column('response_id').doNothing())
    .execute()
}
