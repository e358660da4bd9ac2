import { type Kysely, sql } from 'kysely'

// The staff's response list pages by keyset, newest first with the id to break ties: this index
// reads any page from the row next to it, where OFFSET read every row before it. It replaces the
// index on (consultation, submitted at), which it serves as well.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index responses_list_idx on responses (consultation_id, submitted_at, id);
    drop index responses_consultation_idx;
  `.execute(db)
}
