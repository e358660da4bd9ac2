import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

// Which responses the safeguarding detector has read. A pass reads only responses inserted by
// transactions at or after the horizon the last complete pass reached (see migration 0019), so it
// never walks every response; a marker row per response read keeps a response from being read
// twice where passes overlap.

const horizonSetting = 'safeguarding_scan_horizon'

export interface ScanCursor {
  xid: string
  id: string
}

/**
 * Where this pass starts, and the horizon it may record when it has read everything: the oldest
 * transaction still running, as every older one has finished and its responses are visible. A
 * stored horizon ahead of this database's transactions (restored from another) counts from zero.
 */
export async function scanBounds(db: Kysely<Database>) {
  const { rows } = await sql<{ start: string; horizon: string }>`
    select least(coalesce(s.value::xid8, '0'::xid8), h.horizon)::text as start, h.horizon::text as horizon
    from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h
    left join settings s on s.key = ${horizonSetting}`.execute(db)
  const row = rows[0]
  if (!row) throw new Error('No scan horizon')
  return row
}

/** Records that every response inserted before `horizon` has been read; it never moves back. */
export async function advanceHorizon(db: Kysely<Database>, horizon: string) {
  await sql`
    insert into settings (key, value) values (${horizonSetting}, ${horizon})
    on conflict (key) do update
    set value = greatest(settings.value::xid8, excluded.value::xid8)::text, updated_at = now()`.execute(db)
}

/** Responses of any channel and status inserted from `start` on, after the cursor, not read yet. */
export function listUnscannedResponses(
  db: Kysely<Database>,
  start: string,
  after: ScanCursor | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('responses as r')
    .select(['r.id', 'r.consultation_id', 'r.answers', sql<string>`r.inserted_xid::text`.as('xid')])
    .where(sql<boolean>`r.inserted_xid >= ${start}::xid8`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('safeguarding_scans as s')
            .select('s.response_id')
            .whereRef('s.response_id', '=', 'r.id'),
        ),
      ),
    )
  if (after)
    query = query.where(sql<boolean>`(r.inserted_xid, r.id) > (${after.xid}::xid8, ${after.id}::uuid)`)
  return query.orderBy('r.inserted_xid').orderBy('r.id').limit(limit).execute()
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
