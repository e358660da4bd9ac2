import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { everyQuestionType } from '../../../questionnaire/examples.js'
import { createTestApp, type TestApp } from '../../../testing/app.js'

describe('the clock moving consultations on', () => {
  let t: TestApp
  const second = 1000
  const opensAt = new Date('2026-05-01T09:00:00Z')
  const closesAt = new Date('2026-06-30T23:00:00Z')
  let clock = new Date(opensAt.getTime() - 60 * second)

  before(async () => {
    t = await createTestApp({ now: () => clock })
  })
  after(() => t.close())

  const publish = (slug: string, status: 'scheduled' | 'open') =>
    t.services.consultations.createPublished(
      {
        slug,
        title: `Timed ${slug}`,
        summary: 'Moved on by the clock.',
        status,
        opensAt,
        closesAt,
        proposals: [],
        questionnaire: everyQuestionType,
      },
      systemActor,
    )
  const statusOf = async (id: string) =>
    (
      await t.database.db
        .selectFrom('consultations')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status

  test('an open consultation closes at its closing time exactly, not a second before', async () => {
    const id = await publish('closes-on-time', 'open')
    clock = new Date(closesAt.getTime() - second)
    await t.services.consultationSetup.runDueTransitions()
    assert.equal(await statusOf(id), 'open')
    clock = closesAt
    await t.services.consultationSetup.runDueTransitions()
    assert.equal(await statusOf(id), 'closed')
  })

  test('a scheduled consultation opens at its opening time exactly, not a second before', async () => {
    const id = await publish('opens-on-time', 'scheduled')
    clock = new Date(opensAt.getTime() - second)
    await t.services.consultationSetup.runDueTransitions()
    assert.equal(await statusOf(id), 'scheduled')
    clock = opensAt
    await t.services.consultationSetup.runDueTransitions()
    assert.equal(await statusOf(id), 'open')
  })
})
