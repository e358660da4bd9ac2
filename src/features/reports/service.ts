import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.js'
import { isUniqueViolation } from '../../platform/db/constraint-errors.js'
import type { Database } from '../../platform/db/schema.js'
import { ConflictError, NotFoundError } from '../../platform/errors.js'
import type { JobQueue } from '../../platform/jobs/jobs.js'
import type { ConsultationService } from '../consultations/index.js'
import { type Refusal, refusalsOf } from './approval.js'
import { editionAsDocx } from './docx-edition.js'
import { buildEdition } from './editions.js'
import { currentBasis, type GatherDeps, gatherEvidence, gatheringSteps } from './gather.js'
import { editionAsHtml } from './html-edition.js'
import type { DraftSection, Edition, Evidence, Format, Snapshot } from './model.js'
import { editionAsPdf } from './pdf-edition.js'
import {
  findApproved,
  findDraft,
  findPublished,
  findPublishedVersion,
  findReport,
  insertDraft,
  insertReport,
  listVersions,
  markApproved,
  nextVersionNumber,
  storeEvidence,
  updateDraftSections,
  updateGathering,
} from './repository.js'
import { defaultSections, moveSection } from './sections.js'
import { changesBetween, contentHash, freeze } from './snapshot.js'
import { editionAsXlsx } from './xlsx-edition.js'

// Reports of Findings: a draft the analysts write around the generated parts, evidence gathered
// from the stored analysis, and approval by a manager that freezes both into a hashed snapshot.
// Every edition and format is drawn from a snapshot alone, so a build never counts responses.

export class ApprovalRefusedError extends Error {
  override name = 'ApprovalRefusedError'
  constructor(readonly refusals: Refusal[]) {
    super('The report cannot be approved yet')
  }
}

export interface ReportDeps extends GatherDeps {
  db: Kysely<Database>
  now: () => Date
  consultations: Pick<ConsultationService, 'getById' | 'getBySlug'>
  /** The site's address, so the spreadsheet's links to staff pages work outside the site. */
  baseUrl: string
  /** Where gathering is sent to run in the background; without it, gathering runs in the caller. */
  jobs?: JobQueue
}

/** The background job that gathers a draft's evidence. */
export const gatherJob = 'report-gather'

