import type { Kysely } from 'kysely'
import type { AnswerValue, Database, ResponseChannel } from '../../../platform/db/schema.js'

// SQL for responses recorded by staff or partners rather than sent by the respondent: they carry
// where they came from (event, partner) and when they were received.

export interface RecordedInsert {
  consultationId: string
  questionnaireVersionId: string
  reference: string
  submissionKey: string
  channel: ResponseChannel
  answers: Record<string, AnswerValue>
  receivedAt: Date
  submittedAt: Date
  eventId?: string | null
  partnerOrganisationId?: string | null
  respondingFor?: string | null
}

/** Inserts the response unless its submission key was used already; returns its id if inserted. */
export async function insertRecordedResponse(db: Kysely<Database>, r: RecordedInsert) {
  const row = await db
    .insertInto('responses')
    .values({
      consultation_id: r.consultationId,
      questionnaire_version_id: r.questionnaireVersionId,
      reference: r.reference,
      submission_key: r.submissionKey,
      channel: r.channel,
      answers: JSON.stringify(r.answers),
      submitted_at: r.submittedAt,
      received_at: r.receivedAt,
      event_id: r.eventId ?? null,
      partner_organisation_id: r.partnerOrganisationId ?? null,
      responding_for: r.respondingFor || null,
    })
    .onConflict((oc) => oc.column('submission_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

export function findBySubmissionKey(db: Kysely<Database>, submissionKey: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'reference', 'consultation_id', 'channel', 'event_id', 'partner_organisation_id'])
    .where('submission_key', '=', submissionKey)
    .executeTakeFirst()
}

export function insertContact(
  db: Kysely<Database>,
  responseId: string,
  contact: { name: string | null; email: string | null; phone: string | null },
) {
  return db
    .insertInto('respondent_contacts')
    .values({ response_id: responseId, name: contact.name, email: contact.email, phone: contact.phone })
    .execute()
}

export function listOrganisations(db: Kysely<Database>) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind']).orderBy('name').execute()
}

export function findOrganisation(db: Kysely<Database>, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst()
}
