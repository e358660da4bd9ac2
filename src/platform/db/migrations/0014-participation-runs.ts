import { type Kysely, sql } from 'kysely'

// Duplicate detection runs as a background job. A consultation's run now also says where the job
// is: queued, running (with its stage and how far it has got), done or failed, and who asked.
// The groups stored and when they were found (detected_at) stay those of the last finished run,
// so a first run that is still queued has none yet.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table participation_runs
      alter column detected_at drop not null,
      alter column responses_seen drop not null,
      alter column settings drop not null,
      add column status text not null default 'done'
        check (status in ('queued', 'running', 'done', 'failed')),
      add column stage text,
      add column progress_done integer not null default 0 check (progress_done >= 0),
      add column progress_total integer not null default 0 check (progress_total >= 0),
      add column requested_at timestamptz,
      add column requested_by uuid references users (id),
      add column started_at timestamptz,
      add column finished_at timestamptz,
      add column summary jsonb;
  `.execute(db)
}
