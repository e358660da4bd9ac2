import { type Kysely, sql } from 'kysely'

// Events, correspondence and partner entry. Everything that can be coded is a response row (the
// coding workspace codes responses), so these tables only say what kind of record a response is
// and what came with it; the text itself is in the response's answers like any comment.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table events
      add column organiser text not null default '',
      add column updated_at timestamptz;
    create index responses_event_idx on responses (event_id) where event_id is not null;

    -- Notes of what was said at an event: one record per note, on the event channel.
    create table event_notes (
      response_id uuid primary key references responses (id),
      event_id uuid not null references events (id),
      recorded_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index event_notes_event_idx on event_notes (event_id);

    -- An email, letter or phone call; formal ones (from an organisation or an elected member)
    -- keep the document as received beside a summary.
    create table correspondence (
      response_id uuid primary key references responses (id),
      sender_kind text not null check (sender_kind in ('person', 'organisation', 'elected_member')),
      summary text not null default '',
      recorded_by uuid references users (id),
      created_at timestamptz not null default now(),
      check (sender_kind = 'person' or btrim(summary) <> '')
    );

    create table correspondence_files (
      response_id uuid primary key references correspondence (response_id),
      file_name text not null,
      media_type text not null,
      byte_size integer not null check (byte_size > 0),
      sha256 text not null,
      content bytea not null
    );

    create index users_organisation_idx on users (organisation_id) where organisation_id is not null;
  `.execute(db)
}
