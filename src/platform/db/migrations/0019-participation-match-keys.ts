import { type Kysely, sql } from 'kysely'

// The keys duplicate detection matches on, one narrow row a response, so that detection over a
// million responses groups small columns instead of unpacking every answers document and
// normalising every contact again.
//
// Kept by triggers like closed_answers (0013): a statement trigger fills the rows an insert or COPY
// of responses adds, another adds the contact keys when contacts are inserted, and row triggers
// follow later changes (exclusion, corrected answers, changed or erased contacts).
//
// Identifiers are stored only as salted SHA-256 hashes of their normalised form (email, phone,
// name), made with the salt in settings, which this migration creates if no run has yet. The same
// normalisation as before: email trimmed and lower case; phone digits with 44 read as 0, when ten
// or more; name letters only, lower case, single spaces. `brief` is the answers document with every
// text over 40 characters replaced by chr(2): enough to tell most pairs apart and to hash choices,
// without the long texts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into settings (key, value)
      values ('participation_match_salt',
        encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'))
      on conflict (key) do nothing;

    create table participation_match_keys (
      response_id uuid primary key references responses (id) on delete cascade,
      consultation_id uuid not null,
      submitted_at timestamptz not null,
      counted boolean not null,
      online boolean not null,
      answers_hash bigint not null,
      -- The answers document's size in bytes, stored uncompressed as documents this small are.
      answers_size integer not null,
      brief jsonb not null,
      stated_district text,
      email_key bytea,
      phone_key bytea,
      name_key bytea,
      postcode_district text
    );
    create index participation_match_keys_consultation_idx on participation_match_keys (consultation_id);

    create function heard_answers_brief(answers jsonb) returns jsonb
    language sql immutable as $$
      select coalesce(jsonb_object_agg(e.key, case
        when jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') > 40 then to_jsonb(chr(2))
        else e.value end), '{}'::jsonb)
      from jsonb_each(answers) e
    $$;

    create function heard_match_key(salt text, kind text, value text) returns bytea
    language sql immutable as $$
      select sha256(convert_to(salt || kind || value, 'UTF8'))
    $$;

    create function heard_normal_phone(phone text) returns text
    language sql immutable as $$
      select case when length(d) >= 10 then d end
      from (select regexp_replace(regexp_replace(phone, '[^0-9]', '', 'g'), '^44', '0') as d) p
    $$;

    create function heard_match_new_responses() returns trigger language plpgsql as $$
    begin
      insert into participation_match_keys (response_id, consultation_id, submitted_at, counted, online,
        answers_hash, answers_size, brief, stated_district)
      select r.id, r.consultation_id, r.submitted_at, r.status = 'submitted', r.channel = 'online',
        jsonb_hash_extended(r.answers, 0), pg_column_size(r.answers), heard_answers_brief(r.answers),
        nullif(upper(trim(r.answers ->> 'postcode_district')), '')
      from new_responses r;
      return null;
    end
    $$;

    create function heard_rematch_response() returns trigger language plpgsql as $$
    begin
      update participation_match_keys set
        consultation_id = new.consultation_id,
        submitted_at = new.submitted_at,
        counted = new.status = 'submitted',
        online = new.channel = 'online',
        answers_hash = jsonb_hash_extended(new.answers, 0),
        answers_size = pg_column_size(new.answers),
        brief = heard_answers_brief(new.answers),
        stated_district = nullif(upper(trim(new.answers ->> 'postcode_district')), '')
      where response_id = new.id;
      return null;
    end
    $$;

    create function heard_match_contacts() returns trigger language plpgsql as $$
    declare
      salt text := (select value from settings where key = 'participation_match_salt');
    begin
      update participation_match_keys k set
        email_key = heard_match_key(salt, 'e:', nullif(lower(trim(c.email)), '')),
        phone_key = heard_match_key(salt, 'p:', heard_normal_phone(c.phone)),
        name_key = heard_match_key(salt, 'n:', nullif(trim(regexp_replace(lower(c.name), '[^a-z]+', ' ', 'g')), '')),
        postcode_district = nullif(upper(split_part(trim(c.postcode), ' ', 1)), '')
      from new_contacts c where k.response_id = c.response_id;
      return null;
    end
    $$;

    create function heard_unmatch_contact() returns trigger language plpgsql as $$
    begin
      update participation_match_keys set email_key = null, phone_key = null, name_key = null,
        postcode_district = null
      where response_id = old.response_id;
      return null;
    end
    $$;

    insert into participation_match_keys
      select r.id, r.consultation_id, r.submitted_at, r.status = 'submitted', r.channel = 'online',
        jsonb_hash_extended(r.answers, 0), pg_column_size(r.answers), heard_answers_brief(r.answers),
        nullif(upper(trim(r.answers ->> 'postcode_district')), ''),
        heard_match_key(s.value, 'e:', nullif(lower(trim(c.email)), '')),
        heard_match_key(s.value, 'p:', heard_normal_phone(c.phone)),
        heard_match_key(s.value, 'n:', nullif(trim(regexp_replace(lower(c.name), '[^a-z]+', ' ', 'g')), '')),
        nullif(upper(split_part(trim(c.postcode), ' ', 1)), '')
      from responses r left join respondent_contacts c on c.response_id = r.id
        cross join (select value from settings where key = 'participation_match_salt') s;

    create trigger responses_match_keys after insert on responses
      referencing new table as new_responses
      for each statement execute function heard_match_new_responses();
    create trigger responses_rematch_keys
      after update of status, answers, channel, consultation_id, submitted_at on responses for each row
      when (old.status is distinct from new.status or old.channel is distinct from new.channel
        or old.consultation_id is distinct from new.consultation_id
        or old.submitted_at is distinct from new.submitted_at or old.answers is distinct from new.answers)
      execute function heard_rematch_response();
    create trigger respondent_contacts_match_keys after insert on respondent_contacts
      referencing new table as new_contacts
      for each statement execute function heard_match_contacts();
    create trigger respondent_contacts_rematch_keys after update on respondent_contacts
      referencing new table as new_contacts
      for each statement execute function heard_match_contacts();
    create trigger respondent_contacts_unmatch_keys after delete on respondent_contacts
      for each row execute function heard_unmatch_contact();
  `.execute(db)
}
