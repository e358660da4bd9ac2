import { type Kysely, sql } from 'kysely'

// Late returns are a few in a thousand responses: an index of their own lets the paper page's
// counts and the late-returns list read them alone, where the index on standing read every
// response of the consultation to find them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index responses_late_idx on responses (consultation_id, received_at, id) where late`.execute(
    db,
  )
}
