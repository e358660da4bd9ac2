import { type Kysely, sql } from 'kysely'

// A running import's progress, apart from its `imports` row. Every imported response's foreign key
// locks that row, and each update of it left a version the running import had to step over on
// every later row: at a million rows the last batches took six times as long to store as the first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_progress (
      import_id uuid primary key references imports (id) on delete cascade,
      rows_read integer not null,
      updated_at timestamptz not null
    );
  `.execute(db)
}
