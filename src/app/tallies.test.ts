import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { referenceSlug } from '../demo/reference-consultation.js'
import { publishOpenConsultation } from '../testing/app.js'
import { createTestDatabase, type TestDatabase } from '../testing/databases.js'
import { createServices, type Services } from './services.js'

// The totals triggers keep (migrations 0150 and 0170) against a fresh count of the same rows, after every
// kind of write that moves them: demo loads (one statement per batch), an import, exclusion and
// reinstatement, late decisions both ways, and a new questionnaire version that re-codes answers.

let database: TestDatabase
let services: Services
let referenceId: string
let actor: { userId: string; label: string }

before(async () => {
  database = await createTestDatabase()
  services = createServices({ database, now: () => new Date() })
  await services.demo.loadReferenceCase({ responses: 400, seed: 3 })
  referenceId = (await services.consultations.getBySlug(referenceSlug)).id
  const userId = await services.users.createUser({
    email: 'tallies@example.org',
    displayName: 'Tallies',
    password: 'a passphrase long enough for the test',
    roles: ['consultation_manager'],
  })
  actor = { userId, label: 'tallies@example.org' }
})
after(() => database.close())

const nil = '00000000-0000-0000-0000-000000000000'

async function responseTotals() {
  const kept = await sql<{ key: string; n: string }>`
    select concat_ws('|', consultation_id, channel, partner_key, standing, day, questionnaire_version_id) as key,
      sum(n)::text as n
    from response_tallies group by 1 having sum(n) <> 0 order by 1`.execute(database.db)
  const fresh = await sql<{ key: string; n: string }>`
    select concat_ws('|', consultation_id, channel, coalesce(partner_organisation_id, ${nil}::uuid),
      heard_response_standing(status, late, late_decision),
      (submitted_at at time zone 'Europe/London')::date, questionnaire_version_id) as key, count(*)::text as n
    from responses group by 1 order by 1`.execute(database.db)
  return { kept: kept.rows, fresh: fresh.rows }
}

async function closedAnswerTotals() {
  const kept = await sql<{ key: string; n: string }>`
    select concat_ws('|', consultation_id, slot, code, channel, partner_key, is_excluded, is_late) as key,
      sum(n)::text as n
    from closed_answer_tallies group by 1 having sum(n) <> 0 order by 1`.execute(database.db)
  const fresh = await sql<{ key: string; n: string }>`
    select concat_ws('|', a.consultation_id, s.slot, s.code, a.channel,
      coalesce(a.partner_organisation_id, ${nil}::uuid), a.excluded, a.late) as key, count(*)::text as n
    from closed_answers a cross join lateral unnest(a.codes) with ordinality s(code, slot)
    group by 1 order by 1`.execute(database.db)
  return { kept: kept.rows, fresh: fresh.rows }
}

// Each answer to `relationship` once, as a breakdown by that question counts a coding.
const relationships = sql`cross join lateral jsonb_array_elements_text(
  case when jsonb_typeof(r.answers -> 'relationship') = 'array' then r.answers -> 'relationship'
    else jsonb_build_array(coalesce(r.answers ->> 'relationship', '')) end) g(value)`
// The same, and each coding once more in the group '*' that a count with no breakdown reads.
const relationshipsAndEvery = sql`cross join lateral (
  select e.value from jsonb_array_elements_text(
    case when jsonb_typeof(r.answers -> 'relationship') = 'array' then r.answers -> 'relationship'
      else jsonb_build_array(coalesce(r.answers ->> 'relationship', '')) end) e(value)
  union all select '*') g(value)`

const standing = sql`heard_response_standing(r.status, r.late, r.late_decision)`

