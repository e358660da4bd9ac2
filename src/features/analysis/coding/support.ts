import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import type { StaffActor } from '../../../platform/auth/guards.js'
import type { CodingProvenance, Database } from '../../../platform/db/schema.js'
import { NotFoundError } from '../../../platform/errors.js'
import { commentQuestionsOf } from '../../../questionnaire/comment-questions.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import type { Theme } from './codeframe.js'
import { listThemes } from './codeframe-repository.js'
import {
  insertCodingThemes,
  listCodingThemes,
  removeCodingThemes,
  upsertCoding,
} from './codings-repository.js'
import { insertFlag } from './flags-repository.js'
import type { CodingForm } from './forms.js'
import { findComment } from './repository.js'
import { detectRisk } from './safeguarding.js'

// The steps several coding use cases share: finding a comment and its themes, writing a coding,
// raising a flag, auditing. Every use case's factory takes the same deps and builds these from them.

export interface CodingDeps {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
}

export const commentKeyOf = (responseId: string, questionKey: string) => `${responseId}|${questionKey}`

function toTheme(row: Awaited<ReturnType<typeof listThemes>>[number]): Theme {
  return {
    id: row.id,
    parentId: row.parent_id,
    code: row.code,
    label: row.label,
    description: row.description,
    examples: row.examples,
    questionKey: row.question_key,
    status: row.status,
  }
}

export type CodingSupport = ReturnType<typeof codingSupport>

export function codingSupport(deps: CodingDeps) {
  const { db, now, consultations } = deps

  async function commentQuestions(consultationId: string) {
    const questionnaire = await consultations.getLatestQuestionnaire(consultationId)
    return commentQuestionsOf(allQuestions(questionnaire.definition))
  }

  async function themesOf(trx: Kysely<Database>, consultationId: string) {
    return (await listThemes(trx, consultationId)).map(toTheme)
  }

  async function activeThemes(consultationId: string) {
    return (await themesOf(db, consultationId)).filter((t) => t.status === 'active')
  }

  async function audit(
    trx: Kysely<Database>,
    actor: AuditActor,
    action: string,
    entityType: string,
    entityId: string,
    details: Record<string, unknown>,
  ) {
    await recordAudit(trx, { actor, action, entityType, entityId, details }, now())
  }

  async function requireComment(consultationId: string, responseId: string, questionKey: string) {
    const keys = (await commentQuestions(consultationId)).map((q) => q.key)
    const comment = keys.includes(questionKey) ? await findComment(db, responseId, questionKey) : undefined
    if (!comment || comment.consultation_id !== consultationId) throw new NotFoundError('No such comment')
    return comment
  }

  async function requireThemes(trx: Kysely<Database>, consultationId: string, ids: readonly string[]) {
    const themes = await themesOf(trx, consultationId)
    const byId = new Map(themes.filter((t) => t.status === 'active').map((t) => [t.id, t]))
    const found = ids.map((id) => byId.get(id))
    if (found.some((t) => t === undefined)) throw new NotFoundError('No such active theme')
    return found as Theme[]
  }

  /** Writes a coding and its themes; the themes a person keeps keep their own provenance. */
  async function writeCoding(
    trx: Kysely<Database>,
    target: { consultationId: string; responseId: string; questionKey: string; pass: number },
    form: CodingForm,
    actor: StaffActor,
    provenance: { kind: CodingProvenance; modelName?: string; modelVersion?: string; confidence?: number } = {
      kind: 'person',
    },
  ) {
    const at = now()
    const codingId = await upsertCoding(trx, {
      ...target,
      sentiment: form.sentiment,
      quoteWorthy: form.quoteWorthy,
      personalData: form.personalData,
      safeguarding: form.safeguarding,
      codedBy: actor.userId,
      at,
    })
    const before = await listCodingThemes(trx, codingId)
    const kept = new Set(before.map((r) => r.theme_id))
    await removeCodingThemes(
      trx,
      codingId,
      before.filter((r) => !form.themeIds.includes(r.theme_id)).map((r) => r.theme_id),
    )
    await insertCodingThemes(
      trx,
      form.themeIds
        .filter((id) => !kept.has(id))
        .map((themeId) => ({
          coding_id: codingId,
          theme_id: themeId,
          provenance: provenance.kind,
          assigned_by: actor.userId,
          model_name: provenance.modelName ?? null,
          model_version: provenance.modelVersion ?? null,
          confidence: provenance.confidence ?? null,
          assigned_at: at,
        })),
    )
    return { codingId, before: before.map((r) => r.theme_id) }
  }

  /** Flags a comment for safeguarding follow-up once; returns whether a new flag was raised. */
  async function raiseFlag(
    trx: Kysely<Database>,
    consultationId: string,
    comment: { responseId: string; questionKey: string; text: string },
    source: 'detector' | 'analyst',
    actor: AuditActor,
  ): Promise<boolean> {
    const signals = detectRisk(comment.text)
    const id = await insertFlag(trx, {
      consultation_id: consultationId,
      response_id: comment.responseId,
      question_key: comment.questionKey,
      source,
      kinds: JSON.stringify([...new Set(signals.map((s) => s.kind))]),
      excerpt: signals
        .map((s) => s.excerpt)
        .join(' … ')
        .slice(0, 500),
      raised_by: source === 'analyst' ? actor.userId : null,
      raised_at: now(),
    })
    if (!id) return false
    await audit(trx, actor, 'safeguarding.flagged', 'safeguarding_flag', id, {
      source,
      response: comment.responseId,
      question: comment.questionKey,
      kinds: signals.map((s) => s.kind),
    })
    return true
  }

  return {
    commentQuestions,
    themesOf,
    activeThemes,
    audit,
    requireComment,
    requireThemes,
    writeCoding,
    raiseFlag,
  }
}
