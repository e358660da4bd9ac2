import { type Kysely, sql } from 'kysely'

// Reports of Findings. A report has versions; the draft holds the author's sections and the
// evidence last gathered from the analysis, and approval freezes both into a snapshot with its
// content hash. An approved version is never updated: a change makes the next version.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reports (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null unique references consultations (id),
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create table report_versions (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references reports (id),
      version integer not null,
      status text not null default 'draft' check (status in ('draft', 'approved')),
      sections jsonb not null,
      evidence jsonb,
      evidence_gathered_at timestamptz,
      -- Gathering runs as a background job; its state and progress, for any process to show.
      gathering text check (gathering in ('queued', 'running', 'failed')),
      gathering_step integer not null default 0,
      gathering_steps integer not null default 0,
      gathering_requested_at timestamptz,
      snapshot jsonb,
      content_hash text,
      changes jsonb not null default '[]',
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      approved_by uuid references users (id),
      approved_at timestamptz,
      unique (report_id, version)
    );
    -- At most one draft a report: a second would leave two next versions.
    create unique index report_versions_one_draft on report_versions (report_id) where status = 'draft';
  `.execute(db)
}
