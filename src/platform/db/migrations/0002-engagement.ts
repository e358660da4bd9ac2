import { type Kysely, sql } from 'kysely'

// Where responses came from besides the online form, who helped collect them, and (for the
// synthetic demo only) the known truth behind them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consultation_documents (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      kind text not null check (kind in (
        'consultation_document', 'summary', 'easy_read', 'large_print', 'translation',
        'faq', 'audio', 'video', 'bsl'
      )),
      language text not null default 'en' check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]+)*$'),
      title text not null,
      url text,
      created_at timestamptz not null default now()
    );
    create index consultation_documents_consultation_idx on consultation_documents (consultation_id);

    create table events (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      title text not null,
      held_at timestamptz not null,
      place text not null default '',
      format text not null check (format in ('in_person', 'online')),
      audience text not null default '',
      organisation_id uuid references organisations (id),
      attendees integer check (attendees >= 0),
      attendees_counted_by text not null default '',
      notes text not null default '',
      created_at timestamptz not null default now()
    );
    create index events_consultation_idx on events (consultation_id, held_at);

    alter table responses
      add column partner_organisation_id uuid references organisations (id),
      add column event_id uuid references events (id),
      add column responding_for text,
      add column late boolean not null default false;
    create index responses_partner_idx on responses (partner_organisation_id)
      where partner_organisation_id is not null;

    -- Identity is kept apart from the answers, which hold the equality monitoring data.
    create table respondent_contacts (
      response_id uuid primary key references responses (id),
      name text,
      email text,
      phone text,
      postcode text,
      consent_to_contact boolean not null default false
    );

    create table demo_truth (
      response_id uuid primary key references responses (id),
      person_id integer not null,
      duplicate_kind text check (duplicate_kind in ('exact', 'near')),
      duplicate_of uuid references responses (id),
      campaign text,
      profile jsonb not null,
      comments jsonb not null default '{}'::jsonb
    );
  `.execute(db)
}
