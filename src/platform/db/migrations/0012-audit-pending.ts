import { type Kysely, sql } from 'kysely'

// Busy writers (online responses) queue their audit entries here, in the same transaction as
// their change, instead of waiting in line for the chain's lock; the sealer moves them into
// audit_log in batches, hashed in order. Queued entries cannot be edited; the sealer deletes
// each one in the transaction that appends it to the chain.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_pending (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      actor_user_id uuid references users (id),
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      details jsonb not null default '{}'::jsonb
    );
    create trigger audit_pending_unchangeable before update on audit_pending
      for each row execute function heard_refuse_change();
  `.execute(db)
}
