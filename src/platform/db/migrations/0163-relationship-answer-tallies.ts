import { type Kysely, sql } from 'kysely'
import { backfill, type Tally, triggerFunction } from './0150-tallies.js'

// A question's results by the answer to `relationship` (who someone is: service user, carer,
// staff...) scanned every closed answer of the consultation: 0.7 s at a million. Each response's
// closed answers are now kept with its answer to `relationship`, as totals like the others (see
// migration 0150), so the page reads a few hundred rows a question.
//
// The totals keep the answers as given, not their codes: a new questionnaire version re-plans the
// codes (and where each question's code is kept) in the same statement that re-codes every answer,
// and a total kept by code could not tell the old plan from the new. A reader codes the kept
// answers with the consultation's current coder (`heard_code_answers`), which codes each question
// from its own answer alone, so the codes are those the closed answers hold. Each response is also
// kept once under the question '*', so a reader has the responses that gave no answer. The
// questions kept are the plan's; a new plan (a new version) counts its consultation again.

const tallied = (rows: string) => `select r.consultation_id, q.key, q.answer,
    coalesce(r.answers -> 'relationship', 'null'::jsonb), r.status = 'excluded',
    r.late and r.late_decision is distinct from 'admitted'
    from ${rows} r join closed_answer_plans p on p.consultation_id = r.consultation_id
    cross join lateral (
      select k.key, r.answers -> k.key from (select distinct unnest(p.slot_keys)) k(key) where r.answers ? k.key
      union all select '*', 'null'::jsonb) q(key, answer)`

const relationshipTally: Tally = {
  table: 'relationship_answer_tallies',
  key: ['consultation_id', 'question_key', 'answer', 'relationship', 'is_excluded', 'is_late'],
  select: tallied,
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table relationship_answer_tallies (
      consultation_id uuid not null,
      question_key text not null,
      answer jsonb not null,
      relationship jsonb not null,
      is_excluded boolean not null,
      is_late boolean not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, question_key, answer, relationship, is_excluded, is_late, shard)
    );
    ${triggerFunction('heard_tally_relationship_answers', relationshipTally)}
    create function heard_recount_relationship_answers() returns trigger language plpgsql as $$
    begin
      delete from relationship_answer_tallies where consultation_id = new.consultation_id;
      insert into relationship_answer_tallies
        (consultation_id, question_key, answer, relationship, is_excluded, is_late, shard, n)
      select k.*, 0, count(*) from (${sql.raw(tallied('(select * from responses where consultation_id = new.consultation_id)'))}) k
      group by 1, 2, 3, 4, 5, 6;
      return null;
    end
    $$;
    lock table responses in share row exclusive mode;
    ${backfill(relationshipTally, 'responses')}
    create trigger heard_tally_relationship_answers_in after insert on responses
      referencing new table as new_rows for each statement execute function heard_tally_relationship_answers();
    create trigger heard_tally_relationship_answers_change after update on responses
      referencing old table as old_rows new table as new_rows
      for each statement execute function heard_tally_relationship_answers();
    create trigger heard_tally_relationship_answers_out after delete on responses
      referencing old table as old_rows for each statement execute function heard_tally_relationship_answers();
    create trigger closed_answer_plans_recount_relationship_answers
      after insert or update on closed_answer_plans
      for each row execute function heard_recount_relationship_answers();
  `.execute(db)
}
