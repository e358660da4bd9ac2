import { type Kysely, sql } from 'kysely'

// One-time links for staff accounts: an invitation to choose a first password, or a reset. Only
// a hash of the secret in the link is kept, so a copy of the database opens no account; a link
// works once, and not after it expires.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_links (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      purpose text not null check (purpose in ('invite', 'reset')),
      secret_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index staff_links_user_idx on staff_links (user_id);
  `.execute(db)
}
