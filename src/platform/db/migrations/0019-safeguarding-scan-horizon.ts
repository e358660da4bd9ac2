import { type Kysely, sql } from 'kysely'

// The safeguarding scan reads only responses inserted since its last pass. Each response keeps the
// id of the transaction that inserted it (64-bit, so it never wraps): a transaction still open
// when a pass ran has an id at or above that pass's horizon, so its responses are read next time,
// however late it commits. Existing rows take this migration's id, so the first pass reads them all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table responses add column inserted_xid xid8 not null default pg_current_xact_id();
    create index responses_inserted_xid_idx on responses (inserted_xid, id);
  `.execute(db)
}