async function commentAndCodingTotals() {
  const kept = await sql<{ key: string; n: string }>`
    select concat_ws('|', 'comment', consultation_id, question_key, standing) as key, sum(n)::text as n
    from comment_tallies group by 1 having sum(n) <> 0
    union all
    select concat_ws('|', 'coding', consultation_id, question_key, theme_key, relationship, standing), sum(n)::text
    from coding_tallies group by 1 having sum(n) <> 0
    order by 1`.execute(database.db)
  const fresh = await sql<{ key: string; n: string }>`
    select concat_ws('|', 'comment', r.consultation_id, q.key,
      heard_response_standing(r.status, r.late, r.late_decision)) as key, count(*)::text as n
    from responses r cross join lateral jsonb_each(r.answers) q(key, value)
    where jsonb_typeof(q.value) = 'string' and btrim(q.value #>> '{}') <> ''
    group by 1
    union all
    select concat_ws('|', 'coding', c.consultation_id, c.question_key, ${nil}::uuid, g.value, ${standing}),
      count(*)::text
    from codings c join responses r on r.id = c.response_id ${relationshipsAndEvery} where c.pass = 1 group by 1
    union all
    select concat_ws('|', 'coding', c.consultation_id, c.question_key, ct.theme_id, g.value, ${standing}),
      count(*)::text
    from coding_themes ct join codings c on c.id = ct.coding_id join responses r on r.id = c.response_id
      ${relationshipsAndEvery}
    where c.pass = 1 group by 1
    order by 1`.execute(database.db)
  return { kept: kept.rows, fresh: fresh.rows }
}

async function eventTotals() {
  const kept = await sql<{ key: string; n: string }>`
    select concat_ws('|', consultation_id, event_id, standing) as key, sum(n)::text as n
    from event_response_tallies group by 1 having sum(n) <> 0 order by 1`.execute(database.db)
  const fresh = await sql<{ key: string; n: string }>`
    select concat_ws('|', consultation_id, event_id, heard_response_standing(status, late, late_decision)) as key,
      count(*)::text as n
    from responses where event_id is not null group by 1 order by 1`.execute(database.db)
  return { kept: kept.rows, fresh: fresh.rows }
}

async function reachTotals() {
  const kept = await sql<{ key: string; n: string }>`
    select concat_ws('|', consultation_id, standing, channel, partner_key, area_given, area, district, question_key, value) as key,
      sum(n)::text as n
    from reach_tallies group by 1 having sum(n) <> 0 order by 1`.execute(database.db)
  const fresh = await sql<{ key: string; n: string }>`
    select concat_ws('|', r.consultation_id, heard_response_standing(r.status, r.late, r.late_decision),
      r.channel, coalesce(r.partner_organisation_id, ${nil}::uuid), r.answers ->> 'area' is not null, coalesce(r.answers ->> 'area', ''),
      coalesce(upper(trim(r.answers ->> 'postcode_district')), ''), q.key, coalesce(r.answers ->> q.key, '')) as key,
      count(*)::text as n
    from responses r cross join unnest(array['age_band', 'sex', 'ethnicity']) q(key)
    group by 1 order by 1`.execute(database.db)
  return { kept: kept.rows, fresh: fresh.rows }
}

async function assertTalliesAgree(when: string) {
  const responses = await responseTotals()
  assert.ok(responses.fresh.length > 0)
  assert.deepEqual(responses.kept, responses.fresh, `response totals ${when}`)
  const answers = await closedAnswerTotals()
  assert.ok(answers.fresh.length > 0)
  assert.deepEqual(answers.kept, answers.fresh, `closed answer totals ${when}`)
  const events = await eventTotals()
  assert.ok(events.fresh.length > 0)
  assert.deepEqual(events.kept, events.fresh, `event totals ${when}`)
  const comments = await commentAndCodingTotals()
  assert.deepEqual(comments.kept, comments.fresh, `comment and coding totals ${when}`)
  const reach = await reachTotals()
  assert.ok(reach.fresh.length > 0)
  assert.deepEqual(reach.kept, reach.fresh, `reach totals ${when}`)
}

