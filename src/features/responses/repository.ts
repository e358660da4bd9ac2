import type { Kysely } from 'kysely'
import type { Database, ResponseChannel } from '../../platform/db/schema.js'
import type { ValidatedAnswer } from './answer-validation.js'

export interface ResponseInsert {
  consultationId: string
  questionnaireVersionId: string
  reference: string
  submissionKey: string
  channel: ResponseChannel
  startedAt: Date | null
  submittedAt: Date
}

/** Inserts the response unless one with the same submission key exists; returns its id if inserted. */
export async function insertResponseOnce(db: Kysely<Database>, response: ResponseInsert) {
  const row = await db
    .insertInto('responses')
    .values({
      consultation_id: response.consultationId,
      questionnaire_version_id: response.questionnaireVersionId,
      reference: response.reference,
      submission_key: response.submissionKey,
      channel: response.channel,
      started_at: response.startedAt,
      submitted_at: response.submittedAt,
      received_at: response.submittedAt,
    })
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

export async function insertAnswers(db: Kysely<Database>, responseId: string, answers: ValidatedAnswer[]) {
  if (answers.length === 0) return
  await db
    .insertInto('answers')
    .values(
      answers.map((a) => ({
        response_id: responseId,
        question_key: a.questionKey,
        value: JSON.stringify(a.value),
      })),
    )
    .execute()
}

export function findReceipt(db: Kysely<Database>, consultationId: string, submissionKey: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'reference', 'submitted_at'])
    .where('consultation_id', '=', consultationId)
    .where('submission_key', '=', submissionKey)
    .executeTakeFirst()
}

export function referenceExists(db: Kysely<Database>, reference: string) {
  return db.selectFrom('responses').select('id').where('reference', '=', reference).executeTakeFirst()
}

export async function countResponses(db: Kysely<Database>, consultationId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'submitted')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function listResponses(db: Kysely<Database>, consultationId: string, limit: number, offset: number) {
  return db
    .selectFrom('responses')
    .select(['id', 'reference', 'channel', 'status', 'submitted_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('submitted_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export function findResponse(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('responses')
    .select([
      'id',
      'consultation_id',
      'questionnaire_version_id',
      'reference',
      'channel',
      'status',
      'started_at',
      'submitted_at',
      'received_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listAnswers(db: Kysely<Database>, responseId: string) {
  return db
    .selectFrom('answers')
    .select(['question_key', 'value'])
    .where('response_id', '=', responseId)
    .execute()
}
