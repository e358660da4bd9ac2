import type { StaffActor } from '../../../platform/auth/guards.js'
import { NotFoundError, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { measureAgreement } from './agreement.js'
import { drawSample } from './codeframe.js'
import { findCoding } from './codings-repository.js'
import type { CodingForm } from './forms.js'
import {
  findSample,
  insertSample,
  insertSampleItems,
  listCodedKeys,
  listCoders,
  listPendingBlindItems,
  listSampleItems,
  listSamples,
  markAdjudicated,
} from './samples-repository.js'
import { type CodingDeps, codingSupport, commentKeyOf } from './support.js'

// Double coding: a sample of coded comments coded again blind by a second person, the agreement
// between the two passes, and settling where they disagree.

export function createDoubleCodingService(deps: CodingDeps) {
  const { db, now } = deps
  const { activeThemes, audit, commentQuestions, requireComment, requireThemes, writeCoding } =
    codingSupport(deps)

  return {
    /** People who may code, for choosing a second coder. */
    listCoders: () => listCoders(db),

    listSamples: (consultationId: string) => listSamples(db, consultationId),

    /** The comments in this person's samples they have still to code blind, with the question each answers. */
    async blindItemsFor(consultationId: string, userId: string) {
      const [items, questions] = await Promise.all([
        listPendingBlindItems(db, consultationId, userId),
        commentQuestions(consultationId),
      ])
      const titles = new Map(questions.map((q) => [q.key, q.title]))
      return items.map((i) => ({ ...i, question: titles.get(i.question_key) ?? i.question_key }))
    },

    /**
     * Draws a reproducible sample of coded comments (not coded by the second coder) to code again
     * blind. Refuses a second coder who coded every one of them, rather than drawing nothing.
     */
    async drawDoubleCodingSample(
      consultationId: string,
      input: { percent: number; seed: number; secondCoderId: string },
      actor: StaffActor,
    ) {
      return db.transaction().execute(async (trx) => {
        const all = await listCodedKeys(trx, consultationId)
        const coded = all.filter((c) => c.coded_by !== input.secondCoderId)
        if (all.length > 0 && coded.length === 0)
          throw new ValidationError({ secondCoderId: t('coding.validation.coderCodedAll') })
        const keys = coded.map((c) => commentKeyOf(c.response_id, c.question_key))
        const chosen = drawSample(keys, input.percent, input.seed)
        if (chosen.length === 0) return { sampleId: undefined, count: 0 }
        const sampleId = await insertSample(trx, {
          consultation_id: consultationId,
          percent: input.percent,
          seed: input.seed,
          second_coder_id: input.secondCoderId,
          created_by: actor.userId,
          created_at: now(),
        })
        const items = chosen.map((key) => {
          const [responseId = '', questionKey = ''] = key.split('|')
          return { sample_id: sampleId, response_id: responseId, question_key: questionKey }
        })
        await insertSampleItems(trx, items)
        await audit(trx, actor, 'double_coding.sampled', 'double_coding_sample', sampleId, {
          percent: input.percent,
          seed: input.seed,
          secondCoder: input.secondCoderId,
          from: keys.length,
          count: items.length,
        })
        return { sampleId, count: items.length }
      })
    },

    /** Kappa per theme, alpha overall and the disagreements, over the items both passes coded. */
    async agreement(consultationId: string, sampleId: string) {
      const sample = await findSample(db, sampleId)
      if (!sample || sample.consultation_id !== consultationId) throw new NotFoundError('No such sample')
      const items = await listSampleItems(db, sampleId)
      const both = items.filter((i) => i.second_coded)
      const themes = await activeThemes(consultationId)
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
        const found = await markAdjudicated(trx, { sampleId, responseId, questionKey }, actor.userId, now())
        if (!found) throw new NotFoundError('No such sample item')
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
  }
}
