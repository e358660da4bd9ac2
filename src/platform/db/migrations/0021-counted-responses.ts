import { type Kysely, sql } from 'kysely'

// One definition of a counted response, in the database so that every query, view and trigger can
// use the same words: a response counts unless staff excluded it, or it came late and a manager
// refused it or has not yet decided. Every other standing says why a response is left out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function heard_response_standing(status text, late boolean, late_decision text)
      returns text language sql immutable parallel safe as $$
        select case
          when status = 'excluded' then 'excluded'
          when late and late_decision = 'refused' then 'late_refused'
          when late and late_decision is null then 'late_undecided'
          else 'counted'
        end
      $$;

    create view response_standings as
      select id as response_id, consultation_id, channel, partner_organisation_id,
        heard_response_standing(status, late, late_decision) as standing
      from responses;

    create index responses_standing_idx
      on responses (consultation_id, status, late, late_decision, channel);
  `.execute(db)
}
