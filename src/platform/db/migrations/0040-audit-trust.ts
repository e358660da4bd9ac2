import { type Kysely, sql } from 'kysely'

// The audit log as evidence: nothing may rewrite it, and each entry knows its consultation so the
// staff view and the evidence pack read one consultation's entries by index.
//
// - Rows were already refused UPDATE and DELETE (0001); TRUNCATE skips row triggers, so it is
//   refused by a statement trigger too. Only a superuser or the table's owner can disable these
//   triggers, which is why production runs the app as a role that owns nothing (see security.md).
// - consultation_id is derived by the database from the entity the entry is about when it is
//   appended. It is an index, not evidence: it is outside the hash, so the chain's format is as
//   before and every existing chain still verifies.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function heard_refuse_change();

    alter table audit_log add column consultation_id uuid;

    create function heard_audit_consultation(entity_type text, entity_id text, details jsonb)
      returns uuid language plpgsql stable as $$
    declare
      entity uuid;
    begin
      if details ? 'consultationId' and details->>'consultationId' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then
        return (details->>'consultationId')::uuid;
      end if;
      if entity_id !~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then
        return null;
      end if;
      entity := entity_id::uuid;
      return case entity_type
        when 'consultation' then (select c.id from consultations c where c.id = entity)
        when 'response' then (select r.consultation_id from responses r where r.id = entity)
        when 'event' then (select e.consultation_id from events e where e.id = entity)
        when 'import' then (select i.consultation_id from imports i where i.id = entity)
        when 'import_mapping' then (select m.consultation_id from import_mappings m where m.id = entity)
        when 'paper_return' then (select p.consultation_id from paper_returns p where p.id = entity)
        when 'coding_run' then (select k.consultation_id from coding_runs k where k.id = entity)
        else null
      end;
    end
    $$;

    create function heard_audit_set_consultation() returns trigger language plpgsql as $$
    begin
      if new.consultation_id is null then
        new.consultation_id := heard_audit_consultation(new.entity_type, new.entity_id, new.details);
      end if;
      return new;
    end
    $$;
    create trigger audit_log_consultation before insert on audit_log
      for each row execute function heard_audit_set_consultation();

    -- The one rewrite the log ever gets, by the migration itself: filling the new index column.
    alter table audit_log disable trigger audit_log_append_only;
    update audit_log set consultation_id = heard_audit_consultation(entity_type, entity_id, details);
    alter table audit_log enable trigger audit_log_append_only;

    create index audit_log_consultation_idx on audit_log (consultation_id, seq);
    create index audit_log_entity_id_idx on audit_log (entity_id, seq);
    create index audit_log_actor_idx on audit_log (actor_user_id, seq);
    create index audit_log_action_idx on audit_log (action, seq);
    create index audit_log_occurred_idx on audit_log (occurred_at);

    revoke update, delete, truncate on audit_log from public;
  `.execute(db)
}
