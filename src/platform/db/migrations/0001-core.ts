import { type Kysely, sql } from 'kysely'

// Raw SQL keeps the schema readable and identical on PGlite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table settings (
      key text primary key,
      value text not null,
      updated_at timestamptz not null default now()
    );

    create table organisations (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      kind text not null check (kind in ('commissioner', 'trust', 'council', 'vcs', 'other')),
      created_at timestamptz not null default now()
    );
    create unique index organisations_name_key on organisations (lower(name));

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      display_name text not null,
      password_hash text not null,
      organisation_id uuid references organisations (id),
      disabled_at timestamptz,
      last_signed_in_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table user_roles (
      user_id uuid not null references users (id),
      role text not null check (role in (
        'administrator', 'consultation_manager', 'analyst', 'data_entry',
        'partner_collector', 'governance_officer', 'observer'
      )),
      granted_at timestamptz not null default now(),
      primary key (user_id, role)
    );

    create table sessions (
      id text primary key,
      data jsonb not null,
      user_id uuid references users (id),
      expires_at timestamptz not null,
      updated_at timestamptz not null default now()
    );
    create index sessions_expires_at_idx on sessions (expires_at);

    create table rate_limit_hits (
      key text primary key,
      hits integer not null,
      window_ends_at timestamptz not null
    );
    create index rate_limit_hits_window_ends_at_idx on rate_limit_hits (window_ends_at);

    create table consultations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null,
      summary text not null default '',
      status text not null default 'draft' check (status in (
        'draft', 'scheduled', 'open', 'closed', 'analysing', 'reporting', 'decided', 'following_up', 'archived'
      )),
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      postal_deadline_at timestamptz,
      lead_organisation_id uuid references organisations (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (closes_at > opens_at),
      check (postal_deadline_at is null or postal_deadline_at >= closes_at)
    );

    create table proposals (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      position integer not null check (position > 0),
      title text not null,
      summary text not null default '',
      unique (consultation_id, position)
    );

    create table questionnaire_versions (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      version integer not null check (version > 0),
      definition jsonb not null,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      unique (consultation_id, version)
    );

    create table responses (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      questionnaire_version_id uuid not null references questionnaire_versions (id),
      reference text not null unique,
      submission_key text not null unique,
      channel text not null check (channel in (
        'online', 'paper', 'event', 'partner', 'email', 'letter', 'phone', 'import'
      )),
      status text not null default 'submitted' check (status in ('submitted', 'excluded')),
      -- One document per response, keyed by question key: a single row to write on submit and to
      -- scan in analysis, rather than one row per answer.
      answers jsonb not null default '{}'::jsonb check (jsonb_typeof(answers) = 'object'),
      started_at timestamptz,
      submitted_at timestamptz not null default now(),
      received_at timestamptz not null default now()
    );
    create index responses_consultation_idx on responses (consultation_id, submitted_at);

    create table audit_log (
      seq bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      actor_user_id uuid references users (id),
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      details jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null unique
    );
    create index audit_log_entity_idx on audit_log (entity_type, entity_id);

    create function heard_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'P0001';
    end
    $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function heard_refuse_change();

    create function heard_freeze_published_questionnaire() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.published_at is not null then
          raise exception 'a published questionnaire version cannot be deleted' using errcode = 'P0001';
        end if;
        return old;
      end if;
      if old.published_at is not null and new.definition is distinct from old.definition then
        raise exception 'a published questionnaire version is frozen' using errcode = 'P0001';
      end if;
      return new;
    end
    $$;
    create trigger questionnaire_versions_frozen before update or delete on questionnaire_versions
      for each row execute function heard_freeze_published_questionnaire();
  `.execute(db)
}
