import { type Kysely, sql } from 'kysely'
import type { Database, RetentionAction } from '../../../platform/db/schema.js'

export interface ProcessingRecordInput {
  purpose: string
  lawfulBasis: string
  dataCategories: string
  retentionMonths: number
  retentionAction: RetentionAction
}

export function findProcessingRecord(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('processing_records')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
}

export async function saveProcessingRecord(
  db: Kysely<Database>,
  consultationId: string,
  record: ProcessingRecordInput,
  userId: string | null,
  at: Date,
) {
  const values = {
    purpose: record.purpose,
    lawful_basis: record.lawfulBasis,
    data_categories: record.dataCategories,
    retention_months: record.retentionMonths,
    retention_action: record.retentionAction,
    updated_at: at,
    updated_by: userId,
  }
  await db
    .insertInto('processing_records')
    .values({ consultation_id: consultationId, ...values })
    .onConflict((oc) => oc.column('consultation_id').doUpdateSet(values))
    .execute()
}

/** Consultations whose retention has run out since they closed, not yet applied: one row per consultation. */
export function findDueRetention(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('processing_records as p')
    .innerJoin('consultations as c', 'c.id', 'p.consultation_id')
    .select(['p.consultation_id', 'p.retention_action', 'p.retention_months', 'c.title'])
    .where('p.retention_applied_at', 'is', null)
    .where(
      sql<Date>`coalesce(c.postal_deadline_at, c.closes_at) + make_interval(months => p.retention_months)`,
      '<=',
      now,
    )
    .execute()
}

export function listRetention(db: Kysely<Database>) {
  return db
    .selectFrom('processing_records as p')
    .innerJoin('consultations as c', 'c.id', 'p.consultation_id')
    .select([
      'c.title',
      'c.slug',
      'c.status',
      'p.retention_months',
      'p.retention_action',
      'p.retention_applied_at',
    ])
    .where('c.status', '!=', 'draft')
    .orderBy('c.title')
    .execute()
}

/** Removes contact details (erase) or all but the postcode district and consent (anonymise). */
export async function clearContacts(db: Kysely<Database>, consultationId: string, action: RetentionAction) {
  if (action === 'erase') {
    const result = await db
      .deleteFrom('respondent_contacts')
      .where('response_id', 'in', (eb) =>
        eb.selectFrom('responses').select('id').where('consultation_id', '=', consultationId),
      )
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
  // The outward part of a postcode (LE1) names a district of thousands: enough for reach by area.
  const result = await sql`
    update respondent_contacts rc set name = null, email = null, phone = null,
      postcode = nullif(split_part(upper(btrim(rc.postcode)), ' ', 1), '')
    from responses r
    where r.id = rc.response_id and r.consultation_id = ${consultationId}
      and (rc.name is not null or rc.email is not null or rc.phone is not null or rc.postcode like '% %')
  `.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

export async function deleteFilesAsReceived(db: Kysely<Database>, consultationId: string) {
  const files = await db
    .deleteFrom('correspondence_files')
    .where('response_id', 'in', (eb) =>
      eb.selectFrom('responses').select('id').where('consultation_id', '=', consultationId),
    )
    .executeTakeFirst()
  const scans = await db
    .deleteFrom('paper_scans')
    .where('keying_id', 'in', (eb) =>
      eb
        .selectFrom('paper_keyings as pk')
        .innerJoin('paper_returns as pr', 'pr.id', 'pk.paper_return_id')
        .select('pk.id')
        .where('pr.consultation_id', '=', consultationId),
    )
    .executeTakeFirst()
  const imports = await db
    .deleteFrom('import_file_chunks')
    .where('import_id', 'in', (eb) =>
      eb.selectFrom('imports').select('id').where('consultation_id', '=', consultationId),
    )
    .executeTakeFirst()
  return {
    files: Number(files.numDeletedRows),
    scans: Number(scans.numDeletedRows),
    importChunks: Number(imports.numDeletedRows),
  }
}

/** A page of the consultation's responses after `afterId`, for scrubbing free text in batches. */
export function responsesAfter(db: Kysely<Database>, consultationId: string, afterId: string, limit: number) {
  return db
    .selectFrom('responses as r')
    .leftJoin('correspondence as co', 'co.response_id', 'r.id')
    .select(['r.id', 'r.answers', 'co.summary'])
    .where('r.consultation_id', '=', consultationId)
    .where('r.id', '>', afterId)
    .orderBy('r.id')
    .limit(limit)
    .execute()
}

export async function markRetentionApplied(
  db: Kysely<Database>,
  consultationId: string,
  at: Date,
  summary: Record<string, number>,
) {
  await db
    .updateTable('processing_records')
    .set({ retention_applied_at: at, retention_summary: JSON.stringify(summary) })
    .where('consultation_id', '=', consultationId)
    .execute()
}
