import type { Kysely } from 'kysely'
import { bytesValue, hexOf, withContent } from '../../../../platform/db/bytes.js'
import type { CorrespondenceSender, Database } from '../../../../platform/db/schema.js'

// SQL for emails, letters and phone calls, and the documents of formal responses.

export function insertCorrespondence(
  db: Kysely<Database>,
  row: {
    responseId: string
    sender: CorrespondenceSender
    summary: string
    recordedBy: string | null
    at: Date
  },
) {
  return db
    .insertInto('correspondence')
    .values({
      response_id: row.responseId,
      sender_kind: row.sender,
      summary: row.summary,
      recorded_by: row.recordedBy,
      created_at: row.at,
    })
    .execute()
}

export function insertCorrespondenceFile(
  db: Kysely<Database>,
  file: { responseId: string; fileName: string; mediaType: string; sha256: string; content: Buffer },
) {
  return db
    .insertInto('correspondence_files')
    .values({
      response_id: file.responseId,
      file_name: file.fileName,
      media_type: file.mediaType,
      byte_size: file.content.length,
      sha256: file.sha256,
      content: bytesValue(file.content),
    })
    .execute()
}

const listed = [
  'r.id',
  'r.reference',
  'r.channel',
  'r.status',
  'r.received_at',
  'r.responding_for',
  'r.answers',
  'c.sender_kind',
  'c.summary',
  'f.file_name',
  'f.media_type',
  'f.byte_size',
] as const

export function listCorrespondence(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('correspondence as c')
    .innerJoin('responses as r', 'r.id', 'c.response_id')
    .leftJoin('correspondence_files as f', 'f.response_id', 'c.response_id')
    .select(listed)
    .where('r.consultation_id', '=', consultationId)
    .orderBy('r.received_at', 'desc')
    .orderBy('r.reference')
    .execute()
}

export function findCorrespondence(db: Kysely<Database>, responseId: string) {
  return db
    .selectFrom('correspondence as c')
    .innerJoin('responses as r', 'r.id', 'c.response_id')
    .leftJoin('correspondence_files as f', 'f.response_id', 'c.response_id')
    .leftJoin('respondent_contacts as rc', 'rc.response_id', 'c.response_id')
    .select([...listed, 'r.consultation_id', 'rc.name', 'rc.email', 'rc.phone'])
    .where('c.response_id', '=', responseId)
    .executeTakeFirst()
}

export async function findCorrespondenceFile(db: Kysely<Database>, responseId: string) {
  const row = await db
    .selectFrom('correspondence_files')
    .select([
      'response_id',
      'file_name',
      'media_type',
      'byte_size',
      'sha256',
      hexOf('content').as('content_hex'),
    ])
    .where('response_id', '=', responseId)
    .executeTakeFirst()
  return withContent(row)
}
