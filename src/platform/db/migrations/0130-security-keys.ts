import { type Kysely, sql } from 'kysely'

// Security keys and passkeys (WebAuthn) as a second factor. Only the public key is kept: the
// private key never leaves the authenticator. The counter an authenticator reports is kept so a
// cloned key, whose counter falls behind, is refused.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_security_keys (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      credential_id text not null unique,
      public_key bytea not null,
      counter bigint not null default 0,
      transports text[] not null default '{}',
      name text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    );

    create index user_security_keys_user on user_security_keys (user_id);
  `.execute(db)
}
