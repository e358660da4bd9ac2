import type { StaffActor } from '../../../platform/auth/guards.js'
import { themesForQuestion, themeTree } from './codeframe.js'
import { findCoding, listCodingThemesWithPeople, listPendingSuggestions } from './codings-repository.js'
import type { CodingForm } from './forms.js'
import { findPersonalData } from './redaction.js'
import {
  type CommentFilters,
  type CommentKey,
  countComments,
  countProgress,
  listComments,
} from './repository.js'
import { detectRisk } from './safeguarding.js'
import { listPendingBlindItems, recordSecondPass } from './samples-repository.js'
import { type CodingDeps, codingSupport, commentKeyOf } from './support.js'

// Coding comments one by one: the workspace list, a comment with what helps code it, and saving
// its coding (or the blind second pass a person owes on a double-coding sample).

const pageSize = 50

export function createCommentCodingService(deps: CodingDeps) {
  const { db, now } = deps
  const { commentQuestions, activeThemes, audit, requireComment, requireThemes, writeCoding, raiseFlag } =
    codingSupport(deps)

  async function pendingBlindItem(
    consultationId: string,
    userId: string,
    responseId: string,
    questionKey: string,
  ) {
    return (await listPendingBlindItems(db, consultationId, userId)).find(
      (b) => b.response_id === responseId && b.question_key === questionKey,
    )
  }

  return {
    commentQuestions,

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

    /**
     * One comment with its coding (or the blind pass), suggestions and what the detectors found;
     * safeguarding signals only for a reader who may see safeguarding concerns.
     */
    async getComment(
      consultationId: string,
      responseId: string,
      questionKey: string,
      reader: { userId: string; seesSafeguarding: boolean },
    ) {
      const { userId } = reader
      const comment = await requireComment(consultationId, responseId, questionKey)
      const blind = await pendingBlindItem(consultationId, userId, responseId, questionKey)
      const coding = await findCoding(db, responseId, questionKey, 1)
      const second = await findCoding(db, responseId, questionKey, 2)
      const shown = blind ? second : coding
      const assigned = shown ? await listCodingThemesWithPeople(db, shown.id) : []
      const suggestions = blind ? [] : await listPendingSuggestions(db, responseId, questionKey)
      const text = comment.text ?? ''
      const themes = themesForQuestion(await activeThemes(consultationId), questionKey)
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
        risks: reader.seesSafeguarding ? detectRisk(text) : [],
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
      const blind = await pendingBlindItem(consultationId, actor.userId, responseId, questionKey)
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
        if (pass === 2)
          await recordSecondPass(
            trx,
            { consultationId, responseId, questionKey, userId: actor.userId, themeIds: form.themeIds },
            now(),
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
  }
}
