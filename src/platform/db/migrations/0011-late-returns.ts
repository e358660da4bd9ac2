import { type Kysely, sql } from 'kysely'

// A late return stays stored and out of the analysis until a manager decides: admitted (with a
// reason) counts it, refused keeps it out for good. Both decisions say who, when and why.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table responses
      add column late_decision text check (late_decision in ('admitted', 'refused')),
      add column late_decided_at timestamptz,
      add column late_decided_by uuid references users (id),
      add column late_decision_reason text,
      add constraint responses_late_decision_recorded check (
        late_decision is null
        or (late and late_decided_at is not null and late_decision_reason is not null)
      );
  `.execute(db)
}
