import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.js'
import type { ConsultationRow, ConsultationStatus, Database } from '../../platform/db/schema.js'
import { ConflictError, NotFoundError } from '../../platform/errors.js'
import type { QuestionnaireDefinition } from '../../questionnaire/definition.js'
import { parseQuestionnaireDefinition } from '../../questionnaire/rules.js'
import {
  findConsultationById,
  findConsultationBySlug,
  findConsultationWithPublishedVersion,
  findLatestPublishedQuestionnaire,
  findQuestionnaireVersion,
  listAllConsultations,
  listConsultationsByStatus,
  listProposals,
} from './repository.js'
import type { PublicDetails } from './setup/forms.js'
import { takesResponsesAt } from './setup/lifecycle.js'
import { insertStatusChange, publicDetailColumns } from './setup/repository.js'

export interface NewConsultation {
  slug: string
  title: string
  summary: string
  status: ConsultationStatus
  opensAt: Date
  closesAt: Date
  postalDeadlineAt?: Date
  proposals: { title: string; summary: string; whatWouldChange?: string; whoIsAffected?: string }[]
  questionnaire: unknown
  /** What the public page shows besides the summary; see setup-service.ts for consultations made by hand. */
  publicDetails?: PublicDetails
  /**
   * For a consultation run before it was loaded: the statuses it went through, oldest first, each
   * with its date, ending at `status`; its history then shows them rather than one step.
   */
  history?: { status: ConsultationStatus; at: Date }[]
  /** When the questionnaire was published, for the same case; now if not given. */
  publishedAt?: Date
}

export interface PublishedQuestionnaire {
  id: string
  version: number
  definition: QuestionnaireDefinition
}

// Published versions are frozen (a database trigger refuses changes but wording fixes, and each
// fix raises the version's wording revision), so a version read once at a revision can be kept:
// the public form reads its definition on every page and every submission.
const cachedVersions = 200

export interface OpenQuestionnaire {
  consultation: ConsultationRow
  /** The published questionnaire, only while the consultation is open for online responses. */
  questionnaire: PublishedQuestionnaire | undefined
}

