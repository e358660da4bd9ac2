import { type Kysely, sql } from 'kysely'

// Qualitative coding: the codeframe (themes, with a version row per change), codings of comments
// with their provenance, model suggestions, double coding samples, quotes with their redaction
// review, and safeguarding flags with their handling. A comment is one free-text answer: the
// response and the question key inside responses.answers.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table themes (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      parent_id uuid references themes (id),
      code text not null check (code ~ '^[a-z0-9][a-z0-9_.-]{0,39}$'),
      label text not null check (length(label) between 1 and 200),
      description text not null default '',
      examples jsonb not null default '[]'::jsonb check (jsonb_typeof(examples) = 'array'),
      -- null: shared by every question; otherwise the one question it belongs to.
      question_key text,
      status text not null default 'active' check (status in ('active', 'merged', 'split', 'retired')),
      replaced_by jsonb not null default '[]'::jsonb,
      created_at timestamptz not null default now(),
      unique (consultation_id, code)
    );
    create index themes_consultation_idx on themes (consultation_id, status);

    create table codeframe_versions (
      consultation_id uuid not null references consultations (id),
      version integer not null check (version > 0),
      change text not null,
      themes jsonb not null,
      changed_by uuid references users (id),
      changed_at timestamptz not null default now(),
      primary key (consultation_id, version)
    );

    -- One coding of one comment in one pass: pass 1 is the coding used in analysis, pass 2 the
    -- blind second coding of the double-coding sample.
    create table codings (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      response_id uuid not null references responses (id),
      question_key text not null,
      pass smallint not null default 1 check (pass in (1, 2)),
      sentiment text check (sentiment in ('positive', 'negative', 'neutral', 'mixed')),
      quote_worthy boolean not null default false,
      personal_data boolean not null default false,
      safeguarding boolean not null default false,
      coded_by uuid references users (id),
      coded_at timestamptz not null default now(),
      unique (response_id, question_key, pass)
    );
    create index codings_consultation_idx on codings (consultation_id, pass);

    -- Each theme given to a coding keeps where it came from: a person, a model (with its name and
    -- version), or a model suggestion a person accepted.
    create table coding_themes (
      coding_id uuid not null references codings (id) on delete cascade,
      theme_id uuid not null references themes (id),
      provenance text not null check (provenance in ('person', 'model', 'suggestion_accepted')),
      assigned_by uuid references users (id),
      model_name text,
      model_version text,
      confidence real check (confidence is null or (confidence >= 0 and confidence <= 1)),
      assigned_at timestamptz not null default now(),
      primary key (coding_id, theme_id),
      check ((provenance = 'person') = (model_name is null))
    );
    create index coding_themes_theme_idx on coding_themes (theme_id);

    create table theme_suggestions (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      response_id uuid not null references responses (id),
      question_key text not null,
      theme_id uuid not null references themes (id),
      model_name text not null,
      model_version text not null,
      confidence real not null check (confidence >= 0 and confidence <= 1),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      decided_by uuid references users (id),
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      unique (response_id, question_key, theme_id, model_name, model_version)
    );
    create index theme_suggestions_comment_idx on theme_suggestions (response_id, question_key);

    create table double_coding_samples (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      percent numeric not null check (percent > 0 and percent <= 100),
      seed integer not null,
      second_coder_id uuid not null references users (id),
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    );

    create table double_coding_items (
      sample_id uuid not null references double_coding_samples (id),
      response_id uuid not null references responses (id),
      question_key text not null,
      adjudicated_by uuid references users (id),
      adjudicated_at timestamptz,
      primary key (sample_id, response_id, question_key)
    );

    create table quotes (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      response_id uuid not null references responses (id),
      question_key text not null,
      theme_id uuid not null references themes (id),
      redacted_text text not null,
      redactions jsonb not null default '[]'::jsonb,
      status text not null default 'pending_review' check (status in ('pending_review', 'approved', 'withdrawn')),
      chosen_by uuid references users (id),
      chosen_at timestamptz not null default now(),
      reviewed_by uuid references users (id),
      reviewed_at timestamptz,
      check ((status = 'approved') = (reviewed_at is not null))
    );
    create index quotes_theme_idx on quotes (consultation_id, theme_id, status);

    create table safeguarding_flags (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      response_id uuid not null references responses (id),
      question_key text not null,
      source text not null check (source in ('detector', 'analyst')),
      kinds jsonb not null default '[]'::jsonb,
      excerpt text not null default '',
      raised_by uuid references users (id),
      raised_at timestamptz not null default now(),
      status text not null default 'open' check (status in ('open', 'handled')),
      handled_by uuid references users (id),
      handled_at timestamptz,
      action_taken text,
      unique (response_id, question_key),
      check ((status = 'handled') = (handled_at is not null and action_taken is not null))
    );
    create index safeguarding_flags_consultation_idx on safeguarding_flags (consultation_id, status);

    -- Keyset pagination of comments walks a consultation's responses in reference order.
    create index responses_consultation_reference_idx on responses (consultation_id, reference);
  `.execute(db)
}
