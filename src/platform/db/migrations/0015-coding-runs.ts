import { type Kysely, sql } from 'kysely'

// Background work of free-text analysis: runs of auto-coding training and theme discovery, queued
// by an analyst and done by a job, with what they found; and which responses the safeguarding
// detector has already read, so every response is scanned once soon after it arrives, whatever
// its channel, without the online submit waiting for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table coding_runs (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      kind text not null check (kind in ('train', 'discover')),
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      requested_by uuid references users (id),
      requested_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      model_name text,
      model_version text,
      result jsonb,
      error text
    );
    create index coding_runs_consultation_idx on coding_runs (consultation_id, kind, requested_at desc);
    create index coding_runs_queued_idx on coding_runs (requested_at) where status = 'queued';

    create table safeguarding_scans (
      response_id uuid primary key references responses (id),
      scanned_at timestamptz not null default now(),
      flagged integer not null default 0
    );
  `.execute(db)
}
