import { type Kysely, sql } from 'kysely'

// Second factors for staff sign-in. A TOTP secret must be readable to check a code, so it is kept
// as it is; recovery codes are random enough that a plain SHA-256 of each is as good as a slow hash.
// The last time step accepted is kept so that a code seen over someone's shoulder cannot be used again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_totp (
      user_id uuid primary key references users (id) on delete cascade,
      secret text not null,
      last_time_step bigint,
      enrolled_at timestamptz not null default now()
    );

    create table user_recovery_codes (
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      primary key (user_id, code_hash)
    );
  `.execute(db)
}
