import { type Kysely, sql } from 'kysely'

// Save and return: a draft holds the answers of an online response not yet sent. A draft is not a
// response: nothing counts it, and it is deleted once its consultation has closed. Messages to
// respondents go to the outbox when the deployment has no SMTP server.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table response_drafts (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      questionnaire_version_id uuid not null references questionnaire_versions (id),
      -- Only a hash of the token in the respondent's cookie and resume link is kept.
      token_hash text not null unique,
      resume_code text unique,
      submission_key text not null unique,
      answers jsonb not null default '{}'::jsonb check (jsonb_typeof(answers) = 'object'),
      respondent jsonb not null default '{}'::jsonb check (jsonb_typeof(respondent) = 'object'),
      -- The language the person chose for the questionnaire's wording (a code the definition offers).
      language text not null default 'en',
      started_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index response_drafts_consultation_idx on response_drafts (consultation_id);

    alter table responses add column admitted_under_grace boolean not null default false;

    create table outbox (
      id uuid primary key default gen_random_uuid(),
      recipient text not null,
      subject text not null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index outbox_created_idx on outbox (created_at);
  `.execute(db)
}
