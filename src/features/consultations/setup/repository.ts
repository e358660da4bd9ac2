import type { Kysely } from 'kysely'
import type { AuditActor } from '../../../platform/audit/audit-log.js'
import { bytesValue, hexOf, withContent } from '../../../platform/db/bytes.js'
import type { ConsultationStatus, Database, DocumentKind } from '../../../platform/db/schema.js'
import type { ConsultationDetails, ProposalDetails, PublicDetails } from './forms.js'

// SQL for setting up a consultation: its details, status history, proposals and documents.

export function publicDetailColumns(details: PublicDetails) {
  return {
    sponsors: JSON.stringify(details.sponsors),
    areas: JSON.stringify(details.areas),
    contact_email: details.contactEmail,
    contact_phone: details.contactPhone,
    freepost_address: details.freepostAddress,
    privacy_notice: details.privacyNotice,
    next_steps: details.nextSteps,
  }
}

function detailColumns(details: ConsultationDetails) {
  return {
    slug: details.slug,
    title: details.title,
    summary: details.summary,
    ...publicDetailColumns(details),
    opens_at: details.opensAt,
    closes_at: details.closesAt,
    postal_deadline_at: details.postalDeadlineAt,
  }
}

export async function insertConsultation(
  db: Kysely<Database>,
  details: ConsultationDetails,
): Promise<string> {
  const row = await db
    .insertInto('consultations')
    .values({ ...detailColumns(details), status: 'draft' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateConsultationDetails(
  db: Kysely<Database>,
  id: string,
  details: ConsultationDetails,
  now: Date,
) {
  await db
    .updateTable('consultations')
    .set({ ...detailColumns(details), updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function isSlugTaken(db: Kysely<Database>, slug: string, exceptId?: string) {
  let query = db.selectFrom('consultations').select('id').where('slug', '=', slug)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export function findConsultationForUpdate(db: Kysely<Database>, id: string) {
  return db.selectFrom('consultations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Moves the status on only from the status the caller saw, so two people cannot both move it. */
export async function updateStatus(
  db: Kysely<Database>,
  id: string,
  from: ConsultationStatus,
  to: ConsultationStatus,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('consultations')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertStatusChange(
  db: Kysely<Database>,
  change: {
    consultationId: string
    from: ConsultationStatus | null
    to: ConsultationStatus
    at: Date
    actor: AuditActor
  },
) {
  await db
    .insertInto('consultation_status_changes')
    .values({
      consultation_id: change.consultationId,
      from_status: change.from,
      to_status: change.to,
      changed_at: change.at,
      actor_user_id: change.actor.userId,
      actor_label: change.actor.label,
    })
    .execute()
}

export function listStatusChanges(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('consultation_status_changes')
    .select(['from_status', 'to_status', 'changed_at', 'actor_label'])
    .where('consultation_id', '=', consultationId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute()
}

/** Consultations the clock may have moved on: scheduled ones past opening, open ones past closing. */
export function listConsultationsDue(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('consultations')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('opens_at', '<=', now)]),
        eb.and([eb('status', '=', 'open'), eb('closes_at', '<=', now)]),
      ]),
    )
    .orderBy('opens_at')
    .execute()
}

export async function hasPublishedQuestionnaire(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('questionnaire_versions')
    .select('id')
    .where('consultation_id', '=', consultationId)
    .where('published_at', 'is not', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

const proposalSelection = [
  'id',
  'position',
  'title',
  'summary',
  'what_would_change',
  'who_is_affected',
] as const

export function listFullProposals(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('proposals')
    .select(proposalSelection)
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
}

export function findProposal(db: Kysely<Database>, consultationId: string, proposalId: string) {
  return db
    .selectFrom('proposals')
    .select(proposalSelection)
    .where('consultation_id', '=', consultationId)
    .where('id', '=', proposalId)
    .executeTakeFirst()
}

const proposalColumns = (details: ProposalDetails) => ({
  title: details.title,
  summary: details.summary,
  what_would_change: details.whatWouldChange,
  who_is_affected: details.whoIsAffected,
})

export async function insertProposal(db: Kysely<Database>, consultationId: string, details: ProposalDetails) {
  const last = await db
    .selectFrom('proposals')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
  const row = await db
    .insertInto('proposals')
    .values({
      consultation_id: consultationId,
      position: Number(last?.position ?? 0) + 1,
      ...proposalColumns(details),
    })
    .returning(['id', 'position'])
    .executeTakeFirstOrThrow()
  return row
}

export async function updateProposal(db: Kysely<Database>, proposalId: string, details: ProposalDetails) {
  await db.updateTable('proposals').set(proposalColumns(details)).where('id', '=', proposalId).execute()
}

export async function setProposalPosition(db: Kysely<Database>, proposalId: string, position: number) {
  await db.updateTable('proposals').set({ position }).where('id', '=', proposalId).execute()
}

export function listDocuments(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('consultation_documents')
    .select(['id', 'kind', 'language', 'title', 'url', 'file_name', 'media_type', 'byte_size', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

export async function insertDocument(
  db: Kysely<Database>,
  document: {
    consultationId: string
    kind: DocumentKind
    language: string
    title: string
    url: string | null
    file: { name: string; mediaType: string; content: Buffer; sha256: string } | null
  },
): Promise<string> {
  const last = await db
    .selectFrom('consultation_documents')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('consultation_id', '=', document.consultationId)
    .executeTakeFirst()
  const { id } = await db
    .insertInto('consultation_documents')
    .values({
      consultation_id: document.consultationId,
      kind: document.kind,
      language: document.language,
      title: document.title,
      url: document.url,
      position: Number(last?.position ?? 0) + 1,
      file_name: document.file?.name ?? null,
      media_type: document.file?.mediaType ?? null,
      byte_size: document.file?.content.length ?? null,
      sha256: document.file?.sha256 ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (document.file) {
    await db
      .insertInto('consultation_document_files')
      .values({ document_id: id, content: bytesValue(document.file.content) })
      .execute()
  }
  return id
}

export async function findDocumentFile(db: Kysely<Database>, consultationId: string, documentId: string) {
  const row = await db
    .selectFrom('consultation_documents as d')
    .innerJoin('consultation_document_files as f', 'f.document_id', 'd.id')
    .select([
      'd.id',
      'd.title',
      'd.file_name',
      'd.media_type',
      'd.sha256',
      hexOf('f.content').as('content_hex'),
    ])
    .where('d.consultation_id', '=', consultationId)
    .where('d.id', '=', documentId)
    .executeTakeFirst()
  return withContent(row)
}

/** The engagement events still to come, for the public page's "how to respond". */
export function listUpcomingEvents(db: Kysely<Database>, consultationId: string, from: Date) {
  return db
    .selectFrom('events')
    .select(['id', 'title', 'held_at', 'place', 'format', 'audience'])
    .where('consultation_id', '=', consultationId)
    .where('held_at', '>=', from)
    .orderBy('held_at')
    .execute()
}
