import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit, systemActor } from '../../../platform/audit/audit-log.js'
import { changedFields } from '../../../platform/audit/changes.js'
import { isUniqueViolation } from '../../../platform/db/constraint-errors.js'
import type { ConsultationRow, ConsultationStatus, Database } from '../../../platform/db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.js'
import { isRecordId } from '../../../platform/http/schemas.js'
import { t } from '../../../platform/i18n/translate.js'
import { findConsultationById, findConsultationBySlug } from '../repository.js'
import { checkUploadedFile, fileSize } from './document-files.js'
import { type ConsultationDetails, type DocumentDetails, detailsOf, type ProposalDetails } from './forms.js'
import {
  canEditDetails,
  checkTransition,
  dueTransition,
  type LifecycleFacts,
  possibleTransitions,
} from './lifecycle.js'
import {
  findConsultationForUpdate,
  findDocumentFile,
  findProposal,
  hasPublishedQuestionnaire,
  insertConsultation,
  insertDocument,
  insertProposal,
  insertStatusChange,
  isSlugTaken,
  listConsultationsDue,
  listDocuments,
  listFullProposals,
  listStatusChanges,
  listUpcomingEvents,
  setProposalPosition,
  updateConsultationDetails,
  updateProposal,
  updateStatus,
} from './repository.js'

// Setting up a consultation and moving it through its lifecycle. Every write is one transaction
// with its audit entry; a refusal leaves the database as it was.

const slugTaken = () => new ValidationError({ slug: t('consultationSetup.validation.slugTaken') })

/** An id from a web address: anything that is not a uuid names nothing (rather than a database error). */
function checkId(id: string, what: string): string {
  if (!isRecordId(id)) throw new NotFoundError(`No ${what} ${id}`)
  return id
}

