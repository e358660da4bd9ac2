import { type Kysely, sql } from 'kysely'
import { backfill, codingTallies, triggerFunction } from './0150-tallies.js'

// Migration 0150 kept codings only by the answer to `relationship`, once for each answer; a count
// with no breakdown summed those groups, so a response that gave two answers there had its codings
// counted twice. Each coding is now also kept once under the group '*', which no answer can be
// (option values are lower-case letters, digits and underscores), and a count with no breakdown
// reads that group alone. The tallies are counted again from the codings.

const groups = `cross join lateral (
  select e.value from jsonb_array_elements_text(case when jsonb_typeof(r.answers -> 'relationship') = 'array'
    then r.answers -> 'relationship' else jsonb_build_array(coalesce(r.answers ->> 'relationship', '')) end) e(value)
  union all select '*') g(value)`
const tallies = codingTallies(groups)

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    lock table coding_tallies in exclusive mode;
    ${triggerFunction('heard_tally_codings', tallies.codings)}
    ${triggerFunction('heard_tally_coding_themes', tallies.themes)}
    ${triggerFunction('heard_tally_recoded_responses', tallies.recoded)}
    truncate coding_tallies;
    ${backfill(tallies.codings, 'codings')}
    ${backfill(tallies.themes, 'coding_themes')}
  `.execute(db)
}
