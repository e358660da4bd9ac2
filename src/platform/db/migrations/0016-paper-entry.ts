import { type Kysely, sql } from 'kysely'

// Paper questionnaires keyed by data-entry staff. A paper is one row per printed reference in a
// consultation (so a reference is never entered twice); each keying of it is kept, by whom, so
// double entry can compare two blind keyings, and a supervisor's resolution is kept beside them
// for per-keyer accuracy. A paper becomes a response only once reconciled.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table consultations add column paper_double_entry boolean not null default false;

    create table paper_returns (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      questionnaire_version_id uuid not null references questionnaire_versions (id),
      paper_reference text not null check (paper_reference ~ '^[A-Z0-9]{1,9}$'),
      double_entry boolean not null,
      status text not null check (status in ('awaiting_second', 'mismatched', 'reconciled')),
      response_id uuid unique references responses (id),
      resolved_fields jsonb check (resolved_fields is null or jsonb_typeof(resolved_fields) = 'object'),
      resolved_by uuid references users (id),
      resolved_at timestamptz,
      created_at timestamptz not null default now(),
      unique (consultation_id, paper_reference),
      check ((status = 'reconciled') = (response_id is not null))
    );
    create index paper_returns_status_idx on paper_returns (consultation_id, status);

    create table paper_keyings (
      id uuid primary key default gen_random_uuid(),
      paper_return_id uuid not null references paper_returns (id),
      copy smallint not null check (copy in (1, 2)),
      keyed_by uuid not null references users (id),
      keyed_at timestamptz not null,
      received_on date not null,
      batch text not null,
      answers jsonb not null check (jsonb_typeof(answers) = 'object'),
      unique (paper_return_id, copy),
      -- The same person may not key both copies of a paper.
      unique (paper_return_id, keyed_by)
    );

    -- The scan is kept in PostgreSQL, like document files, so every web process and backup has it.
    create table paper_scans (
      keying_id uuid primary key references paper_keyings (id),
      media_type text not null,
      byte_size integer not null check (byte_size > 0),
      sha256 text not null,
      content bytea not null
    );
  `.execute(db)
}
