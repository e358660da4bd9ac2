import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createServices, type Services } from '../../../app/services.js'
import { withBulkCopy } from '../../../platform/db/bulk-copy.js'
import { answerDecoder, slotsOf } from '../../../platform/db/closed-answer-codes.js'
import { findPlan } from '../../../platform/db/closed-answer-plans.js'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { publishOpenConsultation } from '../../../testing/app.js'
import { createTestDatabase, type TestDatabase } from '../../../testing/databases.js'

// The narrow store of closed answers is kept by triggers (migration 0013): whatever writes a
// response, with whatever statement, its coded answers and inclusion flags follow.

const manyOptions = Array.from({ length: 35 }, (_, i) => ({ value: `s${i + 1}`, label: `Service ${i + 1}` }))
const questionnaire = {
  sections: [
    {
      key: 's',
      title: 'Questions',
      questions: [
        {
          key: 'who',
          title: 'Who',
          type: 'single_choice',
          options: [
            { value: 'carer', label: 'Carer' },
            { value: 'staff', label: 'Staff' },
          ],
        },
        { key: 'services', title: 'Services', type: 'multiple_choice', options: manyOptions },
        {
          key: 'order',
          title: 'Order',
          type: 'ranking',
          options: [
            { value: 'a', label: 'A' },
            { value: 'b', label: 'B' },
            { value: 'c', label: 'C' },
          ],
        },
        { key: 'agree', title: 'Agree', type: 'agreement', includeDontKnow: false },
        { key: 'stars', title: 'Stars', type: 'rating', max: 3 },
        { key: 'why', title: 'Why', type: 'free_text' },
      ],
    },
  ],
}

describe('closed answers kept by triggers', () => {
  let database: TestDatabase
  let services: Services
  let consultationId: string
  let versionId: string
  let counter = 0

  before(async () => {
    database = await createTestDatabase()
    services = createServices({ database, now: () => new Date() })
    consultationId = await publishOpenConsultation(services, 'closed-answers', questionnaire)
    versionId = (await services.consultations.getLatestQuestionnaire(consultationId)).id
  })
  after(() => database.close())

  const row = (answers: Record<string, AnswerValue>) => {
    counter++
    return {
      consultation_id: consultationId,
      questionnaire_version_id: versionId,
      reference: `T-${counter}-${randomUUID().slice(0, 8)}`,
      submission_key: randomUUID(),
      channel: 'paper' as const,
      answers: JSON.stringify(answers),
    }
  }
  const insert = async (...answers: Record<string, AnswerValue>[]) => {
    const rows = await database.db.insertInto('responses').values(answers.map(row)).returning('id').execute()
    return rows.map((r) => r.id)
  }
  const stored = async (id: string) =>
    database.db
      .selectFrom('closed_answers')
      .selectAll()
      .where('response_id', '=', id)
      .executeTakeFirstOrThrow()
  /** The answers as the narrow store gives them back. */
  const decoded = async (id: string) => {
    const plan = (await findPlan(database.db, consultationId)) ?? assert.fail('no plan')
    const { codes } = await stored(id)
    return Object.fromEntries(
      ['who', 'services', 'order', 'agree', 'stars', 'why'].map((key) => {
        const slots = slotsOf(plan, key)
        if (!slots) return [key, 'not coded']
        const value =
          slots.first === slots.last
            ? (codes[slots.first - 1] ?? null)
            : codes.slice(slots.first - 1, slots.last)
        return [key, answerDecoder(plan, slots)(value)]
      }),
    )
  }

  it('codes every kind of closed question and leaves free text out', async () => {
    const [id] = await insert({
      who: 'staff',
      services: ['s2', 's33', 's2', 'nonsense'],
      order: ['c', 'a', 'b'],
      agree: 'strongly_disagree',
      stars: 3,
      why: 'Because it is far away',
    })
    assert.deepEqual(await decoded(id ?? ''), {
      who: 'staff',
      services: ['s2', 's33'],
      order: 'c',
      agree: 'strongly_disagree',
      stars: '3',
      why: 'not coded',
    })
    const plan = await findPlan(database.db, consultationId)
    assert.deepEqual(plan?.slotKeys, ['who', 'services', 'services', 'order', 'agree', 'stars'])
  })

  it('codes answers that are not choices, and missing answers, as not answered', async () => {
    const [id] = await insert({ who: 'someone', services: 's3', order: 'b', agree: 'dont_know', stars: '4' })
    assert.deepEqual(await decoded(id ?? ''), {
      who: null,
      services: ['s3'],
      order: 'b',
      agree: null,
      stars: null,
      why: 'not coded',
    })
    const [empty] = await insert({})
    assert.deepEqual((await stored(empty ?? '')).codes, [0, 0, 0, 0, 0, 0])
  })

  it('codes rows written by COPY, as bulk imports and the demo write them', async () => {
    const r = row({ who: 'carer', agree: 'agree' })
    await withBulkCopy(database, (copy) => copy('responses', Object.keys(r), [Object.values(r)]))
    const { id } = await database.db
      .selectFrom('responses')
      .select('id')
      .where('reference', '=', r.reference)
      .executeTakeFirstOrThrow()
    assert.equal((await decoded(id)).who, 'carer')
    assert.equal((await decoded(id)).agree, 'agree')
  })

  it('follows exclusion, late returns and a manager admitting one', async () => {
    const [id = ''] = await insert({ who: 'carer' })
    assert.deepEqual(
      { excluded: (await stored(id)).excluded, late: (await stored(id)).late },
      { excluded: false, late: false },
    )
    await sql`update responses set status = 'excluded', excluded_at = now(), exclusion_reason = 'test' where id = ${id}`.execute(
      database.db,
    )
    assert.equal((await stored(id)).excluded, true)
    await sql`update responses set late = true where id = ${id}`.execute(database.db)
    assert.equal((await stored(id)).late, true)
    await sql`update responses set late_decision = 'refused', late_decided_at = now(), late_decision_reason = 'too late' where id = ${id}`.execute(
      database.db,
    )
    assert.equal((await stored(id)).late, true)
    await sql`update responses set late_decision = 'admitted', late_decision_reason = 'posted in time' where id = ${id}`.execute(
      database.db,
    )
    assert.equal((await stored(id)).late, false)
    await sql`update responses set answers = ${JSON.stringify({ who: 'staff' })}::jsonb where id = ${id}`.execute(
      database.db,
    )
    assert.equal((await decoded(id)).who, 'staff')
  })

  it('recodes the consultation when a new version adds a choice or a question', async () => {
    const [id = ''] = await insert({ who: 'volunteer', area: 'north' })
    assert.equal((await decoded(id)).who, null)
    const next = structuredClone(questionnaire)
    const first = next.sections[0]
    first?.questions[0]?.options?.push({ value: 'volunteer', label: 'Volunteer' })
    first?.questions.push({
      key: 'area',
      title: 'Area',
      type: 'single_choice',
      options: [{ value: 'north', label: 'North' }],
    })
    await database.db
      .insertInto('questionnaire_versions')
      .values({ consultation_id: consultationId, version: 2, definition: JSON.stringify(next) })
      .execute()
    assert.equal((await decoded(id)).who, 'volunteer')
    const plan = (await findPlan(database.db, consultationId)) ?? assert.fail('no plan')
    const area = slotsOf(plan, 'area') ?? assert.fail('area not coded')
    assert.equal((await stored(id)).codes[area.first - 1], 1)
    // Codes of the first version's choices are unchanged, so nothing else moved.
    assert.equal(plan.codes.who?.carer, 1)
  })
})
