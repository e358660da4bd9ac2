import { type Kysely, sql } from 'kysely'
import { backfill, type Tally, triggerFunction } from './0150-tallies.js'

// Migration 0150 kept codings only by the answer to `relationship`, once for each answer; a count
// with no breakdown summed those groups, so a response that gave two answers there had its codings
// counted twice. Each coding is now also kept once under the group '*', which no answer can be
// (option values are lower-case letters, digits and underscores), and a count with no breakdown
// reads that group alone. The tallies are counted again from the codings.

const nil = '00000000-0000-0000-0000-000000000000'
const relationship = 'g.value'
const groups = `cross join lateral (
  select e.value from jsonb_array_elements_text(case when jsonb_typeof(r.answers -> 'relationship') = 'array'
    then r.answers -> 'relationship' else jsonb_build_array(coalesce(r.answers ->> 'relationship', '')) end) e(value)
  union all select '*') g(value)`
const codingKey = ['consultation_id', 'question_key', 'theme_key', 'relationship']

const codingTally: Tally = {
  table: 'coding_tallies',
  key: codingKey,
  select: (rows) => `select c.consultation_id, c.question_key, '${nil}'::uuid, ${relationship}
    from ${rows} c join responses r on r.id = c.response_id ${groups} where c.pass = 1`,
}

const codingThemeTally: Tally = {
  table: 'coding_tallies',
  key: codingKey,
  select: (rows) => `select c.consultation_id, c.question_key, ct.theme_id, ${relationship}
    from ${rows} ct join codings c on c.id = ct.coding_id join responses r on r.id = c.response_id ${groups}
    where c.pass = 1`,
}

const responseCodingTally: Tally = {
  table: 'coding_tallies',
  key: codingKey,
  select: (
    rows,
  ) => `select c.consultation_id, c.question_key, coalesce(ct.theme_id, '${nil}'::uuid), ${relationship}
    from ${rows} r join codings c on c.response_id = r.id
    cross join lateral (select null::uuid as theme_id union all
      select theme_id from coding_themes where coding_id = c.id) ct ${groups}
    where c.pass = 1`,
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    lock table coding_tallies in exclusive mode;
    ${triggerFunction('heard_tally_codings', codingTally)}
    ${triggerFunction('heard_tally_coding_themes', codingThemeTally)}
    ${triggerFunction('heard_tally_recoded_responses', responseCodingTally)}
    truncate coding_tallies;
    ${backfill(codingTally, 'codings')}
    ${backfill(codingThemeTally, 'coding_themes')}
  `.execute(db)
}
