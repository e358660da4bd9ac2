import { type Kysely, sql } from 'kysely'

// Anti-abuse on the public form flags rather than refuses: a response that tripped a check is
// stored with why (flags) and a salted hash of the address it came from, never the address itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table responses
      add column flags jsonb not null default '[]'::jsonb check (jsonb_typeof(flags) = 'array'),
      add column address_hash text;
    create index responses_flagged_idx on responses (consultation_id) where flags <> '[]'::jsonb;
  `.execute(db)
}
