import { type Kysely, sql } from 'kysely'

// Totals kept as responses arrive, so a staff page reads a few hundred rows where it counted a
// million: responses by standing, channel, partner, day and questionnaire version (the counted
// figure, partners' counts, responses per day, each version's responses),
// closed answers by slot and code (results), comments by question, and first-pass codings and
// their themes (coding progress, theme counts). See docs/design/tallies.md.
//
// Statement triggers with transition tables keep them: an import's batch or COPY adds one
// aggregate per statement, not a row of work per response; a change (exclusion, late decision,
// corrected answers, a questionnaire's re-coding) takes the old rows off and adds the new. Each
// total is split over eight shards by transaction id, so concurrent submissions mostly add to
// different rows rather than queueing on one; the upserts go in key order, so two transactions
// on one shard never deadlock. A reader sums the shards. A partner of none is the nil uuid, so
// the key needs no nullable column.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- By London calendar day of submission too, for responses per day, and by the questionnaire
    -- version answered, for the questionnaire's versions.
    create table response_tallies (
      consultation_id uuid not null,
      channel text not null,
      partner_key uuid not null,
      standing text not null,
      day date not null,
      questionnaire_version_id uuid not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, channel, partner_key, standing, day, questionnaire_version_id, shard)
    );

    create table closed_answer_tallies (
      consultation_id uuid not null,
      slot integer not null,
      code integer not null,
      channel text not null,
      partner_key uuid not null,
      is_excluded boolean not null,
      is_late boolean not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, slot, code, channel, partner_key, is_excluded, is_late, shard)
    );

    -- Comments (non-empty text answers) by question and the response's standing.
    create table comment_tallies (
      consultation_id uuid not null,
      question_key text not null,
      standing text not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, question_key, standing, shard)
    );

    -- First-pass codings by question (theme_key nil), and their themes (theme_key the theme), over
    -- every response whatever its standing, and by the response's answer to \`relationship\` (who
    -- someone is: service user, carer, staff...; '' for none), which decisions break themes down by.
    create table coding_tallies (
      consultation_id uuid not null,
      question_key text not null,
      theme_key uuid not null,
      relationship text not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, question_key, theme_key, relationship, shard)
    );

    create function heard_tally_shard() returns smallint language sql volatile as $$
      select (pg_current_xact_id()::text::bigint % 8)::smallint
    $$;

    ${triggerFunction('heard_tally_responses', responseTally)}
    ${triggerFunction('heard_tally_closed_answers', closedAnswerTally)}
    ${triggerFunction('heard_tally_comments', commentTally)}
    ${triggerFunction('heard_tally_codings', codingTally)}
    ${triggerFunction('heard_tally_coding_themes', codingThemeTally)}
    ${backfill(responseTally, 'responses')}
    ${backfill(closedAnswerTally, 'closed_answers')}
    ${backfill(commentTally, 'responses')}
    ${backfill(codingTally, 'codings')}
    ${backfill(codingThemeTally, 'coding_themes')}
    ${triggers('responses', 'heard_tally_responses')}
    ${triggers('closed_answers', 'heard_tally_closed_answers')}
    ${triggers('responses', 'heard_tally_comments')}
    ${triggerFunction('heard_tally_recoded_responses', responseCodingTally)}
    ${triggers('codings', 'heard_tally_codings')}
    ${triggers('coding_themes', 'heard_tally_coding_themes')}
    ${triggers('responses', 'heard_tally_recoded_responses', ['update'])}

    -- The few responses that do not count, found without reading those that do: kept totals of
    -- codings are over every response, and a page takes these off. An index on the standing
    -- itself, so that the planner also has statistics of it and expects these few.
    create index responses_by_standing_idx on responses (consultation_id, heard_response_standing(status, late, late_decision));
  `.execute(db)
}

const nil = '00000000-0000-0000-0000-000000000000'

/** What a table's rows add to a tally: its key columns, selected from `rows`. */
export interface Tally {
  table: string
  key: string[]
  /** The key's values for each row of `rows`, one row of values per tallied item. */
  select: (rows: string) => string
}

const responseTally: Tally = {
  table: 'response_tallies',
  key: ['consultation_id', 'channel', 'partner_key', 'standing', 'day', 'questionnaire_version_id'],
  select: (rows) => `select consultation_id, channel, coalesce(partner_organisation_id, '${nil}'::uuid),
    heard_response_standing(status, late, late_decision), (submitted_at at time zone 'Europe/London')::date,
    questionnaire_version_id
    from ${rows}`,
}

const closedAnswerTally: Tally = {
  table: 'closed_answer_tallies',
  key: ['consultation_id', 'slot', 'code', 'channel', 'partner_key', 'is_excluded', 'is_late'],
  select: (rows) => `select a.consultation_id, s.slot, s.code, a.channel,
    coalesce(a.partner_organisation_id, '${nil}'::uuid), a.excluded, a.late
    from ${rows} a cross join lateral unnest(a.codes) with ordinality s(code, slot)`,
}

const commentTally: Tally = {
  table: 'comment_tallies',
  key: ['consultation_id', 'question_key', 'standing'],
  select: (
    rows,
  ) => `select r.consultation_id, q.key, heard_response_standing(r.status, r.late, r.late_decision)
    from ${rows} r cross join lateral jsonb_each(r.answers) q(key, value)
    where jsonb_typeof(q.value) = 'string' and btrim(q.value #>> '{}') <> ''`,
}

