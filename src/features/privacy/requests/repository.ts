import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { SearchTerms } from './search-terms.js'

// Every place Heard keeps who a respondent is. Contact details from every channel live in
// respondent_contacts (one row per response), so a channel that starts capturing identity is
// searched and erased here without a change; the rest are the drafts and mail of the online form.

// Enough for any one person; a search that finds more is too broad to be one person's data.
export const searchLimit = 200

/** The responses whose contact details or receipt reference match the terms: indexed reads only. */
export async function findMatchingResponseIds(db: Kysely<Database>, terms: SearchTerms): Promise<string[]> {
  const none = Promise.resolve([] as { response_id: string | null }[])
  const found = await Promise.all([
    terms.emails.length === 0
      ? none
      : db
          .selectFrom('respondent_contacts')
          .select('response_id')
          .where(sql<string>`lower(email)`, 'in', terms.emails)
          .where('email', 'is not', null)
          .limit(searchLimit)
          .execute(),
    terms.phones.length === 0
      ? none
      : db
          .selectFrom('respondent_contacts')
          .select('response_id')
          .where(sql<string>`regexp_replace(phone, '[^0-9]', '', 'g')`, 'in', terms.phones)
          .where('phone', 'is not', null)
          .limit(searchLimit)
          .execute(),
    terms.references.length === 0
      ? none
      : db
          .selectFrom('responses')
          .select('id as response_id')
          .where('reference', 'in', terms.references)
          .execute(),
    terms.references.length === 0
      ? none
      : db
          .selectFrom('paper_returns')
          .select('response_id')
          .where('paper_reference', 'in', terms.references)
          .where('response_id', 'is not', null)
          .limit(searchLimit)
          .execute(),
  ])
  const ids = new Set(found.flat().flatMap((r) => (r.response_id ? [r.response_id] : [])))
  return [...ids].slice(0, searchLimit)
}

export function findContacts(db: Kysely<Database>, responseIds: string[]) {
  if (responseIds.length === 0) return Promise.resolve([])
  return db.selectFrom('respondent_contacts').selectAll().where('response_id', 'in', responseIds).execute()
}

/** What is held on each response: the record, its answers, and what came with it on its channel. */
export function findHeldResponses(db: Kysely<Database>, responseIds: string[]) {
  if (responseIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('responses as r')
    .innerJoin('consultations as c', 'c.id', 'r.consultation_id')
    .leftJoin('correspondence as co', 'co.response_id', 'r.id')
    .leftJoin('paper_returns as pr', 'pr.response_id', 'r.id')
    .leftJoin('imports as i', 'i.id', 'r.import_id')
    .leftJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('organisations as o', 'o.id', 'r.partner_organisation_id')
    .select((eb) => [
      'r.id',
      'r.reference',
      'r.channel',
      'r.status',
      'r.submitted_at',
      'r.received_at',
      'r.responding_for',
      'r.answers',
      'r.import_row_key',
      'c.id as consultation_id',
      'c.title as consultation_title',
      'co.sender_kind',
      'co.summary as correspondence_summary',
      'pr.paper_reference',
      'i.file_name as import_file_name',
      'e.title as event_title',
      'o.name as partner_name',
      eb
        .selectFrom('correspondence_files as cf')
        .select('cf.file_name')
        .whereRef('cf.response_id', '=', 'r.id')
        .as('correspondence_file_name'),
      eb
        .selectFrom('paper_keyings as pk')
        .innerJoin('paper_scans as ps', 'ps.keying_id', 'pk.id')
        .select((s) => s.fn.countAll<string>().as('n'))
        .whereRef('pk.paper_return_id', '=', 'pr.id')
        .as('paper_scans'),
    ])
    .where('r.id', 'in', responseIds)
    .orderBy('r.submitted_at')
    .execute()
}

export function findDrafts(db: Kysely<Database>, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([])
  return db
    .selectFrom('response_drafts as d')
    .innerJoin('consultations as c', 'c.id', 'd.consultation_id')
    .select([
      'd.id',
      'c.title as consultation_title',
      'd.started_at',
      'd.updated_at',
      'd.answers',
      'd.respondent',
    ])
    .where(sql<string>`lower(d.respondent ->> 'email')`, 'in', emails)
    .where(sql<boolean>`d.respondent ? 'email'`)
    .limit(searchLimit)
    .execute()
}

export function findMessages(db: Kysely<Database>, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([])
  return db
    .selectFrom('outbox')
    .select(['id', 'recipient', 'subject', 'body', 'created_at'])
    .where(sql<string>`lower(recipient)`, 'in', emails)
    .limit(searchLimit)
    .execute()
}

export async function deleteContacts(db: Kysely<Database>, responseIds: string[]) {
  if (responseIds.length === 0) return 0
  const result = await db
    .deleteFrom('respondent_contacts')
    .where('response_id', 'in', responseIds)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function deleteDrafts(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return 0
  const result = await db.deleteFrom('response_drafts').where('id', 'in', ids).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function deleteMessages(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return 0
  const result = await db.deleteFrom('outbox').where('id', 'in', ids).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Letters and emails as received hold the sender's name and address; the summary and answers stay. */
export async function deleteCorrespondenceFiles(db: Kysely<Database>, responseIds: string[]) {
  if (responseIds.length === 0) return 0
  const result = await db
    .deleteFrom('correspondence_files')
    .where('response_id', 'in', responseIds)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** A scanned paper questionnaire shows whatever the person wrote on it; the keyed answers stay. */
export async function deletePaperScans(db: Kysely<Database>, responseIds: string[]) {
  if (responseIds.length === 0) return 0
  const result = await db
    .deleteFrom('paper_scans')
    .where('keying_id', 'in', (eb) =>
      eb
        .selectFrom('paper_keyings as pk')
        .innerJoin('paper_returns as pr', 'pr.id', 'pk.paper_return_id')
        .select('pk.id')
        .where('pr.response_id', 'in', responseIds),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function updateAnswers(
  db: Kysely<Database>,
  responseId: string,
  answers: Record<string, unknown>,
) {
  await db
    .updateTable('responses')
    .set({ answers: JSON.stringify(answers) })
    .where('id', '=', responseId)
    .execute()
}

export async function updateCorrespondenceSummary(db: Kysely<Database>, responseId: string, summary: string) {
  await db.updateTable('correspondence').set({ summary }).where('response_id', '=', responseId).execute()
}
