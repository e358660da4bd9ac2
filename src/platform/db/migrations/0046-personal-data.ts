import { type Kysely, sql } from 'kysely'

// Personal data: each consultation's record of processing, with how long contact details are kept
// and what happens then; and indexes so that a subject access search reads only the rows of the
// person asked about, by email, phone or receipt reference, however many responses there are.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table processing_records (
      consultation_id uuid primary key references consultations (id),
      purpose text not null,
      lawful_basis text not null,
      data_categories text not null,
      retention_months integer not null check (retention_months between 1 and 120),
      retention_action text not null check (retention_action in ('erase', 'anonymise')),
      updated_at timestamptz not null default now(),
      updated_by uuid references users (id),
      -- When the scheduled job applied the end of retention, and what it removed (counts only).
      retention_applied_at timestamptz,
      retention_summary jsonb
    );

    create index respondent_contacts_email_idx on respondent_contacts (lower(email)) where email is not null;
    create index respondent_contacts_phone_idx on respondent_contacts (regexp_replace(phone, '[^0-9]', '', 'g'))
      where phone is not null;
    create index response_drafts_email_idx on response_drafts (lower(respondent ->> 'email'))
      where respondent ? 'email';
    create index outbox_recipient_idx on outbox (lower(recipient));
    create index paper_returns_reference_idx on paper_returns (paper_reference);
  `.execute(db)
}
