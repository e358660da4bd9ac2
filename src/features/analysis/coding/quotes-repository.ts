import type { Insertable, Kysely } from 'kysely'
import type { Database, QuotesTable } from '../../../platform/db/schema.js'

// SQL for quotes chosen from comments and their review.

export function listQuotes(
  db: Kysely<Database>,
  consultationId: string,
  status?: 'pending_review' | 'approved',
) {
  let query = db
    .selectFrom('quotes as q')
    .innerJoin('themes as t', 't.id', 'q.theme_id')
    .innerJoin('responses as r', 'r.id', 'q.response_id')
    .select([
      'q.id',
      'q.theme_id',
      't.code as theme_code',
      't.label as theme_label',
      'q.response_id',
      'r.reference',
      'q.question_key',
      'q.redacted_text',
      'q.redactions',
      'q.status',
      'q.reviewed_at',
    ])
    .where('q.consultation_id', '=', consultationId)
    .where('q.status', '!=', 'withdrawn')
  if (status) query = query.where('q.status', '=', status)
  return query.orderBy('t.code').orderBy('r.reference').execute()
}

export function findQuote(db: Kysely<Database>, quoteId: string) {
  return db.selectFrom('quotes').selectAll().where('id', '=', quoteId).executeTakeFirst()
}

export async function insertQuote(db: Kysely<Database>, values: Insertable<QuotesTable>): Promise<string> {
  const row = await db.insertInto('quotes').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function approveQuote(
  db: Kysely<Database>,
  quoteId: string,
  review: { text: string; by: string; at: Date },
) {
  await db
    .updateTable('quotes')
    .set({ redacted_text: review.text, status: 'approved', reviewed_by: review.by, reviewed_at: review.at })
    .where('id', '=', quoteId)
    .execute()
}
