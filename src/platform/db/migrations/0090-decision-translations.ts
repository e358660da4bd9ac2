import { type Kysely, sql } from 'kysely'

// Translations of the public "You said, we did" texts, one a text a language. Each keeps the
// English it was made from, so the public page shows it only while that is still the approved
// English: a rewritten consideration or a newer progress note falls back to English, marked.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table decision_translations (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      language text not null,
      kind text not null check (kind in ('consideration', 'resolution', 'conditions', 'action', 'progress')),
      -- Which text of its kind: a consideration's "proposal:theme", a proposal, an action, or
      -- "decision" for the decision's conditions.
      subject text not null,
      source text not null,
      text text not null,
      written_by uuid references users (id),
      written_by_label text not null,
      written_at timestamptz not null,
      unique (consultation_id, language, kind, subject)
    );
  `.execute(db)
}
