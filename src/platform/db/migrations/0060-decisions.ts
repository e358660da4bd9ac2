import { type Kysely, sql } from 'kysely'

// From findings to decision and what followed: how each theme was considered for each proposal,
// equality due regard, the Decision-Making Business Case (versioned and approved like a report),
// the decision record (append-only: a correction is a new row that supersedes the old), and the
// co-production workstreams and actions that follow it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A consideration may only name a theme and a proposal of its own consultation: the pairs are
    -- made referenceable so the database refuses a theme from another consultation.
    alter table themes add constraint themes_id_consultation unique (id, consultation_id);
    alter table proposals add constraint proposals_id_consultation unique (id, consultation_id);

    create table decision_considerations (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      proposal_id uuid not null,
      theme_id uuid not null,
      outcome text not null check (outcome in ('accepted', 'mitigated', 'noted', 'not_accepted')),
      response text not null,
      -- What the codeframe said when it was written: comments with the theme, coded comments on
      -- the proposal, and by group; shown under the disclosure threshold's suppression.
      theme_count integer not null,
      coded_comments integer not null,
      groups jsonb not null default '[]',
      written_by uuid references users (id),
      written_by_label text not null,
      written_at timestamptz not null,
      signed_off_by uuid references users (id),
      signed_off_label text,
      signed_off_at timestamptz,
      unique (proposal_id, theme_id),
      foreign key (proposal_id, consultation_id) references proposals (id, consultation_id),
      foreign key (theme_id, consultation_id) references themes (id, consultation_id),
      check ((signed_off_at is null) = (signed_off_label is null))
    );
    create index decision_considerations_consultation on decision_considerations (consultation_id);

    create table decision_equality_records (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      group_label text not null,
      basis text not null check (basis in ('under_heard', 'difference')),
      conclusion text not null,
      action text not null,
      written_by uuid references users (id),
      written_by_label text not null,
      written_at timestamptz not null,
      signed_off_by uuid references users (id),
      signed_off_label text,
      signed_off_at timestamptz,
      unique (consultation_id, group_label, basis)
    );

    create table business_case_versions (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      version integer not null,
      status text not null default 'draft' check (status in ('draft', 'approved')),
      introduction text not null default '',
      snapshot jsonb,
      content_hash text,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      approved_by uuid references users (id),
      approved_at timestamptz,
      unique (consultation_id, version),
      check ((status = 'approved') = (snapshot is not null and content_hash is not null and approved_at is not null))
    );
    create unique index business_case_versions_one_draft on business_case_versions (consultation_id)
      where status = 'draft';

    create table decision_records (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      body text not null,
      meeting_id uuid references meetings (id),
      meeting_on date not null,
      held_in_public boolean not null,
      conditions text not null default '',
      minutes_url text not null default '',
      papers jsonb not null,
      recorded_by uuid references users (id),
      recorded_by_label text not null,
      recorded_at timestamptz not null,
      supersedes uuid unique references decision_records (id),
      correction_reason text,
      check ((supersedes is null) = (correction_reason is null))
    );
    create index decision_records_consultation on decision_records (consultation_id, recorded_at);
    -- One first record a consultation; everything after it is a correction of the one before.
    create unique index decision_records_one_first on decision_records (consultation_id) where supersedes is null;

    create table decision_resolutions (
      decision_id uuid not null references decision_records (id),
      consultation_id uuid not null,
      proposal_id uuid not null,
      outcome text not null check (outcome in ('approved', 'approved_with_changes', 'deferred', 'rejected')),
      note text not null default '',
      primary key (decision_id, proposal_id),
      foreign key (proposal_id, consultation_id) references proposals (id, consultation_id)
    );

    -- The decision and its resolutions are a record of what happened: never changed, never removed.
    create function decision_records_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'decision records are append-only: record a correction instead';
    end $$;
    create trigger decision_records_append_only before update or delete on decision_records
      for each row execute function decision_records_append_only();
    create trigger decision_resolutions_append_only before update or delete on decision_resolutions
      for each row execute function decision_records_append_only();

    create table follow_up_workstreams (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      title text not null,
      description text not null default '',
      partners text not null default '',
      -- People involved, as counts by group (never names): [{ "group": "...", "count": n }].
      involvement jsonb not null default '[]',
      created_by uuid references users (id),
      created_at timestamptz not null,
      unique (id, consultation_id)
    );

    create table follow_up_actions (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      workstream_id uuid,
      title text not null,
      owner text not null,
      due_on date not null,
      status text not null default 'planned' check (status in ('planned', 'in_progress', 'done')),
      evidence text not null default '',
      created_by uuid references users (id),
      created_at timestamptz not null,
      done_at timestamptz,
      unique (id, consultation_id),
      foreign key (workstream_id, consultation_id) references follow_up_workstreams (id, consultation_id),
      check ((status = 'done') = (done_at is not null))
    );
    -- Overdue is read from open actions' due days, as the governance actions are.
    create index follow_up_actions_open_due on follow_up_actions (due_on) where status <> 'done';
    create index follow_up_actions_consultation on follow_up_actions (consultation_id, due_on);

    create table follow_up_action_themes (
      action_id uuid not null,
      consultation_id uuid not null,
      theme_id uuid not null,
      primary key (action_id, theme_id),
      foreign key (action_id, consultation_id) references follow_up_actions (id, consultation_id),
      foreign key (theme_id, consultation_id) references themes (id, consultation_id)
    );

    create table follow_up_action_proposals (
      action_id uuid not null,
      consultation_id uuid not null,
      proposal_id uuid not null,
      primary key (action_id, proposal_id),
      foreign key (action_id, consultation_id) references follow_up_actions (id, consultation_id),
      foreign key (proposal_id, consultation_id) references proposals (id, consultation_id)
    );

    create table follow_up_progress (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null references follow_up_actions (id),
      status text not null check (status in ('planned', 'in_progress', 'done')),
      note text not null,
      evidence text not null default '',
      written_by uuid references users (id),
      written_by_label text not null,
      written_at timestamptz not null
    );
    create index follow_up_progress_action on follow_up_progress (action_id, written_at);
  `.execute(db)
}