export const contentTypes: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export function createReportService(deps: ReportDeps) {
  const { db, now } = deps

  const audit = (trx: Kysely<Database>, actor: AuditActor, action: string, id: string, details: object) =>
    recordAudit(trx, { actor, action, entityType: 'report', entityId: id, details: { ...details } }, now())

  async function requireDraft(consultationId: string) {
    const report = await findReport(db, consultationId)
    const draft = report ? await findDraft(db, report.id) : undefined
    if (!report || !draft) throw new NotFoundError('This report has no draft')
    return { report, draft, sections: draft.sections as DraftSection[] }
  }

  async function writeSections(
    consultationId: string,
    sections: DraftSection[],
    actor: AuditActor,
    what: object,
  ) {
    const { draft } = await requireDraft(consultationId)
    await db.transaction().execute(async (trx) => {
      await updateDraftSections(trx, draft.id, sections)
      await audit(trx, actor, 'report.sections_changed', draft.id, { version: draft.version, ...what })
    })
  }

  async function render(snapshot: Snapshot, hash: string, edition: Edition, format: Format): Promise<Buffer> {
    const doc = buildEdition(snapshot, edition, hash)
    if (format === 'html') return Buffer.from(editionAsHtml(doc))
    if (format === 'docx') return editionAsDocx(doc)
    if (format === 'pdf') return editionAsPdf(doc)
    return editionAsXlsx(doc, deps.baseUrl)
  }

  return {
    /** The report's page: its versions, the draft (if any) with what would refuse its approval. */
    async overview(consultationId: string) {
      const consultation = await deps.consultations.getById(consultationId)
      const report = await findReport(db, consultationId)
      if (!report) return { consultation, versions: [], draft: undefined, refusals: [] }
      const [versions, draft] = await Promise.all([listVersions(db, report.id), findDraft(db, report.id)])
      const refusals = draft
        ? refusalsOf(
            draft.sections as DraftSection[],
            draft.evidence as Evidence | null,
            await currentBasis(deps, consultationId),
          )
        : []
      return { consultation, versions, draft, refusals }
    },

    /** Starts the next version: the sections of the last approved one, or the defaults for a first. */
    async startDraft(consultationId: string, actor: AuditActor) {
      await deps.consultations.getById(consultationId)
      // Two people starting at once both find no draft; the unique indexes let one win, and the
      // other is told there is a draft rather than shown a server error.
      return startDraftOnce().catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new ConflictError('This report already has a draft')
        throw error
      })
      function startDraftOnce() {
        return db.transaction().execute(async (trx) => {
          const report = await findReport(trx, consultationId)
          const reportId = report?.id ?? (await insertReport(trx, consultationId, actor.userId))
          if (await findDraft(trx, reportId)) throw new ConflictError('This report already has a draft')
          const approved = await findApproved(trx, reportId)
          const kept = (approved?.snapshot as Snapshot | undefined)?.sections.map((s) => ({
            ...s,
            included: true,
          }))
          const version = await nextVersionNumber(trx, reportId)
          const id = await insertDraft(trx, {
            reportId,
            version,
            sections: kept ?? defaultSections(),
            by: actor.userId,
          })
          await audit(trx, actor, 'report.draft_started', id, { version })
          return { id, version }
        })
      }
    },

    async section(consultationId: string, index: number) {
      const { sections, draft } = await requireDraft(consultationId)
      const section = sections[index]
      if (!section) throw new NotFoundError(`No section ${index}`)
      return { section, draft }
    },

    async updateSection(
      consultationId: string,
      index: number,
      change: { heading: string; text: string; included: boolean },
      actor: AuditActor,
    ) {
      const { sections } = await requireDraft(consultationId)
      const section = sections[index]
      if (!section) throw new NotFoundError(`No section ${index}`)
      const changed = sections.map((s, i) => (i === index ? { ...s, ...change } : s))
      await writeSections(consultationId, changed, actor, { section: section.kind })
    },

    async moveSection(consultationId: string, index: number, direction: 'up' | 'down', actor: AuditActor) {
      const { sections } = await requireDraft(consultationId)
      if (!sections[index]) throw new NotFoundError(`No section ${index}`)
      await writeSections(consultationId, moveSection(sections, index, direction), actor, {
        moved: index,
        direction,
      })
    },

    /** Reads the figures, themes and quotes as the analysis has them now into the draft. */
    async gatherEvidence(consultationId: string, actor: AuditActor) {
      const { draft } = await requireDraft(consultationId)
      const at = now()
      const evidence = await gatherEvidence(deps, consultationId, at, (step) =>
        updateGathering(db, draft.id, { gathering: 'running', step, steps: gatheringSteps }),
      )
      await db.transaction().execute(async (trx) => {
        await storeEvidence(trx, draft.id, evidence, at)
        await audit(trx, actor, 'report.evidence_gathered', draft.id, {
          version: draft.version,
          counted: evidence.method.counted,
        })
      })
      return evidence
    },

    /**
     * Asks for the figures to be gathered: as a background job when there is a queue (a page never
     * waits on counting a million responses), otherwise at once. Says whether it was queued.
     */
    async requestEvidence(consultationId: string, actor: AuditActor): Promise<{ queued: boolean }> {
      const { draft } = await requireDraft(consultationId)
      if (!deps.jobs) {
        await this.gatherEvidence(consultationId, actor)
        return { queued: false }
      }
      if (draft.gathering === 'queued' || draft.gathering === 'running') return { queued: true }
      await db.transaction().execute(async (trx) => {
        await updateGathering(trx, draft.id, {
          gathering: 'queued',
          step: 0,
          steps: gatheringSteps,
          requestedAt: now(),
        })
        await audit(trx, actor, 'report.evidence_requested', draft.id, { version: draft.version })
      })
      try {
        if (!(await deps.jobs.send(gatherJob, { consultationId, userId: actor.userId, label: actor.label })))
          throw new Error(`The job queue is not started, so ${gatherJob} cannot be sent`)
      } catch (error) {
        await updateGathering(db, draft.id, { gathering: 'failed' })
        throw error
      }
      return { queued: true }
    },

    /** The background job's work: gathers, or marks the run failed so the page can say so. */
    async runGatherJob(consultationId: string, actor: AuditActor) {
      const report = await findReport(db, consultationId)
      const draft = report ? await findDraft(db, report.id) : undefined
      if (!draft || draft.gathering === null) return { skipped: true }
      try {
        await this.gatherEvidence(consultationId, actor)
        return { gathered: true }
      } catch (error) {
        await updateGathering(db, draft.id, { gathering: 'failed' })
        throw error
      }
    },

    /** Freezes the draft as the next published version, or refuses with every reason it may not be. */
    async approve(consultationId: string, actor: AuditActor) {
      const { report, draft, sections } = await requireDraft(consultationId)
      const evidence = draft.evidence as Evidence | null
      const refusals = refusalsOf(sections, evidence, await currentBasis(deps, consultationId))
      if (refusals.length > 0 || !evidence) throw new ApprovalRefusedError(refusals)
      const at = now()
      const snapshot = freeze(draft.version, at, sections, evidence)
      const hash = contentHash(snapshot)
      return db.transaction().execute(async (trx) => {
        const previous = await findApproved(trx, report.id)
        const changes = previous ? changesBetween(previous.snapshot as Snapshot, snapshot) : []
        const approved = await markApproved(trx, draft.id, { snapshot, hash, changes, by: actor.userId, at })
        if (!approved) throw new ConflictError('This draft was approved or replaced meanwhile')
        await audit(trx, actor, 'report.approved', draft.id, { version: draft.version, hash, changes })
        return { version: draft.version, hash, changes }
      })
    },

    /** An approved version (the newest unless one is named), as published. */
    async approvedVersion(consultationId: string, version?: number) {
      const report = await findReport(db, consultationId)
      const found = report ? await findApproved(db, report.id, version) : undefined
      if (!found?.content_hash) throw new NotFoundError('This report has no approved version')
      return { snapshot: found.snapshot as Snapshot, hash: found.content_hash, changes: found.changes }
    },

    /** What the public may read: the newest approved version of a consultation's report, if any. */
    async published(slug: string) {
      const found = await findPublished(db, slug)
      if (!found?.content_hash) return undefined
      return { snapshot: found.snapshot as Snapshot, hash: found.content_hash, changes: found.changes }
    },

    /** Where the public reads the published report, for the consultation's public page. */
    async publishedLink(slug: string) {
      const found = await findPublishedVersion(db, slug)
      return found ? { href: `/consultations/${slug}/report/full`, version: found.version } : undefined
    },

    /** One edition of an approved version in one format, from its snapshot alone. */
    async build(consultationId: string, edition: Edition, format: Format, version?: number) {
      const { snapshot, hash } = await this.approvedVersion(consultationId, version)
      return { body: await render(snapshot, hash, edition, format), snapshot }
    },

    /** The command line's way in: the consultation by its address. */
    async buildBySlug(slug: string, edition: Edition, format: Format) {
      const consultation = await deps.consultations.getBySlug(slug)
      return this.build(consultation.id, edition, format)
    },

    render,
    buildEdition,
  }
}

export type ReportService = ReturnType<typeof createReportService>
