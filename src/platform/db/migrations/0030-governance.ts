import { type Kysely, sql } from 'kysely'

// Committees, their meetings and agendas, what was asked and resolved there, and the actions a
// resolution asks for. A late or urgent item names the rule it relied on, the reason and who
// accepted it; a paper keeps the hash of the version the committee was given.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table committees (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name text not null,
      kind text not null check (kind in
        ('governing_body', 'joint_health_scrutiny', 'scrutiny_commission', 'health_wellbeing_board', 'other')),
      organisation text not null default '',
      -- Clear days before a meeting its papers should be published; fewer flags them late.
      notice_days integer not null check (notice_days between 0 and 60),
      contact_email text not null,
      created_at timestamptz not null default now()
    );

    create table meetings (
      id uuid primary key default gen_random_uuid(),
      committee_id uuid not null references committees (id),
      starts_at timestamptz not null,
      place text not null default '',
      online boolean not null default false,
      session text not null check (session in ('public', 'private')),
      webcast_url text not null default '',
      status text not null default 'scheduled' check (status in ('scheduled', 'held', 'minutes_approved')),
      minutes text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz
    );
    create index meetings_committee_idx on meetings (committee_id, starts_at);

    create table agenda_items (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings (id),
      position integer not null,
      title text not null,
      summary text not null default '',
      consultation_id uuid references consultations (id),
      late_kind text check (late_kind in ('late', 'urgent')),
      late_rule text not null default '',
      late_reason text not null default '',
      late_accepted_by text not null default '',
      created_at timestamptz not null default now(),
      unique (meeting_id, position),
      check (late_kind is null
        or (btrim(late_rule) <> '' and btrim(late_reason) <> '' and btrim(late_accepted_by) <> ''))
    );
    create index agenda_items_consultation_idx on agenda_items (consultation_id) where consultation_id is not null;

    create table agenda_papers (
      id uuid primary key default gen_random_uuid(),
      agenda_item_id uuid not null references agenda_items (id),
      kind text not null check (kind in ('report', 'business_case', 'equality_assessment', 'minutes', 'other')),
      title text not null,
      document_id uuid references consultation_documents (id),
      url text not null default '',
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      published_on date not null,
      created_at timestamptz not null default now()
    );
    create index agenda_papers_item_idx on agenda_papers (agenda_item_id);

    create table meeting_questions (
      id uuid primary key default gen_random_uuid(),
      agenda_item_id uuid not null references agenda_items (id),
      asked_by text not null,
      question text not null,
      answer text not null default '',
      live_answer text check (live_answer in ('who_responded')),
      created_at timestamptz not null default now()
    );
    create index meeting_questions_item_idx on meeting_questions (agenda_item_id);

    create table resolutions (
      id uuid primary key default gen_random_uuid(),
      agenda_item_id uuid not null references agenda_items (id),
      text text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz
    );
    create index resolutions_item_idx on resolutions (agenda_item_id);

    create table committee_actions (
      id uuid primary key default gen_random_uuid(),
      resolution_id uuid not null references resolutions (id),
      committee_id uuid not null references committees (id),
      description text not null,
      owner text not null,
      due_on date not null,
      due_meeting_id uuid references meetings (id),
      status text not null default 'open' check (status in ('open', 'closed')),
      closed_by_item_id uuid references agenda_items (id),
      closed_at timestamptz,
      reminded_at timestamptz,
      created_at timestamptz not null default now(),
      check ((status = 'closed') = (closed_by_item_id is not null))
    );
    create index committee_actions_committee_idx on committee_actions (committee_id, due_on);
    create index committee_actions_open_idx on committee_actions (due_on) where status = 'open';
    create index committee_actions_resolution_idx on committee_actions (resolution_id);

    -- Minutes and resolutions of a held meeting change only by a correction, kept with its reason.
    create table governance_corrections (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings (id),
      resolution_id uuid references resolutions (id),
      before text not null,
      after text not null,
      reason text not null check (btrim(reason) <> ''),
      corrected_by uuid references users (id),
      corrected_at timestamptz not null default now()
    );
    create index governance_corrections_meeting_idx on governance_corrections (meeting_id);
  `.execute(db)
}
