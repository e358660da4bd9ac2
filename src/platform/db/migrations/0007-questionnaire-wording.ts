import { type Kysely, sql } from 'kysely'

// A published questionnaire version stays frozen in its structure, but its wording may be fixed
// (a typo in a live question): the trigger compares the definition with every wording field
// stripped, the same fields as `questionnaire-wording.ts`, and refuses anything else. Each fix
// bumps `wording_revision`, so a process that cached the old wording knows to read it again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table questionnaire_versions add column wording_revision integer not null default 0;

    create function heard_questionnaire_structure(doc jsonb) returns jsonb
    language plpgsql immutable as $$
    declare
      result jsonb;
      name text;
      item jsonb;
    begin
      if jsonb_typeof(doc) = 'object' then
        result := '{}'::jsonb;
        for name, item in select * from jsonb_each(doc) loop
          if name not in ('title', 'hint', 'label', 'lowLabel', 'highLabel', 'translations') then
            result := result || jsonb_build_object(name, heard_questionnaire_structure(item));
          end if;
        end loop;
        return result;
      elsif jsonb_typeof(doc) = 'array' then
        return coalesce(
          (select jsonb_agg(heard_questionnaire_structure(e) order by i)
             from jsonb_array_elements(doc) with ordinality as t(e, i)),
          '[]'::jsonb);
      end if;
      return doc;
    end
    $$;

    create or replace function heard_freeze_published_questionnaire() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.published_at is not null then
          raise exception 'a published questionnaire version cannot be deleted' using errcode = 'P0001';
        end if;
        return old;
      end if;
      if old.published_at is not null then
        if new.published_at is distinct from old.published_at then
          raise exception 'a published questionnaire version stays published' using errcode = 'P0001';
        end if;
        if new.definition is distinct from old.definition then
          if heard_questionnaire_structure(new.definition) is distinct from heard_questionnaire_structure(old.definition) then
            raise exception 'a published questionnaire version is frozen: only its wording can change'
              using errcode = 'P0001';
          end if;
          if new.wording_revision <= old.wording_revision then
            raise exception 'a wording fix must raise wording_revision' using errcode = 'P0001';
          end if;
        end if;
      end if;
      return new;
    end
    $$;
  `.execute(db)
}
