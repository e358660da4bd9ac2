import { type Kysely, sql } from 'kysely'

// A response is never deleted: excluding it records who, when and why, and keeps the row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table responses
      add column excluded_at timestamptz,
      add column excluded_by uuid references users (id),
      add column exclusion_reason text,
      add constraint responses_exclusion_recorded check (
        (status = 'excluded') = (excluded_at is not null and exclusion_reason is not null)
      );
  `.execute(db)
}
