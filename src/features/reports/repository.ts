import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.js'

// SQL for reports and their versions.

export function findReport(db: Kysely<Database>, consultationId: string) {
  return db.selectFrom('reports').selectAll().where('consultation_id', '=', consultationId).executeTakeFirst()
}

export async function insertReport(db: Kysely<Database>, consultationId: string, by: string | null) {
  const row = await db
    .insertInto('reports')
    .values({ consultation_id: consultationId, created_by: by })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The versions of a report, newest first, without their (large) evidence and snapshots. */
export function listVersions(db: Kysely<Database>, reportId: string) {
  return db
    .selectFrom('report_versions')
    .select(['id', 'version', 'status', 'content_hash', 'changes', 'approved_at', 'created_at'])
    .where('report_id', '=', reportId)
    .orderBy('version', 'desc')
    .execute()
}

export function findDraft(db: Kysely<Database>, reportId: string) {
  return db
    .selectFrom('report_versions')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('status', '=', 'draft')
    .executeTakeFirst()
}

/** The newest approved version, or the one numbered, when there is one. */
export function findApproved(db: Kysely<Database>, reportId: string, version?: number) {
  let query = db
    .selectFrom('report_versions')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('status', '=', 'approved')
  if (version !== undefined) query = query.where('version', '=', version)
  return query.orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export async function nextVersionNumber(db: Kysely<Database>, reportId: string) {
  const row = await db
    .selectFrom('report_versions')
    .select((eb) => eb.fn.max('version').as('last'))
    .where('report_id', '=', reportId)
    .executeTakeFirst()
  return Number(row?.last ?? 0) + 1
}

export async function insertDraft(
  db: Kysely<Database>,
  draft: { reportId: string; version: number; sections: unknown; by: string | null },
) {
  const row = await db
    .insertInto('report_versions')
    .values({
      report_id: draft.reportId,
      version: draft.version,
      sections: JSON.stringify(draft.sections),
      created_by: draft.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateDraftSections(db: Kysely<Database>, versionId: string, sections: unknown) {
  await db
    .updateTable('report_versions')
    .set({ sections: JSON.stringify(sections) })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .execute()
}

export async function storeEvidence(db: Kysely<Database>, versionId: string, evidence: unknown, at: Date) {
  await db
    .updateTable('report_versions')
    .set({ evidence: JSON.stringify(evidence), evidence_gathered_at: at, gathering: null })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .execute()
}

/** Turns the draft into an approved version; only a draft is ever changed, so a published one never is. */
export async function markApproved(
  db: Kysely<Database>,
  versionId: string,
  approval: { snapshot: unknown; hash: string; changes: string[]; by: string | null; at: Date },
) {
  const result = await db
    .updateTable('report_versions')
    .set({
      status: 'approved',
      snapshot: JSON.stringify(approval.snapshot),
      content_hash: approval.hash,
      changes: JSON.stringify(approval.changes),
      approved_by: approval.by,
      approved_at: approval.at,
    })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The consultation's latest approved version, found by its public address. */
export function findPublished(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('report_versions as v')
    .innerJoin('reports as r', 'r.id', 'v.report_id')
    .innerJoin('consultations as c', 'c.id', 'r.consultation_id')
    .select([
      'v.version',
      'v.snapshot',
      'v.content_hash',
      'v.approved_at',
      'v.changes',
      'c.id as consultation_id',
    ])
    .where('c.slug', '=', slug)
    .where('v.status', '=', 'approved')
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Only the number of the consultation's published version: the public page reads it on every visit. */
export function findPublishedVersion(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('report_versions as v')
    .innerJoin('reports as r', 'r.id', 'v.report_id')
    .innerJoin('consultations as c', 'c.id', 'r.consultation_id')
    .select('v.version')
    .where('c.slug', '=', slug)
    .where('v.status', '=', 'approved')
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Where a background gathering stands: queued, running at a step, or failed. */
export async function updateGathering(
  db: Kysely<Database>,
  versionId: string,
  state: {
    gathering: 'queued' | 'running' | 'failed' | null
    step?: number
    steps?: number
    requestedAt?: Date
  },
) {
  await db
    .updateTable('report_versions')
    .set({
      gathering: state.gathering,
      ...(state.step !== undefined ? { gathering_step: state.step } : {}),
      ...(state.steps !== undefined ? { gathering_steps: state.steps } : {}),
      ...(state.requestedAt ? { gathering_requested_at: state.requestedAt } : {}),
    })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .execute()
}