const responsesWhere = (late: boolean) =>
  database.db
    .selectFrom('responses')
    .select('id')
    .where('consultation_id', '=', referenceId)
    .where('late', '=', late)
    .orderBy('id')

test('the kept totals equal a fresh count after the demo is loaded', async () => {
  await assertTalliesAgree('after loading')
})

test('they follow codings, first and second pass, and their themes added and taken away', async () => {
  const themes = await sql<{ id: string }>`
    insert into themes (consultation_id, code, label, examples)
    values (${referenceId}, 'tally-1', 'Waiting times', '[]'), (${referenceId}, 'tally-2', 'Staff', '[]')
    returning id`.execute(database.db)
  const [first, second] = themes.rows
  if (!first || !second) throw new Error('no themes')
  await sql`
    insert into codings (consultation_id, response_id, question_key, pass)
    select consultation_id, id, 'overall_comments', p from responses, (values (1), (2)) v(p)
    where consultation_id = ${referenceId} order by id limit 120`.execute(database.db)
  await sql`
    insert into coding_themes (coding_id, theme_id, provenance)
    select c.id, t.id, 'person' from codings c cross join (values (${first.id}::uuid), (${second.id}::uuid)) t(id)
    where c.consultation_id = ${referenceId}`.execute(database.db)
  await assertTalliesAgree('after coding')
  await sql`
    delete from coding_themes where theme_id = ${second.id}
      and coding_id in (select id from codings where consultation_id = ${referenceId} order by id limit 30)`.execute(
    database.db,
  )
  await assertTalliesAgree('after themes are taken away')
  // A coded response's answer to relationship is corrected: to another answer, and to two.
  await sql`
    update responses set answers = jsonb_set(answers, '{relationship}', to_jsonb('tally-carer'::text))
    where id in (select response_id from codings where consultation_id = ${referenceId} order by id limit 5)`.execute(
    database.db,
  )
  await sql`
    update responses set answers = jsonb_set(answers, '{relationship}', '["carer", "staff"]'::jsonb)
    where id in (select response_id from codings where consultation_id = ${referenceId} order by id desc limit 5)`.execute(
    database.db,
  )
  await assertTalliesAgree('after relationship answers are corrected')
})

test('they follow corrected answers to where someone lives and who they are', async () => {
  const some = (offset: number) =>
    sql`(select id from responses where consultation_id = ${referenceId} order by id limit 3 offset ${offset})`
  await sql`update responses set answers = answers - 'area' || '{"postcode_district": " le1 "}'
    where id in ${some(0)}`.execute(database.db)
  await sql`update responses set answers = answers || '{"area": "", "sex": null}' where id in ${some(3)}`.execute(
    database.db,
  )
  await sql`update responses set answers = answers || '{"area": "prefer_not_to_say", "ethnicity": "tally"}'
    where id in ${some(6)}`.execute(database.db)
  await assertTalliesAgree('after corrected answers')
})

test('they follow exclusion and reinstatement', async () => {
  const [first, second] = await responsesWhere(false).limit(2).execute()
  if (!first || !second) throw new Error('no responses')
  await services.responses.excludeResponse(first.id, 'A test entry', actor)
  await services.responses.excludeResponse(second.id, 'A test entry', actor)
  await assertTalliesAgree('after two exclusions')
  await services.responses.reinstateResponse(second.id, 'Entered in error', actor)
  await assertTalliesAgree('after a reinstatement')
})

test('they follow late decisions, admitted and refused', async () => {
  const late = await responsesWhere(true).limit(2).execute()
  const [admitted, refused] = late
  if (!admitted || !refused) throw new Error(`the demo has ${late.length} late returns`)
  await services.paper.decideLateReturn(
    admitted.id,
    { decision: 'admitted', reason: 'Posted in time' },
    actor,
  )
  await services.paper.decideLateReturn(refused.id, { decision: 'refused', reason: 'Far too late' }, actor)
  await assertTalliesAgree('after late decisions')
})

