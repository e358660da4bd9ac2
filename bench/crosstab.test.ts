import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { closedAnswerCounts, defaultInclusion, findPlan, slotsOf } from '../src/features/analysis/index.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/databases.js'
import { loadForCrosstab, rawCounted } from './crosstab.js'

let database: TestDatabase
before(async () => {
  database = await createTestDatabase()
})
after(async () => database.close())

test('the raw GROUP BY the benchmark times counts the same people as the crosstab', async () => {
  const { services, consultationId } = await loadForCrosstab(database, 120, () => {})
  const ids = (
    await sql<{ id: string }>`select response_id as id from closed_answers
      where consultation_id = ${consultationId} and not excluded and not late order by response_id limit 2`.execute(
      database.db,
    )
  ).rows.map((r) => r.id)
  const staff = await sql<{ id: string }>`insert into users (email, display_name, password_hash)
    values ('bench@example.org', 'Bench', 'x') returning id`.execute(database.db)
  const group = await sql<{
    id: string
  }>`insert into participation_groups (consultation_id, tier, group_key, detected_at)
    values (${consultationId}, 'exact', 'same', now()) returning id`.execute(database.db)
  for (const [position, id] of ids.entries())
    await sql`insert into participation_group_members (group_id, response_id, position)
      values (${group.rows[0]?.id ?? ''}, ${id}, ${position})`.execute(database.db)
  await sql`insert into participation_decisions (consultation_id, group_key, decision, reason, decided_by, decided_at)
    values (${consultationId}, 'same', 'same_person', 'same person', ${staff.rows[0]?.id ?? ''}, now())`.execute(
    database.db,
  )

  const plan = await findPlan(database.db, consultationId)
  const question = plan && slotsOf(plan, 'p1_agreement')
  const breakdown = plan && slotsOf(plan, 'relationship')
  assert.ok(question && breakdown)
  const raw = await closedAnswerCounts(await rawCounted(services, consultationId), question, {
    kind: 'slot',
    slot: breakdown.first,
  }).execute(database.db)
  const { table } = await services.analysis.questionTable(
    consultationId,
    'p1_agreement',
    'relationship',
    defaultInclusion,
  )
  const everyone = await sql<{ n: number }>`select count(*)::int as n from closed_answers
    where consultation_id = ${consultationId} and not excluded and not late`.execute(database.db)
  const counted = raw.rows.reduce((sum, r) => sum + r.n, 0)
  // The decided repeat is left out of both.
  assert.equal(counted, (everyone.rows[0]?.n ?? 0) - 1)
  assert.equal((table.base ?? 0) + (table.notAnswered ?? 0), counted)
})

test('a load larger than the demo generates is made of copies, each coded as its original', async () => {
  const copied = await createTestDatabase()
  try {
    await loadForCrosstab(copied, 250, () => {}, 100)
    const counts = await sql<{ responses: number; coded: number; references: number }>`
      select (select count(*) from responses)::int as responses, (select count(*) from closed_answers)::int as coded,
        (select count(distinct reference) from responses)::int as "references"`.execute(copied.db)
    assert.deepEqual(counts.rows[0], { responses: 250, coded: 250, references: 250 })
    const differing = await sql<{ n: number }>`
      select count(*)::int as n from responses c
      join closed_answers cc on cc.response_id = c.id
      join responses o on c.reference like o.reference || '-%'
      join closed_answers oc on oc.response_id = o.id
      where cc.codes is distinct from oc.codes or cc.channel <> oc.channel or cc.late <> oc.late`.execute(
      copied.db,
    )
    const pairs = await sql<{ n: number }>`
      select count(*)::int as n from responses c join responses o on c.reference like o.reference || '-%'`.execute(
      copied.db,
    )
    assert.equal(pairs.rows[0]?.n, 150)
    assert.equal(differing.rows[0]?.n, 0)
  } finally {
    await copied.close()
  }
})
