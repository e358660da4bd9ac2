import { type Kysely, sql } from 'kysely'

// Bulk import of responses collected elsewhere. The uploaded file is kept in the database in
// chunks, so whichever process runs the import job can read it; mappings are saved per
// consultation to be reused; each imported response keeps its import and row key, and its
// submission key is derived from the row key, so importing the same rows again adds nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_mappings (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      name text not null check (length(name) between 1 and 100),
      columns jsonb not null check (jsonb_typeof(columns) = 'object'),
      id_column text,
      updated_by uuid references users (id),
      updated_at timestamptz not null default now(),
      unique (consultation_id, name)
    );

    create table imports (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      file_name text not null,
      format text not null check (format in ('csv', 'xlsx')),
      sheet text,
      byte_size bigint not null,
      sha256 text not null,
      columns jsonb,
      id_column text,
      status text not null default 'uploaded' check (status in (
        'uploaded', 'queued', 'checking', 'checked', 'importing', 'imported', 'refused', 'failed'
      )),
      dry_run boolean not null default false,
      rows_read integer not null default 0,
      rows_new integer not null default 0,
      rows_already integer not null default 0,
      formula_like integer not null default 0,
      problem_count integer not null default 0,
      problems jsonb not null default '[]'::jsonb,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index imports_consultation_idx on imports (consultation_id, created_at);
    create index imports_sha256_idx on imports (consultation_id, sha256);

    create table import_file_chunks (
      import_id uuid not null references imports (id) on delete cascade,
      seq integer not null,
      data bytea not null,
      primary key (import_id, seq)
    );

    alter table responses
      add column import_id uuid references imports (id),
      add column import_row_key text;
  `.execute(db)
}