test('they follow an import and a new questionnaire version that re-codes the answers', async () => {
  await publishOpenConsultation(services, 'tally-import')
  const consultationId = (await services.consultations.getBySlug('tally-import')).id
  const csv = 'Form,How do you travel?,Uses\nP1,Walk,car;Walk\nP2,Car,\nP3,Bus,bus\n'
  const uploaded = await services.imports.upload(
    consultationId,
    { fileName: 'paper.csv', stream: Readable.from([Buffer.from(csv)]) },
    actor,
  )
  await services.imports.setMapping(
    uploaded.importId,
    { columns: { 'How do you travel?': 'single', Uses: 'multiple' }, idColumn: 'Form' },
    null,
  )
  const outcome = await services.imports.run({ importId: uploaded.importId, dryRun: false, actor })
  assert.equal(outcome.rowsNew, 3, JSON.stringify(outcome))
  await assertTalliesAgree('after an import')
  // A new version re-plans the consultation and re-codes every response in one statement.
  await sql`insert into questionnaire_versions (consultation_id, version, definition)
    select consultation_id, version + 1, jsonb_set(definition, '{sections}', definition -> 'sections'
      || jsonb_build_array(jsonb_build_object('title', 'More', 'questions', jsonb_build_array(
        jsonb_build_object('key', 'tally_extra', 'type', 'single_choice', 'title', 'Extra',
          'options', jsonb_build_array(jsonb_build_object('value', 'a', 'label', 'A')))))))
    from questionnaire_versions where consultation_id = ${referenceId}
    order by version desc limit 1`.execute(database.db)
  await assertTalliesAgree('after re-coding')
})

test('theme counts from the kept totals equal a live count of the counted responses, alone and by relationship', async () => {
  // By now some coded responses are excluded, and some late ones refused or undecided.
  // Each coding once with no breakdown; by relationship, once for each answer to it, so a
  // response with no answer there is in no group.
  const liveCounts = async (byGroup: boolean) =>
    (
      await sql<{ theme: string; grp: string; n: string }>`
    select coalesce(ct.theme_id::text, 'coded') as theme, ${byGroup ? sql`g.value` : sql`''`} as grp,
      count(*)::text as n
    from codings c join responses r on r.id = c.response_id ${byGroup ? relationships : sql``}
    left join lateral (select null::uuid as theme_id union all
      select theme_id from coding_themes where coding_id = c.id) ct on true
    where c.consultation_id = ${referenceId} and c.pass = 1
      and heard_response_standing(r.status, r.late, r.late_decision) = 'counted'
    group by 1, 2`.execute(database.db)
    ).rows
  const leftOut = await sql<{ n: string }>`
    select count(*)::text as n from codings c join responses r on r.id = c.response_id
    where c.consultation_id = ${referenceId} and heard_response_standing(r.status, r.late, r.late_decision) <> 'counted'`.execute(
    database.db,
  )
  assert.ok(Number(leftOut.rows[0]?.n) > 0, 'some coded responses do not count')
  const expected = async (byGroup: boolean) =>
    (await liveCounts(byGroup)).map((r) => [`${r.theme}|${r.grp}`, Number(r.n)] as const).sort()
  for (const [breakdown, byGroup] of [
    [{ kind: 'none' } as const, false],
    [{ kind: 'answer', questionKey: 'relationship' } as const, true],
  ] as const) {
    const counts = await services.coding.themeCounts(referenceId, breakdown)
    const kept = [
      ...counts.groups.map((g) => [`coded|${g.group}`, g.codedComments] as const),
      ...counts.themes.flatMap((theme) =>
        Object.entries(theme.counts)
          .filter(([, n]) => n > 0)
          .map(([group, n]) => [`${theme.themeId}|${group}`, n] as const),
      ),
    ].sort()
    assert.deepEqual(kept, await expected(byGroup), breakdown.kind)
  }
})
