import { type Kysely, sql } from 'kysely'
import { backfill, type Tally, triggerFunction, triggers } from './0150-tallies.js'

// Respondents by where they live (migration 0170) kept by channel and partner too: the stored
// figures of "Who we heard from" filter their areas by channel and partner, and counting them from
// the responses read every answers document again (5 to 8 s of a detection run at a million).
// The totals are counted again from the responses, as the key changes.

const nil = '00000000-0000-0000-0000-000000000000'

const reachTally: Tally = {
  table: 'reach_tallies',
  key: [
    'consultation_id',
    'standing',
    'channel',
    'partner_key',
    'area_given',
    'area',
    'district',
    'question_key',
    'value',
  ],
  select: (rows) => `select r.consultation_id, heard_response_standing(r.status, r.late, r.late_decision),
    r.channel, coalesce(r.partner_organisation_id, '${nil}'::uuid),
    r.answers ->> 'area' is not null, coalesce(r.answers ->> 'area', ''),
    coalesce(upper(trim(r.answers ->> 'postcode_district')), ''), q.key, coalesce(r.answers ->> q.key, '')
    from ${rows} r cross join unnest(array['age_band', 'sex', 'ethnicity']) q(key)`,
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    lock table responses in share row exclusive mode;
    drop trigger heard_tally_reach_in on responses;
    drop trigger heard_tally_reach_change on responses;
    drop trigger heard_tally_reach_out on responses;
    drop function heard_tally_reach();
    drop table reach_tallies;
    create table reach_tallies (
      consultation_id uuid not null,
      standing text not null,
      channel text not null,
      -- The partner who entered the responses; the nil uuid for none.
      partner_key uuid not null,
      -- Whether \`area\` was answered, and the answer ('' for none).
      area_given boolean not null,
      area text not null,
      -- The postcode district as given, upper case and trimmed, as the reader compares it.
      district text not null,
      question_key text not null,
      value text not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, standing, channel, partner_key, area_given, area, district, question_key, value, shard)
    );
    ${triggerFunction('heard_tally_reach', reachTally)}
    ${backfill(reachTally, 'responses')}
    ${triggers('responses', 'heard_tally_reach')}
  `.execute(db)
}
