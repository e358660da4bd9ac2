import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit, systemActor } from '../../../platform/audit/audit-log.js'
import type { StaffActor } from '../../../platform/auth/guards.js'
import { isUniqueViolation } from '../../../platform/db/constraint-errors.js'
import type { CodingProvenance, Database } from '../../../platform/db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { commentQuestionsOf } from '../../../questionnaire/comment-questions.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import { measureAgreement } from './agreement.js'
import {
  type Assignment,
  drawSample,
  makesCycle,
  planMerge,
  planSplit,
  type Theme,
  themesForQuestion,
  themeTree,
} from './codeframe.js'
import type { CodingForm, ThemeForm } from './forms.js'
import { findPersonalData, redact } from './redaction.js'
import {
  type Breakdown,
  type CommentFilters,
  type CommentKey,
  countComments,
  countProgress,
  countThemes,
  deleteAssignments,
  findCoding,
  findComment,
  findQuote,
  findSample,
  insertCodingThemes,
  listAssignmentsOf,
  listCodedKeys,
  listCodingThemes,
  listCodingThemesWithPeople,
  listComments,
  listFlags,
  listPendingBlindItems,
  listQuotes,
  listSampleItems,
  listSamples,
  listThemes,
  nextCodeframeVersion,
  removeCodingThemes,
  scanComments,
  type ThemeAssignment,
  upsertCoding,
} from './repository.js'
import { detectRisk, textAnswers } from './safeguarding.js'
import {
  advanceHorizon,
  listUnscannedResponses,
  markScanned,
  type ScanCursor,
  scanBounds,
} from './safeguarding-scan-repository.js'

// The analyst's side of free-text coding: codeframe, coding, double coding, quotes, safeguarding
// and theme counts. Every write is one transaction with its audit entry.

/** Theme suggestions from a model, as the auto-coding side hands them over. */
export interface ModelSuggestion {
  responseId: string
  questionKey: string
  themeId: string
  confidence: number
}

const pageSize = 50
const commentKeyOf = (responseId: string, questionKey: string) => `${responseId}|${questionKey}`

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

