import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { createServices, type Services } from '../../../app/services.js'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { slotsOf } from '../../../platform/db/closed-answer-codes.js'
import { findPlan } from '../../../platform/db/closed-answer-plans.js'
import { createTestDatabase, type TestDatabase } from '../../../testing/databases.js'
import { type Counted, countCodes, countCodesFromKeptTotals, keptTotalsServe } from './repository.js'

// Every question's counts by the answer to `relationship` from the kept answers (migration 0163)
// against the same counts from the closed answers, row by row: after the demo's load, exclusion,
// a late decision, a corrected answer to `relationship`, and a new questionnaire version that
// re-plans the codes; with and without the excluded and late, and with responses left out by id.

let database: TestDatabase
let services: Services
let consultationId: string

before(async () => {
  database = await createTestDatabase()
  services = createServices({ database, now: () => new Date() })
  await services.demo.loadReferenceCase({ responses: 400, seed: 6 })
  consultationId = (await services.consultations.getBySlug(referenceSlug)).id
})
after(() => database.close())

const sorted = (rows: readonly { value: unknown; grp: unknown; n: number }[]) =>
  rows.map((r) => `${JSON.stringify(r.value)}|${r.grp}|${r.n}`).sort()

async function assertKeptTotalsAgree(when: string) {
  const plan = await findPlan(database.db, consultationId)
  if (!plan) throw new Error('no plan')
  const relationship = slotsOf(plan, 'relationship')
  if (!relationship) throw new Error('no relationship question')
  const grouping = { kind: 'slot' as const, slot: relationship.first }
  const leftOut = sql<{ id: string }>`select id from responses
    where consultation_id = ${consultationId} order by reference limit 7`
  let compared = 0
  for (const key of new Set(plan.slotKeys)) {
    const slots = slotsOf(plan, key)
    if (!slots || !keptTotalsServe(slots, grouping, relationship.first)) continue
    for (const [includeExcluded, includeLate, left] of [
      [false, false, []],
      [true, true, []],
      [false, false, [leftOut]],
    ] as const) {
      const counted: Counted = { consultationId, includeExcluded, includeLate, leftOut: left }
      assert.deepEqual(
        sorted(await countCodesFromKeptTotals(database.db, counted, slots, grouping)),
        sorted(await countCodes(database.db, counted, slots, grouping)),
        `${key} ${when} ${JSON.stringify({ includeExcluded, includeLate, leftOut: left.length })}`,
      )
      compared++
    }
  }
  assert.ok(compared >= 30, `${compared} tables compared`)
}

test("each question's counts by relationship from the kept answers equal a count of the closed answers", async () => {
  await assertKeptTotalsAgree('after loading')
  const [excluded, late, corrected] = await database.db
    .selectFrom('responses')
    .select('id')
    .where('consultation_id', '=', consultationId)
    .where('late', '=', false)
    .orderBy('reference', 'desc')
    .limit(3)
    .execute()
  if (!excluded || !late || !corrected) throw new Error('too few responses')
  await database.db
    .updateTable('responses')
    .set({ status: 'excluded', exclusion_reason: 'A test entry', excluded_at: new Date() })
    .where('id', '=', excluded.id)
    .execute()
  await database.db
    .updateTable('responses')
    .set({ late: true, late_decision: null })
    .where('id', '=', late.id)
    .execute()
  await sql`update responses set answers = jsonb_set(answers, '{relationship}', '"carer"')
    where id = ${corrected.id}`.execute(database.db)
  await assertKeptTotalsAgree('after exclusion, lateness and a corrected answer')
  // Answers to a question no version asks yet are not kept; a new version asking it re-plans and
  // re-codes every answer, and the kept answers are counted again under the new plan.
  await sql`update responses set answers = answers || '{"kept_extra": "a"}'
    where id in (select id from responses where consultation_id = ${consultationId} order by reference limit 5)`.execute(
    database.db,
  )
  await sql`insert into questionnaire_versions (consultation_id, version, definition)
    select consultation_id, version + 1, jsonb_set(definition, '{sections,0,questions}',
      jsonb_build_array(jsonb_build_object('key', 'kept_extra', 'type', 'single_choice', 'title', 'Extra',
        'options', jsonb_build_array(jsonb_build_object('value', 'a', 'label', 'A'))))
      || (definition #> '{sections,0,questions}'))
    from questionnaire_versions where consultation_id = ${consultationId}
    order by version desc limit 1`.execute(database.db)
  await assertKeptTotalsAgree('after a new questionnaire version')
})
