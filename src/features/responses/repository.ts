import type { Kysely } from 'kysely'
import type { AnswerValue, Database, ResponseChannel } from '../../platform/db/schema.js'

export interface ResponseInsert {
  consultationId: string
  questionnaireVersionId: string
  reference: string
  submissionKey: string
  channel: ResponseChannel
  answers: Record<string, AnswerValue>
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
      answers: JSON.stringify(response.answers),
      started_at: response.startedAt,
      submitted_at: response.submittedAt,
      received_at: response.submittedAt,
    })
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
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
      'answers',
      'started_at',
      'submitted_at',
      'received_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}
