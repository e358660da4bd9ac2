import { type Kysely, sql } from 'kysely'
import { backfill, type Tally, triggerFunction, triggers } from './0150-tallies.js'

// Respondents by where they live and their answers to the questions compared with the Census, kept
// as responses arrive, so that a report's reach comparison reads totals rather than opening every
// response's answers document (docs/design/tallies.md). Where someone lives is their answer to
// `area` or, when they gave none, the area of their postcode district; which district lies in which
// area is the application's to say (participation/profile/postcode-districts.ts), so the totals
// keep the answer and the district as given, and the reader places them. The questions are those
// the population table has (`populationDimensions`): age band, sex and ethnicity, each response
// counted once for each, answered or not ('' for none), so any one of them also counts the
// respondents of an area.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reach_tallies (
      consultation_id uuid not null,
      standing text not null,
      -- Whether \`area\` was answered, and the answer ('' for none).
      area_given boolean not null,
      area text not null,
      -- The postcode district as given, upper case and trimmed, as the reader compares it.
      district text not null,
      question_key text not null,
      value text not null,
      shard smallint not null,
      n bigint not null,
      primary key (consultation_id, standing, area_given, area, district, question_key, value, shard)
    );

    ${triggerFunction('heard_tally_reach', reachTally)}
    ${backfill(reachTally, 'responses')}
    ${triggers('responses', 'heard_tally_reach')}
  `.execute(db)
}

const reachTally: Tally = {
  table: 'reach_tallies',
  key: ['consultation_id', 'standing', 'area_given', 'area', 'district', 'question_key', 'value'],
  select: (rows) => `select r.consultation_id, heard_response_standing(r.status, r.late, r.late_decision),
    r.answers ->> 'area' is not null, coalesce(r.answers ->> 'area', ''),
    coalesce(upper(trim(r.answers ->> 'postcode_district')), ''), q.key, coalesce(r.answers ->> q.key, '')
    from ${rows} r cross join unnest(array['age_band', 'sex', 'ethnicity']) q(key)`,
}