export function createConsultationSetupService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps

  const facts = async (
    trx: Kysely<Database>,
    consultation: ConsultationRow,
    at: Date,
  ): Promise<LifecycleFacts> => ({
    status: consultation.status,
    opensAt: consultation.opens_at,
    closesAt: consultation.closes_at,
    hasPublishedQuestionnaire: await hasPublishedQuestionnaire(trx, consultation.id),
    now: at,
  })

  async function loadForUpdate(trx: Kysely<Database>, id: string) {
    const consultation = await findConsultationForUpdate(trx, checkId(id, 'consultation'))
    if (!consultation) throw new NotFoundError(`No consultation ${id}`)
    return consultation
  }

  async function load(id: string) {
    const consultation = await findConsultationById(db, checkId(id, 'consultation'))
    if (!consultation) throw new NotFoundError(`No consultation ${id}`)
    return consultation
  }

  /** Runs a write whose slug may collide with another consultation's, turning a collision into a field error. */
  async function withSlugCheck<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (isUniqueViolation(error, 'consultations_slug_key')) throw slugTaken()
      throw error
    }
  }

  /** Moves a consultation on one step inside the caller's transaction, with its history and audit. */
  async function applyTransition(
    trx: Kysely<Database>,
    consultation: ConsultationRow,
    to: ConsultationStatus,
    actor: AuditActor,
    at: Date,
    viaDecisionRecord = false,
  ) {
    const check = checkTransition({ ...(await facts(trx, consultation, at)), viaDecisionRecord }, to)
    if (!check.ok) {
      throw new ValidationError(
        { transition: t(`consultationSetup.lifecycle.refused.${check.reason}`) },
        'The consultation cannot move to that status now',
      )
    }
    if (!(await updateStatus(trx, consultation.id, consultation.status, to, at)))
      throw new ConflictError('The consultation was changed by someone else')
    await insertStatusChange(trx, {
      consultationId: consultation.id,
      from: consultation.status,
      to,
      at,
      actor,
    })
    await recordAudit(
      trx,
      {
        actor,
        action: 'consultation.status_changed',
        entityType: 'consultation',
        entityId: consultation.id,
        details: { from: consultation.status, to },
      },
      at,
    )
    return { ...consultation, status: to }
  }

  return {
    async create(details: ConsultationDetails, actor: AuditActor): Promise<string> {
      const at = now()
      return withSlugCheck(() =>
        db.transaction().execute(async (trx) => {
          if (await isSlugTaken(trx, details.slug)) throw slugTaken()
          const id = await insertConsultation(trx, details)
          await insertStatusChange(trx, {
            consultationId: id,
            from: null,
            to: 'draft',
            at,
            actor,
          })
          await recordAudit(
            trx,
            {
              actor,
              action: 'consultation.created',
              entityType: 'consultation',
              entityId: id,
              details: { slug: details.slug, title: details.title },
            },
            at,
          )
          return id
        }),
      )
    },

    async update(id: string, details: ConsultationDetails, actor: AuditActor): Promise<void> {
      const at = now()
      await withSlugCheck(() =>
        db.transaction().execute(async (trx) => {
          const consultation = await loadForUpdate(trx, id)
          if (!canEditDetails(consultation.status))
            throw new ValidationError({ title: t('consultationSetup.validation.notEditable') })
          if (await isSlugTaken(trx, details.slug, id)) throw slugTaken()
          await updateConsultationDetails(trx, id, details, at)
          await recordAudit(
            trx,
            {
              actor,
              action: 'consultation.updated',
              entityType: 'consultation',
              entityId: id,
              details: {
                slug: details.slug,
                opensAt: details.opensAt.toISOString(),
                closesAt: details.closesAt.toISOString(),
                postalDeadlineAt: details.postalDeadlineAt?.toISOString() ?? null,
              },
              changes: changedFields(detailsOf(consultation), details),
            },
            at,
          )
        }),
      )
    },

    async transition(id: string, to: ConsultationStatus, actor: AuditActor): Promise<void> {
      const at = now()
      await db
        .transaction()
        .execute(async (trx) => applyTransition(trx, await loadForUpdate(trx, id), to, actor, at))
    },

    /**
     * Moves a consultation to `decided` inside the decisions feature's transaction, as the decision
     * record is written, so there is never a decided consultation without its record.
     */
    async markDecidedWithin(trx: Kysely<Database>, id: string, actor: AuditActor, at: Date): Promise<void> {
      await applyTransition(trx, await loadForUpdate(trx, id), 'decided', actor, at, true)
    },

    /**
     * Opens and closes consultations whose time has come, as the system; the scheduled job calls
     * this. Each consultation moves in a transaction of its own, locked, so two workers cannot
     * both move it.
     */
    async runDueTransitions(): Promise<{ opened: number; closed: number }> {
      const at = now()
      const counts = { opened: 0, closed: 0 }
      for (const { id } of await listConsultationsDue(db, at)) {
        await db.transaction().execute(async (trx) => {
          let consultation = await loadForUpdate(trx, id)
          for (let due = dueTransition(await facts(trx, consultation, at)); due; ) {
            consultation = await applyTransition(trx, consultation, due, systemActor, at)
            if (due === 'open') counts.opened++
            else counts.closed++
            due = dueTransition(await facts(trx, consultation, at))
          }
        })
      }
      return counts
    },

    async getAdminView(id: string) {
      const consultation = await load(id)
      const [history, proposals, documents, questionnaire] = await Promise.all([
        listStatusChanges(db, id),
        listFullProposals(db, id),
        listDocuments(db, id),
        facts(db, consultation, now()),
      ])
      return {
        consultation,
        history,
        proposals,
        documents,
        hasPublishedQuestionnaire: questionnaire.hasPublishedQuestionnaire,
        transitions: possibleTransitions(questionnaire),
        editable: canEditDetails(consultation.status),
      }
    },

    async getProposal(consultationId: string, proposalId: string) {
      const proposal = await findProposal(
        db,
        checkId(consultationId, 'consultation'),
        checkId(proposalId, 'proposal'),
      )
      if (!proposal) throw new NotFoundError(`No proposal ${proposalId}`)
      return proposal
    },

    async addProposal(consultationId: string, details: ProposalDetails, actor: AuditActor) {
      return db.transaction().execute(async (trx) => {
        await loadForUpdate(trx, consultationId)
        const proposal = await insertProposal(trx, consultationId, details)
        await recordAudit(trx, {
          actor,
          action: 'proposal.created',
          entityType: 'consultation',
          entityId: consultationId,
          details: { proposalId: proposal.id, position: proposal.position, title: details.title },
        })
        return proposal.id
      })
    },

    async updateProposal(
      consultationId: string,
      proposalId: string,
      details: ProposalDetails,
      actor: AuditActor,
    ) {
      await db.transaction().execute(async (trx) => {
        await loadForUpdate(trx, consultationId)
        const proposal = await findProposal(trx, consultationId, checkId(proposalId, 'proposal'))
        if (!proposal) throw new NotFoundError(`No proposal ${proposalId}`)
        await updateProposal(trx, proposalId, details)
        const before: ProposalDetails = {
          title: proposal.title,
          summary: proposal.summary,
          whatWouldChange: proposal.what_would_change,
          whoIsAffected: proposal.who_is_affected,
        }
        await recordAudit(trx, {
          actor,
          action: 'proposal.updated',
          entityType: 'consultation',
          entityId: consultationId,
          details: { proposalId, title: details.title },
          changes: changedFields(before, details),
        })
      })
    },

    /** Swaps a proposal with its neighbour above or below; at either end nothing moves. */
    async moveProposal(
      consultationId: string,
      proposalId: string,
      direction: 'up' | 'down',
      actor: AuditActor,
    ) {
      await db.transaction().execute(async (trx) => {
        await loadForUpdate(trx, consultationId)
        const proposals = await listFullProposals(trx, consultationId)
        const index = proposals.findIndex((p) => p.id === proposalId)
        if (index < 0) throw new NotFoundError(`No proposal ${proposalId}`)
        const other = proposals[direction === 'up' ? index - 1 : index + 1]
        const proposal = proposals[index]
        if (!other || !proposal) return
        await setProposalPosition(trx, proposal.id, other.position)
        await setProposalPosition(trx, other.id, proposal.position)
        await recordAudit(trx, {
          actor,
          action: 'proposal.moved',
          entityType: 'consultation',
          entityId: consultationId,
          details: { proposalId, from: proposal.position, to: other.position },
        })
      })
    },

    /** Adds a link or an uploaded file, checked by its content and size; a refusal stores nothing. */
    async addDocument(
      consultationId: string,
      details: DocumentDetails,
      uploadLimitBytes: number,
      actor: AuditActor,
    ): Promise<string> {
      let file: { name: string; mediaType: string; content: Buffer; sha256: string } | null = null
      if (details.file) {
        const check = await checkUploadedFile(details.file, details.kind, uploadLimitBytes)
        if (!check.ok) {
          throw new ValidationError({
            file: t(`consultationSetup.validation.file.${check.reason}`, {
              limit: fileSize(uploadLimitBytes),
            }),
          })
        }
        file = {
          name: details.file.fileName.slice(0, 255),
          mediaType: check.mediaType,
          content: details.file.data,
          sha256: createHash('sha256').update(details.file.data).digest('hex'),
        }
      }
      return db.transaction().execute(async (trx) => {
        await loadForUpdate(trx, consultationId)
        const id = await insertDocument(trx, {
          consultationId,
          kind: details.kind,
          language: details.language,
          title: details.title,
          url: details.url,
          file,
        })
        await recordAudit(trx, {
          actor,
          action: 'document.added',
          entityType: 'consultation',
          entityId: consultationId,
          details: {
            documentId: id,
            kind: details.kind,
            language: details.language,
            url: details.url,
            mediaType: file?.mediaType ?? null,
            bytes: file?.content.length ?? null,
            sha256: file?.sha256 ?? null,
          },
        })
        return id
      })
    },

    /**
     * What the public page shows. A draft is seen only by staff (`asStaff`), who check it before
     * it is scheduled; everyone else is told there is no such page.
     */
    async getPublicPage(slug: string, options: { asStaff: boolean }) {
      const consultation = await findConsultationBySlug(db, slug)
      if (!consultation || (consultation.status === 'draft' && !options.asStaff))
        throw new NotFoundError(`No consultation ${slug}`)
      const at = now()
      const [proposals, documents, events] = await Promise.all([
        listFullProposals(db, consultation.id),
        listDocuments(db, consultation.id),
        listUpcomingEvents(db, consultation.id, at),
      ])
      return { consultation, proposals, documents, events, now: at }
    },

    async getDocumentFile(slug: string, documentId: string, options: { asStaff: boolean }) {
      const consultation = await findConsultationBySlug(db, slug)
      if (!consultation || (consultation.status === 'draft' && !options.asStaff))
        throw new NotFoundError(`No consultation ${slug}`)
      const file = await findDocumentFile(db, consultation.id, checkId(documentId, 'document'))
      if (!file?.media_type) throw new NotFoundError(`No document ${documentId}`)
      return file
    },
  }
}

export type ConsultationSetupService = ReturnType<typeof createConsultationSetupService>