export function createCodingService(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
}) {
  const { db, now, consultations } = deps

  async function commentQuestions(consultationId: string) {
    const questionnaire = await consultations.getLatestQuestionnaire(consultationId)
    return commentQuestionsOf(allQuestions(questionnaire.definition))
  }

  async function themesOf(trx: Kysely<Database>, consultationId: string) {
    return (await listThemes(trx, consultationId)).map(toTheme)
  }

  /** Appends a version of the codeframe (the active themes as they now are) with what changed. */
  async function recordVersion(
    trx: Kysely<Database>,
    consultationId: string,
    change: string,
    actor: StaffActor,
  ) {
    const version = await nextCodeframeVersion(trx, consultationId)
    const themes = themeTree(await themesOf(trx, consultationId)).map((t) => ({
      id: t.id,
      code: t.code,
      label: t.label,
      parentId: t.parentId,
      questionKey: t.questionKey,
    }))
    await trx
      .insertInto('codeframe_versions')
      .values({
        consultation_id: consultationId,
        version,
        change,
        themes: JSON.stringify(themes),
        changed_by: actor.userId,
        changed_at: now(),
      })
      .execute()
    return version
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

  /** Carries codings from some themes to others following a plan, and returns how many moved. */
  async function applyPlan(
    trx: Kysely<Database>,
    plan: { remove: PlannedAssignment[]; add: PlannedAssignment[] },
  ) {
    await deleteAssignments(trx, plan.remove.map(asRow))
    await insertCodingThemes(trx, plan.add.map(asRow))
    return plan.add.length
  }

  async function insertTheme(trx: Kysely<Database>, consultationId: string, form: ThemeForm) {
    try {
      const row = await trx
        .insertInto('themes')
        .values({
          consultation_id: consultationId,
          parent_id: form.parentId,
          code: form.code,
          label: form.label,
          description: form.description,
          examples: JSON.stringify(form.examples),
          question_key: form.questionKey,
          replaced_by: '[]',
          created_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationError({ code: t('coding.validation.codeTaken') })
      throw error
    }
  }

  async function requireThemes(trx: Kysely<Database>, consultationId: string, ids: readonly string[]) {
    const themes = await themesOf(trx, consultationId)
    const byId = new Map(themes.filter((t) => t.status === 'active').map((t) => [t.id, t]))
    const found = ids.map((id) => byId.get(id))
    if (found.some((t) => t === undefined)) throw new NotFoundError('No such active theme')
    return found as Theme[]
  }

  return {
    commentQuestions,

    async codeframe(consultationId: string) {
      const themes = await themesOf(db, consultationId)
      const version = await db
        .selectFrom('codeframe_versions')
        .select(['version', 'change', 'changed_at'])
        .where('consultation_id', '=', consultationId)
        .orderBy('version', 'desc')
        .execute()
      return { themes, tree: themeTree(themes), versions: version }
    },

    async addTheme(consultationId: string, form: ThemeForm, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const id = await insertTheme(trx, consultationId, form)
        const version = await recordVersion(trx, consultationId, `added ${form.code}`, actor)
        await audit(trx, actor, 'theme.created', 'theme', id, { code: form.code, version })
        return id
      })
    },

    async updateTheme(consultationId: string, themeId: string, form: ThemeForm, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const themes = await themesOf(trx, consultationId)
        if (!themes.some((t) => t.id === themeId && t.status === 'active'))
          throw new NotFoundError('No such theme')
        if (makesCycle(themes, themeId, form.parentId))
          throw new ValidationError({ parentId: t('coding.validation.parentCycle') })
        try {
          await trx
            .updateTable('themes')
            .set({
              code: form.code,
              label: form.label,
              description: form.description,
              examples: JSON.stringify(form.examples),
              parent_id: form.parentId,
              question_key: form.questionKey,
            })
            .where('id', '=', themeId)
            .execute()
        } catch (error) {
          if (isUniqueViolation(error)) throw new ValidationError({ code: t('coding.validation.codeTaken') })
          throw error
        }
        const version = await recordVersion(trx, consultationId, `changed ${form.code}`, actor)
        await audit(trx, actor, 'theme.updated', 'theme', themeId, { code: form.code, version })
      })
    },

    /** Merges themes into another: their codings move to the target, and they are kept as merged. */
    async mergeThemes(
      consultationId: string,
      sourceIds: readonly string[],
      targetId: string,
      actor: StaffActor,
    ) {
      return db.transaction().execute(async (trx) => {
        const [target, ...sources] = await requireThemes(trx, consultationId, [targetId, ...sourceIds])
        if (!target || sourceIds.includes(targetId))
          throw new ValidationError({ target: t('coding.validation.mergeIntoItself') })
        const assignments = await listAssignmentsOf(trx, [...sourceIds, targetId])
        const moved = await applyPlan(trx, planMerge(assignments.map(asAssignment), sourceIds, targetId))
        await trx
          .updateTable('themes')
          .set({ status: 'merged', replaced_by: JSON.stringify([targetId]) })
          .where('id', 'in', [...sourceIds])
          .execute()
        // Children of a merged theme now sit under the target.
        await trx
          .updateTable('themes')
          .set({ parent_id: targetId })
          .where('parent_id', 'in', [...sourceIds])
          .execute()
        const codes = sources.map((s) => s.code)
        const version = await recordVersion(
          trx,
          consultationId,
          `merged ${codes.join(', ')} into ${target.code}`,
          actor,
        )
        await audit(trx, actor, 'theme.merged', 'theme', targetId, {
          sources: codes,
          target: target.code,
          moved,
          version,
        })
        return { code: target.code, moved }
      })
    },

    /** Splits a theme into new ones under the same parent; its codings go to the first new theme. */
    async splitTheme(
      consultationId: string,
      sourceId: string,
      parts: readonly { code: string; label: string }[],
      actor: StaffActor,
    ) {
      return db.transaction().execute(async (trx) => {
        const [source] = await requireThemes(trx, consultationId, [sourceId])
        if (!source) throw new NotFoundError('No such theme')
        const ids: string[] = []
        for (const part of parts)
          ids.push(
            await insertTheme(trx, consultationId, {
              code: part.code,
              label: part.label,
              description: '',
              examples: [],
              parentId: source.parentId,
              questionKey: source.questionKey,
            }),
          )
        const assignments = await listAssignmentsOf(trx, [sourceId])
        const moved = await applyPlan(trx, planSplit(assignments.map(asAssignment), sourceId, ids))
        await trx
          .updateTable('themes')
          .set({ status: 'split', replaced_by: JSON.stringify(ids) })
          .where('id', '=', sourceId)
          .execute()
        await trx
          .updateTable('themes')
          .set({ parent_id: ids[0] ?? null })
          .where('parent_id', '=', sourceId)
          .execute()
        const codes = parts.map((p) => p.code)
        const version = await recordVersion(
          trx,
          consultationId,
          `split ${source.code} into ${codes.join(', ')}`,
          actor,
        )
        await audit(trx, actor, 'theme.split', 'theme', sourceId, {
          source: source.code,
          into: codes,
          moved,
          version,
        })
        return { code: source.code, first: codes[0] ?? '', moved }
      })
    },

    /** A page of comments for the workspace list, with progress; codes are hidden on blind items. */
    async listComments(
      consultationId: string,
      filters: CommentFilters,
      cursor: { after?: CommentKey; before?: CommentKey },
      userId: string,
    ) {
      const questionKeys = (await commentQuestions(consultationId)).map((q) => q.key)
      const named = Object.keys(filters)
      // "Not coded yet" alone is what progress leaves, so it needs no count of its own.
      const onlyUncoded = named.length === 1 && filters.uncoded === true
      const [rows, overall, filteredCount, blind] = await Promise.all([
        listComments(db, { consultationId, questionKeys, filters, ...cursor, limit: pageSize + 1 }),
        countProgress(db, consultationId, questionKeys),
        named.length > 0 && !onlyUncoded
          ? countComments(db, consultationId, questionKeys, filters)
          : undefined,
        listPendingBlindItems(db, consultationId, userId),
      ])
      const matched =
        filteredCount ?? (onlyUncoded ? { total: overall.total - overall.coded, coded: 0 } : overall)
      const more = rows.length > pageSize
      const page = cursor.before ? rows.slice(more ? 1 : 0) : rows.slice(0, pageSize)
      const hidden = new Set(blind.map((b) => commentKeyOf(b.response_id, b.question_key)))
      const first = page[0]
      const last = page[page.length - 1]
      return {
        rows: page.map((r) => ({ ...r, blind: hidden.has(commentKeyOf(r.response_id, r.question_key)) })),
        overall,
        matched,
        next:
          last && (cursor.before || more)
            ? { reference: last.reference, questionKey: last.question_key }
            : undefined,
        previous:
          first && (cursor.after || (cursor.before && more))
            ? { reference: first.reference, questionKey: first.question_key }
            : undefined,
      }
    },

    /** One comment with its coding (or the blind pass), suggestions and what the detectors found. */
    async getComment(consultationId: string, responseId: string, questionKey: string, userId: string) {
      const comment = await requireComment(consultationId, responseId, questionKey)
      const blind = (await listPendingBlindItems(db, consultationId, userId)).find(
        (b) => b.response_id === responseId && b.question_key === questionKey,
      )
      const coding = await findCoding(db, responseId, questionKey, 1)
      const second = await findCoding(db, responseId, questionKey, 2)
      const shown = blind ? second : coding
      const assigned = shown ? await listCodingThemesWithPeople(db, shown.id) : []
      const suggestions = blind
        ? []
        : await db
            .selectFrom('theme_suggestions')
            .selectAll()
            .where('response_id', '=', responseId)
            .where('question_key', '=', questionKey)
            .where('status', '=', 'pending')
            .orderBy('confidence', 'desc')
            .execute()
      const text = comment.text ?? ''
      const themes = themesForQuestion(
        (await themesOf(db, consultationId)).filter((t) => t.status === 'active'),
        questionKey,
      )
      const next = await listComments(db, {
        consultationId,
        questionKeys: (await commentQuestions(consultationId)).map((q) => q.key),
        filters: { uncoded: true },
        after: { reference: comment.reference, questionKey },
        limit: 1,
      })
      return {
        comment: { ...comment, text },
        questionKey,
        blindSampleId: blind?.sample_id,
        coding: blind ? (second ?? undefined) : coding,
        assigned,
        suggestions,
        themes: themeTree(themes),
        risks: detectRisk(text),
        personalData: findPersonalData(text),
        nextUncoded: next[0]
          ? { responseId: next[0].response_id, questionKey: next[0].question_key }
          : undefined,
      }
    },

    /** Saves the first-pass coding of a comment, or the blind second pass when the person owes one. */
    async saveCoding(
      consultationId: string,
      responseId: string,
      questionKey: string,
      form: CodingForm,
      actor: StaffActor,
    ) {
      const comment = await requireComment(consultationId, responseId, questionKey)
      const blind = (await listPendingBlindItems(db, consultationId, actor.userId)).some(
        (b) => b.response_id === responseId && b.question_key === questionKey,
      )
      const secondDone = await findCoding(db, responseId, questionKey, 2)
      const pass = blind || (secondDone && secondDone.coded_by === actor.userId) ? 2 : 1
      await requireThemes(db, consultationId, form.themeIds)
      return db.transaction().execute(async (trx) => {
        const { codingId, before } = await writeCoding(
          trx,
          { consultationId, responseId, questionKey, pass },
          form,
          actor,
        )
        if (form.safeguarding && pass === 1)
          await raiseFlag(
            trx,
            consultationId,
            { responseId, questionKey, text: comment.text ?? '' },
            'analyst',
            actor,
          )
        await audit(trx, actor, 'coding.saved', 'coding', codingId, {
          response: comment.reference,
          question: questionKey,
          pass,
          themes: form.themeIds,
          before,
          sentiment: form.sentiment,
          flags: {
            quoteWorthy: form.quoteWorthy,
            personalData: form.personalData,
            safeguarding: form.safeguarding,
          },
        })
        return { reference: comment.reference, pass }
      })
    },

    /** Stores a model's suggestions for later review; the auto-coding side calls this. */
    async storeSuggestions(
      consultationId: string,
      model: { name: string; version: string },
      suggestions: readonly ModelSuggestion[],
      actor: AuditActor,
      options: { replacePending?: boolean } = {},
    ) {
      return db.transaction().execute(async (trx) => {
        // A newer model's suggestions replace the undecided ones of older models; decided ones stay on record.
        const replaced = options.replacePending
          ? (
              await trx
                .deleteFrom('theme_suggestions')
                .where('consultation_id', '=', consultationId)
                .where('status', '=', 'pending')
                .where((eb) =>
                  eb.or([eb('model_name', '!=', model.name), eb('model_version', '!=', model.version)]),
                )
                .executeTakeFirst()
            ).numDeletedRows
          : 0n
        for (let i = 0; i < suggestions.length; i += 1000) {
          const batch = suggestions.slice(i, i + 1000)
          if (batch.length === 0) continue
          await trx
            .insertInto('theme_suggestions')
            .values(
              batch.map((s) => ({
                consultation_id: consultationId,
                response_id: s.responseId,
                question_key: s.questionKey,
                theme_id: s.themeId,
                model_name: model.name,
                model_version: model.version,
                confidence: Math.min(1, Math.max(0, s.confidence)),
                created_at: now(),
              })),
            )
            .onConflict((oc) =>
              oc
                .columns(['response_id', 'question_key', 'theme_id', 'model_name', 'model_version'])
                .doNothing(),
            )
            .execute()
        }
        await audit(trx, actor, 'suggestions.stored', 'consultation', consultationId, {
          model: model.name,
          version: model.version,
          count: suggestions.length,
          replaced: Number(replaced),
        })
      })
    },

    /** Accepting a suggestion adds its theme with provenance "suggestion_accepted"; rejecting records the decision. */
    async decideSuggestion(consultationId: string, suggestionId: string, accept: boolean, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const suggestion = await trx
          .selectFrom('theme_suggestions')
          .selectAll()
          .where('id', '=', suggestionId)
          .where('consultation_id', '=', consultationId)
          .executeTakeFirst()
        if (!suggestion) throw new NotFoundError('No such suggestion')
        if (suggestion.status !== 'pending')
          throw new ConflictError('This suggestion has already been decided')
        await trx
          .updateTable('theme_suggestions')
          .set({ status: accept ? 'accepted' : 'rejected', decided_by: actor.userId, decided_at: now() })
          .where('id', '=', suggestionId)
          .execute()
        if (accept) {
          const current = await findCoding(trx, suggestion.response_id, suggestion.question_key, 1)
          const themeIds = current ? (await listCodingThemes(trx, current.id)).map((r) => r.theme_id) : []
          await writeCoding(
            trx,
            {
              consultationId,
              responseId: suggestion.response_id,
              questionKey: suggestion.question_key,
              pass: 1,
            },
            {
              themeIds: [...new Set([...themeIds, suggestion.theme_id])],
              sentiment: current?.sentiment ?? null,
              quoteWorthy: current?.quote_worthy ?? false,
              personalData: current?.personal_data ?? false,
              safeguarding: current?.safeguarding ?? false,
            },
            actor,
            {
              kind: 'suggestion_accepted',
              modelName: suggestion.model_name,
              modelVersion: suggestion.model_version,
              confidence: suggestion.confidence,
            },
          )
        }
        await audit(
          trx,
          actor,
          accept ? 'suggestion.accepted' : 'suggestion.rejected',
          'theme_suggestion',
          suggestionId,
          {
            theme: suggestion.theme_id,
            model: suggestion.model_name,
            version: suggestion.model_version,
          },
        )
        return { responseId: suggestion.response_id, questionKey: suggestion.question_key }
      })
    },

    /** People who may code, for choosing a second coder. */
    async listCoders() {
      return db
        .selectFrom('users as u')
        .innerJoin('user_roles as r', 'r.user_id', 'u.id')
        .select(['u.id', 'u.display_name', 'u.email'])
        .where('r.role', 'in', ['administrator', 'consultation_manager', 'analyst'])
        .where('u.disabled_at', 'is', null)
        .distinct()
        .orderBy('u.display_name')
        .execute()
    },

    listSamples: (consultationId: string) => listSamples(db, consultationId),

    /** Draws a reproducible sample of coded comments (not coded by the second coder) to code again blind. */
    async drawDoubleCodingSample(
      consultationId: string,
      input: { percent: number; seed: number; secondCoderId: string },
      actor: StaffActor,
    ) {
      return db.transaction().execute(async (trx) => {
        const coded = await listCodedKeys(trx, consultationId, input.secondCoderId)
        const keys = coded.map((c) => commentKeyOf(c.response_id, c.question_key))
        const chosen = drawSample(keys, input.percent, input.seed)
        if (chosen.length === 0) return { sampleId: undefined, count: 0 }
        const sample = await trx
          .insertInto('double_coding_samples')
          .values({
            consultation_id: consultationId,
            percent: input.percent,
            seed: input.seed,
            second_coder_id: input.secondCoderId,
            created_by: actor.userId,
            created_at: now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        const items = chosen.map((key) => {
          const [responseId = '', questionKey = ''] = key.split('|')
          return { sample_id: sample.id, response_id: responseId, question_key: questionKey }
        })
        for (let i = 0; i < items.length; i += 1000)
          await trx
            .insertInto('double_coding_items')
            .values(items.slice(i, i + 1000))
            .execute()
        await audit(trx, actor, 'double_coding.sampled', 'double_coding_sample', sample.id, {
          percent: input.percent,
          seed: input.seed,
          secondCoder: input.secondCoderId,
          from: keys.length,
          count: items.length,
        })
        return { sampleId: sample.id, count: items.length }
      })
    },

    /** Kappa per theme, alpha overall and the disagreements, over the items both passes coded. */
    async agreement(consultationId: string, sampleId: string) {
      const sample = await findSample(db, sampleId)
      if (!sample || sample.consultation_id !== consultationId) throw new NotFoundError('No such sample')
      const items = await listSampleItems(db, sampleId)
      const both = items.filter((i) => i.second_coded)
      const themes = (await themesOf(db, consultationId)).filter((t) => t.status === 'active')
      const report = measureAgreement(
        both.map((i) => ({
          key: commentKeyOf(i.response_id, i.question_key),
          first: i.first ?? [],
          second: i.second ?? [],
        })),
        themes.map((t) => t.id),
      )
      const disagreeing = new Set(report.disagreements)
      return {
        sample,
        items: items.length,
        doubleCoded: both.length,
        report,
        themes,
        disagreements: both
          .filter((i) => disagreeing.has(commentKeyOf(i.response_id, i.question_key)))
          .map((i) => ({ ...i, first: i.first ?? [], second: i.second ?? [] })),
      }
    },

    /** Settles a disagreement: the final codes become the first-pass coding, and the item is marked adjudicated. */
    async adjudicate(
      consultationId: string,
      sampleId: string,
      responseId: string,
      questionKey: string,
      form: CodingForm,
      actor: StaffActor,
    ) {
      const comment = await requireComment(consultationId, responseId, questionKey)
      await requireThemes(db, consultationId, form.themeIds)
      // Adjudication settles the themes; sentiment and flags stay as first coded unless given.
      const current = await findCoding(db, responseId, questionKey, 1)
      const settled: CodingForm = {
        themeIds: form.themeIds,
        sentiment: form.sentiment ?? current?.sentiment ?? null,
        quoteWorthy: form.quoteWorthy || (current?.quote_worthy ?? false),
        personalData: form.personalData || (current?.personal_data ?? false),
        safeguarding: form.safeguarding || (current?.safeguarding ?? false),
      }
      return db.transaction().execute(async (trx) => {
        const item = await trx
          .updateTable('double_coding_items')
          .set({ adjudicated_by: actor.userId, adjudicated_at: now() })
          .where('sample_id', '=', sampleId)
          .where('response_id', '=', responseId)
          .where('question_key', '=', questionKey)
          .returning('sample_id')
          .executeTakeFirst()
        if (!item) throw new NotFoundError('No such sample item')
        const { codingId, before } = await writeCoding(
          trx,
          { consultationId, responseId, questionKey, pass: 1 },
          settled,
          actor,
        )
        await audit(trx, actor, 'double_coding.adjudicated', 'coding', codingId, {
          sample: sampleId,
          response: comment.reference,
          question: questionKey,
          before,
          themes: form.themeIds,
        })
        return { reference: comment.reference }
      })
    },

    /** Chooses a comment as a quote for a theme, redacted automatically and waiting for review. */
    async chooseQuote(
      consultationId: string,
      responseId: string,
      questionKey: string,
      themeId: string,
      actor: StaffActor,
    ) {
      const comment = await requireComment(consultationId, responseId, questionKey)
      await requireThemes(db, consultationId, [themeId])
      const redacted = redact(comment.text ?? '')
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('quotes')
          .values({
            consultation_id: consultationId,
            response_id: responseId,
            question_key: questionKey,
            theme_id: themeId,
            redacted_text: redacted.text,
            redactions: JSON.stringify(
              redacted.redactions.map((r) => ({ kind: r.kind, start: r.start, end: r.end })),
            ),
            chosen_by: actor.userId,
            chosen_at: now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await audit(trx, actor, 'quote.chosen', 'quote', row.id, {
          response: comment.reference,
          theme: themeId,
          redactions: redacted.redactions.map((r) => r.kind),
        })
        return row.id
      })
    },

    listQuotes: (consultationId: string) => listQuotes(db, consultationId),

    /** The quotes that may appear in a report: only those whose redaction a person approved. */
    reportableQuotes: (consultationId: string) => listQuotes(db, consultationId, 'approved'),

    async getQuote(consultationId: string, quoteId: string) {
      const quote = await findQuote(db, quoteId)
      if (!quote || quote.consultation_id !== consultationId) throw new NotFoundError('No such quote')
      const comment = await findComment(db, quote.response_id, quote.question_key)
      return { quote, original: comment?.text ?? '', reference: comment?.reference ?? '' }
    },

    /** Records the reviewed text and approves the quote for reports. */
    async approveQuote(consultationId: string, quoteId: string, text: string, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const quote = await findQuote(trx, quoteId)
        if (!quote || quote.consultation_id !== consultationId) throw new NotFoundError('No such quote')
        await trx
          .updateTable('quotes')
          .set({ redacted_text: text, status: 'approved', reviewed_by: actor.userId, reviewed_at: now() })
          .where('id', '=', quoteId)
          .execute()
        await audit(trx, actor, 'quote.approved', 'quote', quoteId, {
          edited: text !== quote.redacted_text,
          // What the reviewer still finds looks like personal data, kept for the record.
          remainingFindings: findPersonalData(text).map((r) => r.kind),
        })
      })
    },

    /** Runs the risk detector over every comment and flags the ones not flagged yet. */
    async scanSafeguarding(consultationId: string, actor: StaffActor) {
      const questionKeys = (await commentQuestions(consultationId)).map((q) => q.key)
      let after: CommentKey = { reference: '', questionKey: '' }
      let flagged = 0
      for (;;) {
        const page =
          questionKeys.length > 0 ? await scanComments(db, consultationId, questionKeys, after, 2000) : []
        const last = page[page.length - 1]
        if (!last) break
        after = { reference: last.reference, questionKey: last.question_key }
        for (const row of page) {
          if (detectRisk(row.text).length === 0) continue
          const raised = await db
            .transaction()
            .execute((trx) =>
              raiseFlag(
                trx,
                consultationId,
                { responseId: row.response_id, questionKey: row.question_key, text: row.text },
                'detector',
                actor,
              ),
            )
          if (raised) flagged++
        }
      }
      return { flagged }
    },

    listFlags: (consultationId: string) => listFlags(db, consultationId),

    /**
     * Reads the free text of responses the detector has not read yet, whatever their channel, and
     * flags those that suggest risk; a job calls this every minute so the online submit never waits.
     * Only responses inserted since the last complete pass are looked at.
     */
    async scanArrivals(batchSize = 500, maxBatches = 20) {
      let scanned = 0
      let flagged = 0
      const { start, horizon } = await scanBounds(db)
      let after: ScanCursor | undefined
      for (let batch = 0; batch < maxBatches; batch++) {
        const found = await db.transaction().execute(async (trx) => {
          const responses = await listUnscannedResponses(trx, start, after, batchSize)
          const marks: { responseId: string; flagged: number }[] = []
          for (const response of responses) {
            let raised = 0
            for (const answer of textAnswers(response.answers)) {
              if (detectRisk(answer.text).length === 0) continue
              const comment = { responseId: response.id, ...answer }
              if (await raiseFlag(trx, response.consultation_id, comment, 'detector', systemActor)) raised++
            }
            marks.push({ responseId: response.id, flagged: raised })
            flagged += raised
          }
          await markScanned(trx, marks, now())
          // Read to the end: every response older than the horizon was visible to this pass.
          if (responses.length < batchSize) await advanceHorizon(trx, horizon)
          return responses
        })
        scanned += found.length
        const last = found.at(-1)
        if (found.length < batchSize || !last) break
        after = { xid: last.xid, id: last.id }
      }
      return { scanned, flagged }
    },

    /** Records who followed a flag up, when, and what was done. */
    async handleFlag(consultationId: string, flagId: string, action: string, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const flag = await trx
          .updateTable('safeguarding_flags')
          .set({ status: 'handled', handled_by: actor.userId, handled_at: now(), action_taken: action })
          .where('id', '=', flagId)
          .where('consultation_id', '=', consultationId)
          .where('status', '=', 'open')
          .returning('id')
          .executeTakeFirst()
        if (!flag) throw new ConflictError('This flag is not open')
        await audit(trx, actor, 'safeguarding.handled', 'safeguarding_flag', flagId, { action })
      })
    },

    /**
     * How many coded comments carry each theme, per group of a breakdown (channel, or the answer to
     * a question such as an About-you one), with the coded comments per group as the denominator.
     * Plain data for quantitative tables and reports.
     */
    async themeCounts(consultationId: string, breakdown: Breakdown, questionKey?: string) {
      const themes = (await themesOf(db, consultationId)).filter((t) => t.status === 'active')
      const counts = await countThemes(db, consultationId, breakdown, questionKey)
      const groups = counts.totals.map((g) => g.group).sort()
      const cell = new Map(counts.themes.map((c) => [`${c.themeId}|${c.group}`, c.count]))
      return {
        groups: groups.map((group) => ({
          group,
          codedComments: counts.totals.find((g) => g.group === group)?.count ?? 0,
        })),
        themes: themeTree(themes).map((theme) => ({
          themeId: theme.id,
          code: theme.code,
          label: theme.label,
          depth: theme.depth,
          counts: Object.fromEntries(groups.map((g) => [g, cell.get(`${theme.id}|${g}`) ?? 0])),
          total: counts.themes.filter((c) => c.themeId === theme.id).reduce((n, c) => n + c.count, 0),
        })),
      }
    },
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
    const row = await trx
      .insertInto('safeguarding_flags')
      .values({
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
      .onConflict((oc) => oc.columns(['response_id', 'question_key']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return false
    await audit(trx, actor, 'safeguarding.flagged', 'safeguarding_flag', row.id, {
      source,
      response: comment.responseId,
      question: comment.questionKey,
      kinds: signals.map((s) => s.kind),
    })
    return true
  }
}

type PlannedAssignment = ThemeAssignment & Assignment

function asAssignment(row: ThemeAssignment): PlannedAssignment {
  return { ...row, codingId: row.coding_id, themeId: row.theme_id }
}

/** Back to a coding_themes row, after a plan may have moved it to another theme; provenance travels with it. */
function asRow(a: PlannedAssignment): ThemeAssignment {
  return {
    coding_id: a.codingId,
    theme_id: a.themeId,
    provenance: a.provenance,
    assigned_by: a.assigned_by,
    model_name: a.model_name,
    model_version: a.model_version,
    confidence: a.confidence,
    assigned_at: a.assigned_at,
  }
}

export type CodingService = ReturnType<typeof createCodingService>