// Codings are never deleted, and a coding's pass never changes, so a coding's theme finds its
// coding to know its consultation and question. A response's codings follow a change of its
// answer to `relationship`: each answer once, as a breakdown by a question counts a coding in
// each group it is in (migration 0153 adds a group holding each coding once).
const groups = `cross join lateral jsonb_array_elements_text(case when jsonb_typeof(r.answers -> 'relationship') = 'array'
  then r.answers -> 'relationship' else jsonb_build_array(coalesce(r.answers ->> 'relationship', '')) end) g(value)`

/** The tallies of codings, their themes and re-coded responses, in the groups `groupsSql` gives each response (as `g.value`). */
export function codingTallies(groupsSql: string): { codings: Tally; themes: Tally; recoded: Tally } {
  const key = ['consultation_id', 'question_key', 'theme_key', 'relationship']
  return {
    codings: {
      table: 'coding_tallies',
      key,
      select: (rows) => `select c.consultation_id, c.question_key, '${nil}'::uuid, g.value
    from ${rows} c join responses r on r.id = c.response_id ${groupsSql} where c.pass = 1`,
    },
    themes: {
      table: 'coding_tallies',
      key,
      select: (rows) => `select c.consultation_id, c.question_key, ct.theme_id, g.value
    from ${rows} ct join codings c on c.id = ct.coding_id join responses r on r.id = c.response_id ${groupsSql}
    where c.pass = 1`,
    },
    recoded: {
      table: 'coding_tallies',
      key,
      select: (
        rows,
      ) => `select c.consultation_id, c.question_key, coalesce(ct.theme_id, '${nil}'::uuid), g.value
    from ${rows} r join codings c on c.response_id = r.id
    cross join lateral (select null::uuid as theme_id union all
      select theme_id from coding_themes where coding_id = c.id) ct ${groupsSql}
    where c.pass = 1`,
    },
  }
}

const { codings: codingTally, themes: codingThemeTally, recoded: responseCodingTally } = codingTallies(groups)

/**
 * A trigger function adding what a statement changed to a tally: the new rows less the old, in
 * one upsert, leaving alone the totals an update did not move (a flag set, say).
 */
export function triggerFunction(name: string, tally: Tally) {
  const keys = tally.key.map((_, i) => `k${i + 1}`).join(', ')
  const signed = (rows: string, sign: number) => `select k.*, ${sign} from (${tally.select(rows)}) k`
  const upsert = (changes: string) => `
    insert into ${tally.table} as t (${tally.key.join(', ')}, shard, n)
    select ${keys}, heard_tally_shard(), sum(sign) from (${changes}) c(${keys}, sign)
    group by ${keys} having sum(sign) <> 0 order by ${keys}
    on conflict (${tally.key.join(', ')}, shard) do update set n = t.n + excluded.n;`
  return sql.raw(`
    create or replace function ${name}() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then ${upsert(signed('new_rows', 1))}
      elsif TG_OP = 'DELETE' then ${upsert(signed('old_rows', -1))}
      else ${upsert(`${signed('new_rows', 1)} union all ${signed('old_rows', -1)}`)}
      end if;
      return null;
    end
    $$;`)
}

/** The tally of the rows already there, counted once as the migration runs. */
export function backfill(tally: Tally, table: string) {
  const keys = tally.key.map((_, i) => `k${i + 1}`).join(', ')
  return sql.raw(`
    insert into ${tally.table} (${tally.key.join(', ')}, shard, n)
    select ${keys}, 0, count(*) from (${tally.select(table)}) c(${keys}) group by ${keys};`)
}

/** The statement triggers, one an event (a trigger with transition tables may have one event only). */
export function triggers(table: string, fn: string, events = ['insert', 'update', 'delete']) {
  const on = {
    insert: `create trigger ${fn}_in after insert on ${table}
      referencing new table as new_rows for each statement execute function ${fn}();`,
    update: `create trigger ${fn}_change after update on ${table}
      referencing old table as old_rows new table as new_rows for each statement execute function ${fn}();`,
    delete: `create trigger ${fn}_out after delete on ${table}
      referencing old table as old_rows for each statement execute function ${fn}();`,
  }
  return sql.raw(events.map((e) => on[e as keyof typeof on]).join('\n'))
}
