import { type Kysely, sql } from 'kysely'

// Everything a consultation manager sets up before launch: the consultation's public details,
// its lifecycle history, richer proposals, and documents whose files are kept in the database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table consultations
      add column sponsors jsonb not null default '[]'::jsonb check (jsonb_typeof(sponsors) = 'array'),
      add column areas jsonb not null default '[]'::jsonb check (jsonb_typeof(areas) = 'array'),
      add column contact_email text not null default '',
      add column contact_phone text not null default '',
      add column freepost_address text not null default '',
      add column privacy_notice text not null default '',
      add column next_steps text not null default '';

    -- Who moved a consultation from one status to the next, and when; the system for the timed
    -- opening and closing.
    create table consultation_status_changes (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      from_status text,
      to_status text not null,
      changed_at timestamptz not null,
      actor_user_id uuid references users (id),
      actor_label text not null
    );
    create index consultation_status_changes_idx on consultation_status_changes (consultation_id, changed_at);

    alter table proposals
      add column what_would_change text not null default '',
      add column who_is_affected text not null default '',
      -- Deferred, so that two proposals can swap places in one transaction.
      drop constraint proposals_consultation_id_position_key,
      add constraint proposals_consultation_id_position_key
        unique (consultation_id, position) deferrable initially deferred;

    -- Files live in PostgreSQL (bytea) so every web process sees them, a transaction stores the
    -- file and its record together or neither, and a database backup holds them too.
    alter table consultation_documents
      add column position integer not null default 0,
      add column file_name text,
      add column media_type text,
      add column byte_size integer check (byte_size >= 0),
      add column sha256 text;

    create table consultation_document_files (
      document_id uuid primary key references consultation_documents (id),
      content bytea not null
    );
  `.execute(db)
}