export function createConsultationService(deps: { db: Kysely<Database>; now?: () => Date }) {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  const definitions = new Map<string, QuestionnaireDefinition>()
  const publishedDefinition = (row: { id: string; wording_revision: number; definition: unknown }) => {
    const cacheKey = `${row.id}:${row.wording_revision}`
    let definition = definitions.get(cacheKey)
    if (!definition) {
      definition = parseQuestionnaireDefinition(row.definition)
      if (definitions.size >= cachedVersions) definitions.delete(definitions.keys().next().value ?? '')
      definitions.set(cacheKey, definition)
    }
    return definition
  }
  return {
    listOpen: () => listConsultationsByStatus(db, ['open']),

    /**
     * Closed consultations whose findings and decisions the public can still follow, archived
     * ones too: archiving ends the staff's work on it, not the public record.
     */
    listClosed: () =>
      listConsultationsByStatus(db, [
        'closed',
        'analysing',
        'reporting',
        'decided',
        'following_up',
        'archived',
      ]),

    listForStaff: () => listAllConsultations(db),

    async getBySlug(slug: string) {
      const consultation = await findConsultationBySlug(db, slug)
      if (!consultation) throw new NotFoundError(`No consultation ${slug}`)
      return consultation
    },

    /** The consultation, and its published questionnaire only while it is open for online responses. */
    async openQuestionnaire(slug: string): Promise<OpenQuestionnaire> {
      const { consultation, questionnaire } = await this.getBySlugWithQuestionnaire(slug)
      const open =
        questionnaire !== undefined &&
        takesResponsesAt(
          { status: consultation.status, opensAt: consultation.opens_at, closesAt: consultation.closes_at },
          now(),
        )
      return { consultation, questionnaire: open ? questionnaire : undefined }
    },

    /**
     * The consultation and its latest published questionnaire, if any. One query while the version
     * at its current wording revision is cached here; the definition is read only when it is not.
     */
    async getBySlugWithQuestionnaire(
      slug: string,
    ): Promise<{ consultation: ConsultationRow; questionnaire: PublishedQuestionnaire | undefined }> {
      const row = await findConsultationWithPublishedVersion(db, slug)
      if (!row) throw new NotFoundError(`No consultation ${slug}`)
      const {
        published_id: id,
        published_version: version,
        published_wording_revision: revision,
        ...consultation
      } = row
      if (id === null || version === null || revision === null)
        return { consultation, questionnaire: undefined }
      let definition = definitions.get(`${id}:${revision}`)
      if (!definition) {
        const stored = await findQuestionnaireVersion(db, id)
        if (!stored) throw new NotFoundError(`No questionnaire version ${id}`)
        definition = publishedDefinition(stored)
      }
      return { consultation, questionnaire: { id, version, definition } }
    },

    async getById(id: string) {
      const consultation = await findConsultationById(db, id)
      if (!consultation) throw new NotFoundError(`No consultation ${id}`)
      return consultation
    },

    listProposals: (consultationId: string) => listProposals(db, consultationId),

    async getPublishedQuestionnaire(consultationId: string): Promise<PublishedQuestionnaire | undefined> {
      const row = await findLatestPublishedQuestionnaire(db, consultationId)
      if (!row) return undefined
      return { id: row.id, version: row.version, definition: publishedDefinition(row) }
    },

    /** The latest published questionnaire, whatever the consultation's status. */
    async getLatestQuestionnaire(consultationId: string): Promise<PublishedQuestionnaire> {
      const questionnaire = await this.getPublishedQuestionnaire(consultationId)
      if (!questionnaire)
        throw new NotFoundError(`Consultation ${consultationId} has no published questionnaire`)
      return questionnaire
    },

    async getQuestionnaireVersion(id: string) {
      const row = await findQuestionnaireVersion(db, id)
      if (!row) throw new NotFoundError(`No questionnaire version ${id}`)
      const definition = row.published_at
        ? publishedDefinition(row)
        : parseQuestionnaireDefinition(row.definition)
      return { ...row, definition }
    },

    /** Creates a consultation with its proposals and a published questionnaire, in one transaction. */
    async createPublished(input: NewConsultation, actor: AuditActor): Promise<string> {
      const definition = parseQuestionnaireDefinition(input.questionnaire)
      return db.transaction().execute(async (trx) => {
        if (await findConsultationBySlug(trx, input.slug)) {
          throw new ConflictError(`A consultation with the address "${input.slug}" already exists`)
        }
        const { id } = await trx
          .insertInto('consultations')
          .values({
            slug: input.slug,
            title: input.title,
            summary: input.summary,
            status: input.status,
            opens_at: input.opensAt,
            closes_at: input.closesAt,
            postal_deadline_at: input.postalDeadlineAt ?? null,
            ...(input.publicDetails ? publicDetailColumns(input.publicDetails) : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        if (input.proposals.length > 0) {
          await trx
            .insertInto('proposals')
            .values(
              input.proposals.map((p, i) => ({
                consultation_id: id,
                position: i + 1,
                title: p.title,
                summary: p.summary,
                what_would_change: p.whatWouldChange ?? '',
                who_is_affected: p.whoIsAffected ?? '',
              })),
            )
            .execute()
        }
        const version = await trx
          .insertInto('questionnaire_versions')
          .values({
            consultation_id: id,
            version: 1,
            definition: JSON.stringify(definition),
            published_at: input.publishedAt ?? new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        const steps = input.history ?? [{ status: input.status, at: now() }]
        for (const [i, step] of steps.entries()) {
          await insertStatusChange(trx, {
            consultationId: id,
            from: steps[i - 1]?.status ?? null,
            to: step.status,
            at: step.at,
            actor,
          })
        }
        await recordAudit(trx, {
          actor,
          action: 'consultation.created',
          entityType: 'consultation',
          entityId: id,
          details: { slug: input.slug, status: input.status, questionnaireVersionId: version.id },
        })
        return id
      })
    },
  }
}

export type ConsultationService = ReturnType<typeof createConsultationService>
