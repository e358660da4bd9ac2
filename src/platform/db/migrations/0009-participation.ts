import { type Kysely, sql } from 'kysely'

// Who was heard: groups of responses that look like one person (exact, likely), automation
// (burst) or a campaign, found by detection and replaced on each run; and the decisions people
// make about them, which are kept across runs by the group's key. Responses are never deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table participation_runs (
      consultation_id uuid primary key references consultations (id),
      detected_at timestamptz not null,
      responses_seen integer not null,
      settings jsonb not null
    );

    create table participation_groups (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      tier text not null check (tier in ('exact', 'likely', 'burst', 'campaign')),
      group_key text not null,
      evidence jsonb not null default '{}'::jsonb,
      detected_at timestamptz not null,
      unique (consultation_id, group_key)
    );

    create table participation_group_members (
      group_id uuid not null references participation_groups (id) on delete cascade,
      response_id uuid not null references responses (id),
      position integer not null check (position >= 0),
      primary key (group_id, response_id)
    );
    create index participation_group_members_response_idx on participation_group_members (response_id);

    create table participation_decisions (
      consultation_id uuid not null references consultations (id),
      group_key text not null,
      decision text not null check (decision in ('same_person', 'different_people')),
      reason text not null,
      decided_by uuid not null references users (id),
      decided_at timestamptz not null,
      primary key (consultation_id, group_key)
    );
  `.execute(db)
}
