import { type Kysely, sql } from 'kysely'
import { backfill, type Tally, triggerFunction } from './0150-tallies.js'

// Codings were kept over every response whatever its standing, and each theme count took off the
// codings of the responses that do not count, found one response at a time: at a million, with
// thousands of late returns, that was about 60 ms a count, and the decisions page makes two a
// proposal. Codings are now kept by their response's standing too, so a count reads the counted
// rows alone. A change of standing (exclusion, reinstatement, a late decision) moves a response's
// codings as a corrected answer to `relationship` already did: the same update trigger. The
// tallies are counted again from the codings.

const nil = '00000000-0000-0000-0000-000000000000'
const standing = 'heard_response_standing(r.status, r.late, r.late_decision)'
// Each answer to `relationship`, and the group '*' holding each coding once (migration 0153).
const groups = `cross join lateral (
  select e.value from jsonb_array_elements_text(case when jsonb_typeof(r.answers -> 'relationship') = 'array'
    then r.answers -> 'relationship' else jsonb_build_array(coalesce(r.answers ->> 'relationship', '')) end) e(value)
  union all select '*') g(value)`
const key = ['consultation_id', 'question_key', 'theme_key', 'relationship', 'standing']

const codings: Tally = {
  table: 'coding_tallies',
  key,
  select: (rows) => `select c.consultation_id, c.question_key, '${nil}'::uuid, g.value, ${standing}
    from ${rows} c join responses r on r.id = c.response_id ${groups} where c.pass = 1`,
}
const themes: Tally = {
  table: 'coding_tallies',
  key,
  select: (rows) => `select c.consultation_id, c.question_key, ct.theme_id, g.value, ${standing}
    from ${rows} ct join codings c on c.id = ct.coding_id join responses r on r.id = c.response_id ${groups}
    where c.pass = 1`,
}
const changedResponses: Tally = {
  table: 'coding_tallies',
  key,
  select: (rows) => `select c.consultation_id, c.question_key, coalesce(ct.theme_id, '${nil}'::uuid), g.value,
    ${standing}
    from ${rows} r join codings c on c.response_id = r.id
    cross join lateral (select null::uuid as theme_id union all
      select theme_id from coding_themes where coding_id = c.id) ct ${groups}
    where c.pass = 1`,
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    lock table coding_tallies in exclusive mode;
    truncate coding_tallies;
    alter table coding_tallies add column standing text not null,
      drop constraint coding_tallies_pkey,
      add primary key (consultation_id, question_key, theme_key, relationship, standing, shard);
    ${triggerFunction('heard_tally_codings', codings)}
    ${triggerFunction('heard_tally_coding_themes', themes)}
    ${triggerFunction('heard_tally_recoded_responses', changedResponses)}
    ${backfill(codings, 'codings')}
    ${backfill(themes, 'coding_themes')}
  `.execute(db)
}
