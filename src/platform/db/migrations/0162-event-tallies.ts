import { type Kysely, sql } from 'kysely'
import { backfill, type Tally, triggerFunction } from './0150-tallies.js'

// The events page showed each event's counted responses by reading every response collected at
// it (40,000 rows at a million, most of a second). They are kept as totals like the others (see
// migration 0150): responses collected at an event by its standing, changed by the same statement
// triggers on responses, so the page reads a row an event and standing.

const eventTally: Tally = {
  table: 'event_response_tallies',
  key: ['consultation_id', 'event_id', 'standing'],
  select: (rows) => `select consultation_id, event_id, heard_response_standing(status, late, late_decision)
    from ${rows} where event_id is not null`,
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table event_response_tallies (
      consultation_id uuid not null,
      event_id uuid not null,
      standing text not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, event_id, standing, shard)
    );
    ${triggerFunction('heard_tally_event_responses', eventTally)}
    lock table responses in share row exclusive mode;
    ${backfill(eventTally, 'responses')}
    create trigger heard_tally_event_responses_in after insert on responses
      referencing new table as new_rows for each statement execute function heard_tally_event_responses();
    create trigger heard_tally_event_responses_change after update on responses
      referencing old table as old_rows new table as new_rows for each statement execute function heard_tally_event_responses();
    create trigger heard_tally_event_responses_out after delete on responses
      referencing old table as old_rows for each statement execute function heard_tally_event_responses();
  `.execute(db)
}
