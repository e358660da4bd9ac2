import { type Kysely, sql } from 'kysely'

// What the analyst asked of a run, such as the number of themes discovery should find; empty when
// the run chooses for itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table coding_runs
      add column settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object');
  `.execute(db)
}
