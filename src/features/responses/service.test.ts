import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { publicActor } from '../../platform/audit/audit-log.js'
import { createTestApp, publishOpenConsultation, type TestApp } from '../../testing/app.js'

describe('storing a response', () => {
  let t: TestApp
  let consultationId: string
  let questionnaireVersionId: string

  before(async () => {
    t = await createTestApp()
    consultationId = await publishOpenConsultation(t.services, 'stored-once')
    const { questionnaire } = await t.services.consultations.getBySlugWithQuestionnaire('stored-once')
    assert.ok(questionnaire)
    questionnaireVersionId = questionnaire.id
  })
  after(() => t.close())

  // Two requests with one key can both find no receipt and both store: a double click racing
  // itself. The second store must then give way to the first, not fail or add a second response.
  test('the same submission stored twice with one submission key is one response, and no error', async () => {
    const submissionKey = randomUUID()
    const response = {
      consultationId,
      questionnaireVersionId,
      submissionKey,
      channel: 'online' as const,
      answers: { single: 'bus' },
      submittedAt: new Date(),
      actor: publicActor,
    }
    await t.services.responses.storeResponse(response)
    await t.services.responses.storeResponse({ ...response, answers: { single: 'car' } })
    const stored = await t.database.db
      .selectFrom('responses')
      .select('answers')
      .where('submission_key', '=', submissionKey)
      .execute()
    assert.deepEqual(
      stored.map((r) => r.answers),
      [{ single: 'bus' }],
    )
  })
})
