import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { NotFoundError } from '../../../platform/errors.js'
import {
  allQuestions,
  draftDefinition,
  type QuestionnaireDefinition,
} from '../../../questionnaire/definition.js'
import { questionnaireProblems } from '../../../questionnaire/rules.js'
import { readQuestionnaireFile } from '../../../questionnaire/transfer.js'
import { isWordingOnly, wordingChanges } from '../../../questionnaire/wording.js'
import { findConsultationById, listProposals } from '../repository.js'
import {
  findLatestPublishedVersion,
  findLatestVersion,
  findVersionByNumber,
  insertVersion,
  listVersions,
  lockConsultation,
  markPublished,
  updateDraftDefinition,
  updatePublishedWording,
} from './repository.js'

// Building a consultation's questionnaire: every change goes to the latest version. A draft is
// changed in place; a published version takes wording fixes in place (audited with the words
// before and after) and any other change becomes the next draft version, so every response keeps
// the version it answered.

export type EditOutcome =
  | { kind: 'draft_saved'; version: number }
  | { kind: 'wording_fixed'; version: number }
  | { kind: 'new_version'; version: number; from: number }

export type PublishOutcome = { ok: true; version: number } | { ok: false; problems: string[] }

type VersionRow = NonNullable<Awaited<ReturnType<typeof findLatestVersion>>>

const emptyDefinition = (): QuestionnaireDefinition => ({ sections: [] })
const readDefinition = (row: VersionRow | undefined) =>
  row ? draftDefinition.parse(row.definition) : emptyDefinition()

/** Problems that depend on the consultation: a question belongs to a proposal that exists. */
function proposalProblems(definition: QuestionnaireDefinition, proposals: number): string[] {
  return allQuestions(definition)
    .filter((q) => q.proposal !== undefined && q.proposal > proposals)
    .map((q) => `question "${q.key}" belongs to proposal ${q.proposal}, which the consultation does not have`)
}

export function createQuestionnaireService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps

  async function consultationOf(id: string) {
    const consultation = await findConsultationById(db, id)
    if (!consultation) throw new NotFoundError(`No consultation ${id}`)
    return consultation
  }

  return {
    /** The consultation, its proposals, every version, and the latest version to work on. */
    async getWorkspace(consultationId: string) {
      const consultation = await consultationOf(consultationId)
      const [proposals, versions, latest] = await Promise.all([
        listProposals(db, consultationId),
        listVersions(db, consultationId),
        findLatestVersion(db, consultationId),
      ])
      return {
        consultation,
        proposals,
        versions: versions.map((v) => ({ ...v, responseCount: Number(v.response_count ?? 0) })),
        latest: latest
          ? {
              version: latest.version,
              published: latest.published_at !== null,
              definition: readDefinition(latest),
            }
          : undefined,
        definition: readDefinition(latest),
      }
    },

    /** One version by number, or the latest when none is given. */
    async getVersion(consultationId: string, version?: number | 'published') {
      const consultation = await consultationOf(consultationId)
      // What people answer is the published version, so a printed or exported copy is that one
      // unless a version is asked for; before anything is published, the draft is all there is.
      const row =
        version === undefined
          ? await findLatestVersion(db, consultationId)
          : version === 'published'
            ? ((await findLatestPublishedVersion(db, consultationId)) ??
              (await findLatestVersion(db, consultationId)))
            : await findVersionByNumber(db, consultationId, version)
      if (!row)
        throw new NotFoundError(
          `Consultation ${consultationId} has no questionnaire version ${version ?? ''}`,
        )
      return {
        consultation,
        version: row.version,
        published: row.published_at !== null,
        definition: readDefinition(row),
      }
    },

    /** Applies one builder change to the latest version, as a draft edit, wording fix or new version. */
    async edit(
      consultationId: string,
      change: (definition: QuestionnaireDefinition) => QuestionnaireDefinition,
      actor: AuditActor,
      description: string,
    ): Promise<EditOutcome> {
      await consultationOf(consultationId)
      return db.transaction().execute(async (trx) => {
        await lockConsultation(trx, consultationId)
        const latest = await findLatestVersion(trx, consultationId)
        const before = readDefinition(latest)
        const after = draftDefinition.parse(change(before))
        const audit = (action: string, details: Record<string, unknown>) =>
          recordAudit(
            trx,
            { actor, action, entityType: 'consultation', entityId: consultationId, details },
            now(),
          )
        if (latest && latest.published_at === null) {
          await updateDraftDefinition(trx, latest.id, after)
          await audit('questionnaire.draft_edited', { version: latest.version, change: description })
          return { kind: 'draft_saved', version: latest.version }
        }
        if (latest && isWordingOnly(before, after)) {
          await updatePublishedWording(trx, latest.id, after, latest.wording_revision + 1)
          await audit('questionnaire.wording_fixed', {
            version: latest.version,
            change: description,
            changes: wordingChanges(before, after),
          })
          return { kind: 'wording_fixed', version: latest.version }
        }
        const version = (latest?.version ?? 0) + 1
        await insertVersion(trx, consultationId, version, after)
        await audit('questionnaire.version_started', {
          version,
          from: latest?.version ?? null,
          change: description,
        })
        return latest
          ? { kind: 'new_version', version, from: latest.version }
          : { kind: 'draft_saved', version }
      })
    },

    /** Freezes the latest draft, or lists every reason it cannot be published. */
    async publish(consultationId: string, actor: AuditActor): Promise<PublishOutcome> {
      await consultationOf(consultationId)
      return db.transaction().execute(async (trx) => {
        await lockConsultation(trx, consultationId)
        const latest = await findLatestVersion(trx, consultationId)
        if (!latest || latest.published_at !== null)
          return { ok: false, problems: ['there is no draft to publish: make a change first'] }
        const proposals = await listProposals(trx, consultationId)
        const definition = readDefinition(latest)
        const problems = [
          ...questionnaireProblems(definition),
          ...proposalProblems(definition, proposals.length),
        ]
        if (problems.length > 0) return { ok: false, problems }
        await markPublished(trx, latest.id, now())
        await recordAudit(
          trx,
          {
            actor,
            action: 'questionnaire.published',
            entityType: 'consultation',
            entityId: consultationId,
            details: { version: latest.version, questions: allQuestions(definition).length },
          },
          now(),
        )
        return { ok: true, version: latest.version }
      })
    },

    /** Replaces the latest draft's definition (or starts a new version) with a checked file's. */
    async importFile(
      consultationId: string,
      text: string,
      actor: AuditActor,
    ): Promise<{ ok: true; outcome: EditOutcome } | { ok: false; problems: string[] }> {
      const read = readQuestionnaireFile(text)
      if (!read.ok) return read
      const outcome = await this.edit(
        consultationId,
        () => read.definition,
        actor,
        'imported a questionnaire file',
      )
      return { ok: true, outcome }
    },
  }
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>
