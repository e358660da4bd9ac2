import { type Kysely, sql } from 'kysely'

// Reliability from a frozen first pass: each double-coding item keeps the two blind codings as they
// were before anyone adjudicated (the first pass as drawn, the second as the second coder left it),
// so agreement never reads a coding that adjudication has since settled. Adjudication is a third,
// final coding on the item with who and why. Items drawn before this keep what their codings hold
// now: for an item already adjudicated that is the settled first pass, which is all that is left.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table double_coding_items
      add column first_themes jsonb check (first_themes is null or jsonb_typeof(first_themes) = 'array'),
      add column first_coded_by uuid references users (id),
      add column second_themes jsonb check (second_themes is null or jsonb_typeof(second_themes) = 'array'),
      add column second_coded_by uuid references users (id),
      add column second_coded_at timestamptz,
      add column final_themes jsonb check (final_themes is null or jsonb_typeof(final_themes) = 'array'),
      add column adjudication_reason text;

    update double_coding_items i set
      first_themes = coalesce((select jsonb_agg(ct.theme_id::text order by ct.theme_id)
        from codings c join coding_themes ct on ct.coding_id = c.id
        where c.response_id = i.response_id and c.question_key = i.question_key and c.pass = 1), '[]'::jsonb),
      first_coded_by = (select c.coded_by from codings c
        where c.response_id = i.response_id and c.question_key = i.question_key and c.pass = 1);

    update double_coding_items i set
      second_themes = coalesce((select jsonb_agg(ct.theme_id::text order by ct.theme_id)
        from codings c join coding_themes ct on ct.coding_id = c.id
        where c.id = s.id), '[]'::jsonb),
      second_coded_by = s.coded_by,
      second_coded_at = s.coded_at
    from codings s
    where s.response_id = i.response_id and s.question_key = i.question_key and s.pass = 2;

    update double_coding_items set
      final_themes = first_themes,
      adjudication_reason = 'Adjudicated before reasons were recorded'
    where adjudicated_at is not null;

    alter table double_coding_items
      add constraint double_coding_items_adjudication_check check (
        (adjudicated_at is null) = (final_themes is null)
        and (adjudicated_at is null) = (adjudication_reason is null)
        and (adjudicated_at is null or second_themes is not null));
  `.execute(db)
}
