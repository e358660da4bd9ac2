import { type Kysely, sql } from 'kysely'

// A narrow copy of every response's closed answers, coded as small integers, so that results
// count a million responses without reading each one's answers document (free text and all).
//
// Kept by triggers, so every way of writing a response (online, paper, import, partners) keeps it
// right without knowing it exists: a statement trigger codes the rows an insert or COPY adds in
// one pass, a row trigger follows later changes (exclusion, late decision, corrected answers), and
// a questionnaire version's change re-plans and recodes its consultation.
//
// Plan: each consultation's closed questions (every version, in version order) get slots; slot i
// of `codes` holds the answer to `slot_keys[i]`. An answer's code is its position among the
// question's choices (1-based; 0 is not answered or not a choice). A question with several
// answers ('many') holds a bit per choice, 31 choices a slot; a ranking ('first') its first choice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table closed_answer_plans (
      consultation_id uuid primary key references consultations (id),
      slot_keys text[] not null,
      slot_kinds text[] not null,
      slot_bases integer[] not null,
      codes jsonb not null,
      -- The SQL expression coding an answers document by this plan (see heard_write_closed_answer_coders).
      coder text not null
    );

    create table closed_answers (
      response_id uuid primary key references responses (id) on delete cascade,
      consultation_id uuid not null,
      channel text not null,
      partner_organisation_id uuid,
      excluded boolean not null,
      -- Late and not admitted by a manager's decision.
      late boolean not null,
      codes integer[] not null
    );
    create index closed_answers_consultation_idx on closed_answers (consultation_id);

    -- The same choices as choicesOf() in questionnaire-definition.ts, in the same order.
    create function heard_closed_choices(question jsonb) returns setof text
    language sql immutable as $$
      select value from (
        select o ->> 'value' as value, i from jsonb_array_elements(question -> 'options') with ordinality o(o, i)
        where question ->> 'type' in ('single_choice', 'multiple_choice', 'ranking')
        union all
        select s.value, s.i from unnest(
          array['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree', 'dont_know']
        ) with ordinality s(value, i)
        where question ->> 'type' = 'agreement'
          and (s.i < 6 or coalesce((question ->> 'includeDontKnow')::boolean, true))
        union all
        select g::text, g from generate_series(1, coalesce((question ->> 'max')::integer, 5)) g
        where question ->> 'type' = 'rating'
      ) c order by i
    $$;

    -- One expression per consultation turning its answers document into its codes: a CASE per slot,
    -- which costs a few microseconds a response where looping over the plan costs hundreds.
    create function heard_closed_answer_coder(keys text[], kinds text[], bases integer[], codes jsonb) returns text
    language sql immutable as $$
      select 'array[' || coalesce(string_agg(
        case
          when k.kind = 'many' then coalesce((
            select string_agg(format('(case when answers -> %L @> %L then %s else 0 end)',
              k.key, to_jsonb(c.key), 1 << (c.value::integer - k.base - 1)), ' | ')
            from jsonb_each_text(codes -> k.key) c
            where c.value::integer > k.base and c.value::integer <= k.base + 31), '0')
          else coalesce((
            select format('case %s %s else 0 end',
              case when k.kind = 'first' then format('coalesce(answers -> %L ->> 0, answers ->> %L)', k.key, k.key)
                else format('answers ->> %L', k.key) end,
              string_agg(format('when %L then %s', c.key, c.value), ' '))
            from jsonb_each_text(codes -> k.key) c
            having count(*) > 0), '0')
        end, ', ' order by k.slot), '') || ']::integer[]'
      from unnest(keys, kinds, bases) with ordinality k(key, kind, base, slot)
    $$;

    create function heard_closed_answer_plan(consultation uuid) returns closed_answer_plans
    language plpgsql stable as $$
    declare
      plan closed_answer_plans;
      question jsonb;
      key text;
      kind text;
      choice text;
      keys text[] := '{}';
      kinds jsonb := '{}';
      choices jsonb := '{}';
      codes jsonb;
      n integer;
    begin
      for question in
        select q.value from questionnaire_versions v
          cross join lateral jsonb_array_elements(v.definition -> 'sections') with ordinality s(value, i)
          cross join lateral jsonb_array_elements(s.value -> 'questions') with ordinality q(value, j)
        where v.consultation_id = consultation
        order by v.version, s.i, q.j
      loop
        key := question ->> 'key';
        kind := case question ->> 'type'
          when 'multiple_choice' then 'many' when 'ranking' then 'first'
          when 'single_choice' then 'one' when 'agreement' then 'one' when 'rating' then 'one' end;
        continue when kind is null or key is null;
        if not kinds ? key then
          keys := keys || key;
          choices := choices || jsonb_build_object(key, '[]'::jsonb);
        end if;
        kinds := kinds || jsonb_build_object(key, kind);
        for choice in select heard_closed_choices(question) loop
          if not (choices -> key) ? choice then
            choices := jsonb_set(choices, array[key], (choices -> key) || to_jsonb(choice));
          end if;
        end loop;
      end loop;
      plan.consultation_id := consultation;
      plan.slot_keys := '{}';
      plan.slot_kinds := '{}';
      plan.slot_bases := '{}';
      plan.codes := '{}';
      foreach key in array keys loop
        kind := kinds ->> key;
        select jsonb_object_agg(c.value, c.i), count(*) into codes, n
          from jsonb_array_elements_text(choices -> key) with ordinality c(value, i);
        plan.codes := plan.codes || jsonb_build_object(key, coalesce(codes, '{}'::jsonb));
        for base in 0 .. greatest(n - 1, 0) by 31 loop
          exit when kind <> 'many' and base > 0;
          plan.slot_keys := plan.slot_keys || key;
          plan.slot_kinds := plan.slot_kinds || kind;
          plan.slot_bases := plan.slot_bases || base;
        end loop;
      end loop;
      plan.coder := heard_closed_answer_coder(plan.slot_keys, plan.slot_kinds, plan.slot_bases, plan.codes);
      return plan;
    end
    $$;

    -- Rewrites heard_code_answers(consultation, answers) from every plan. It is one SQL expression,
    -- so the database inlines it into the triggers' statements: nothing is planned per submit.
    create function heard_write_closed_answer_coders() returns void language plpgsql as $$
    declare
      body text;
    begin
      select 'case consultation ' || string_agg(format('when %L then %s', consultation_id, coder), ' ')
        || ' else ''{}''::integer[] end' into body from closed_answer_plans;
      execute format(
        'create or replace function heard_code_answers(consultation uuid, answers jsonb) returns integer[] '
        'language sql immutable as %L', 'select ' || coalesce(body, '''{}''::integer[]'));
    end
    $$;

    create function heard_code_new_responses() returns trigger language plpgsql as $$
    begin
      insert into closed_answers (response_id, consultation_id, channel, partner_organisation_id, excluded, late, codes)
      select r.id, r.consultation_id, r.channel, r.partner_organisation_id, r.status = 'excluded',
        r.late and r.late_decision is distinct from 'admitted', heard_code_answers(r.consultation_id, r.answers)
      from new_responses r;
      return null;
    end
    $$;

    create function heard_recode_response() returns trigger language plpgsql as $$
    begin
      update closed_answers set
        consultation_id = new.consultation_id,
        channel = new.channel,
        partner_organisation_id = new.partner_organisation_id,
        excluded = new.status = 'excluded',
        late = new.late and new.late_decision is distinct from 'admitted',
        codes = heard_code_answers(new.consultation_id, new.answers)
      where response_id = new.id;
      return null;
    end
    $$;

    create function heard_replan_closed_answers() returns trigger language plpgsql as $$
    declare
      fresh closed_answer_plans := heard_closed_answer_plan(new.consultation_id);
      stored closed_answer_plans;
    begin
      select * into stored from closed_answer_plans where consultation_id = new.consultation_id;
      if found and stored = fresh then
        return null;
      end if;
      insert into closed_answer_plans select fresh.*
        on conflict (consultation_id) do update set slot_keys = excluded.slot_keys,
          slot_kinds = excluded.slot_kinds, slot_bases = excluded.slot_bases, codes = excluded.codes,
          coder = excluded.coder;
      perform heard_write_closed_answer_coders();
      update closed_answers a set codes = heard_code_answers(r.consultation_id, r.answers)
        from responses r where r.id = a.response_id and a.consultation_id = new.consultation_id;
      return null;
    end
    $$;

    insert into closed_answer_plans
      select (heard_closed_answer_plan(c.id)).* from consultations c;
    select heard_write_closed_answer_coders();
    insert into closed_answers (response_id, consultation_id, channel, partner_organisation_id, excluded, late, codes)
      select r.id, r.consultation_id, r.channel, r.partner_organisation_id, r.status = 'excluded',
        r.late and r.late_decision is distinct from 'admitted', heard_code_answers(r.consultation_id, r.answers)
      from responses r;

    create trigger responses_code_closed_answers after insert on responses
      referencing new table as new_responses
      for each statement execute function heard_code_new_responses();
    create trigger responses_recode_closed_answers
      after update of status, late, late_decision, answers, channel, partner_organisation_id, consultation_id
      on responses for each row
      when (old.status is distinct from new.status or old.late is distinct from new.late
        or old.late_decision is distinct from new.late_decision or old.channel is distinct from new.channel
        or old.partner_organisation_id is distinct from new.partner_organisation_id
        or old.consultation_id is distinct from new.consultation_id or old.answers is distinct from new.answers)
      execute function heard_recode_response();
    create trigger questionnaire_versions_replan_closed_answers
      after insert or update of definition on questionnaire_versions
      for each row execute function heard_replan_closed_answers();
  `.execute(db)
}
