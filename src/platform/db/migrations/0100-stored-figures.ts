import { type Kysely, sql } from 'kysely'

// "Who we heard from" and the scrutiny answer read figures stored by the last detection run, and
// say when the data has moved on since. Each response and each duplicate decision keeps the id of
// the transaction that last changed it in a way the figures would show (64-bit, so it never
// wraps). A run records the snapshot it began with: whatever it did not see was changed by a
// transaction that snapshot does not show, at or above its oldest open transaction, however late
// it committed, so one indexed range read, filtered by the snapshot, finds what has changed since.
// No counter row is shared by every submission, so concurrent submissions never wait on one
// another. Existing rows take this migration's id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function heard_mark_changed() returns trigger language plpgsql as $$
      begin
        new.changed_xid := pg_current_xact_id();
        return new;
      end
    $$;

    alter table responses add column changed_xid xid8 not null default pg_current_xact_id();
    create index responses_changed_xid_idx on responses (consultation_id, changed_xid);
    create trigger responses_mark_changed before update on responses for each row
      when ((old.status, old.late, old.late_decision, old.answers, old.channel, old.partner_organisation_id)
        is distinct from (new.status, new.late, new.late_decision, new.answers, new.channel, new.partner_organisation_id))
      execute function heard_mark_changed();

    alter table participation_decisions add column changed_xid xid8 not null default pg_current_xact_id();
    create trigger participation_decisions_mark_changed before update on participation_decisions
      for each row execute function heard_mark_changed();

    create table participation_figures (
      consultation_id uuid primary key references consultations (id),
      computed_at timestamptz not null,
      snapshot pg_snapshot not null,
      responses_seen integer not null,
      figures jsonb not null
    );
  `.execute(db)
}
