import { type Kysely, sql } from 'kysely'

// A detection run stores every member of every group it finds: at a million responses, 115,602
// members, whose foreign key to responses checked each one by locking its response (a write to
// the response's page and to the log), 2.5 s of the run. The rule stays, checked once a statement:
// every member inserted must be a response, and a response in a group cannot be deleted. Heard
// never deletes a response (erasure blanks it in place), so the row lock the key took, which only
// held off a delete running at the same moment, guarded nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table participation_group_members drop constraint participation_group_members_response_id_fkey;

    create function heard_group_members_are_responses() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from new_rows n where not exists (select 1 from responses r where r.id = n.response_id)) then
        raise foreign_key_violation using message = 'A duplicate group''s member must be a response',
          table = 'participation_group_members', constraint = 'participation_group_members_response_id_fkey';
      end if;
      return null;
    end
    $$;
    create trigger heard_group_members_are_responses_in after insert on participation_group_members
      referencing new table as new_rows for each statement execute function heard_group_members_are_responses();
    create trigger heard_group_members_are_responses_change after update on participation_group_members
      referencing new table as new_rows for each statement execute function heard_group_members_are_responses();

    create function heard_grouped_responses_stay() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from old_rows o join participation_group_members m on m.response_id = o.id) then
        raise foreign_key_violation using message = 'A response in a duplicate group cannot be deleted',
          table = 'participation_group_members', constraint = 'participation_group_members_response_id_fkey';
      end if;
      return null;
    end
    $$;
    create trigger heard_grouped_responses_stay after delete on responses
      referencing old table as old_rows for each statement execute function heard_grouped_responses_stay();
  `.execute(db)
}
