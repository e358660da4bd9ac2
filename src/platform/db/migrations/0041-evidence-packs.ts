import { type Kysely, sql } from 'kysely'

// Evidence packs built in the background: where each build stands, and the zip it made, kept in
// chunks so that neither building nor downloading holds a whole pack in memory.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evidence_packs (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      stage text,
      requested_by uuid references users (id),
      requested_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      byte_size bigint,
      sha256 text
    );
    create index evidence_packs_consultation_idx on evidence_packs (consultation_id, requested_at desc);

    create table evidence_pack_chunks (
      pack_id uuid not null references evidence_packs (id) on delete cascade,
      seq integer not null,
      data bytea not null,
      primary key (pack_id, seq)
    );
  `.execute(db)
}
