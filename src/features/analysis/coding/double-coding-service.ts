import type { StaffActor } from '../../../platform/auth/guards.js'
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { drawSample } from './codeframe.js'
import { findCoding } from './codings-repository.js'
import type { AdjudicationForm, CodingForm } from './forms.js'
import { type FrozenPair, measureReliability, questionCodeframe } from './reliability.js'
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
  snapshotFirstPass,
} from './samples-repository.js'
import { type CodingDeps, codingSupport, commentKeyOf } from './support.js'

// Double coding: a sample of coded comments coded again blind by a second person, the agreement
// between the two passes, and settling where they disagree. Both passes are frozen on the sample's
// items (the first when drawn, the second as saved blind), and agreement reads only those, so
// settling a disagreement never makes the coders look as if they had agreed.

export function createDoubleCodingService(deps: CodingDeps) {
  const { db, now } = deps
  const { audit, commentQuestions, requireComment, requireThemes, themesOf, writeCoding } =
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
        await snapshotFirstPass(trx, sampleId)
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

    /**
     * Alpha and kappa per question over that question's codeframe, and alpha pooled, with bootstrap
     * 95% intervals, from the frozen passes of the items coded a second time.
     */
    async agreement(consultationId: string, sampleId: string) {
      const sample = await findSample(db, sampleId)
      if (!sample || sample.consultation_id !== consultationId) throw new NotFoundError('No such sample')
      const items = await listSampleItems(db, sampleId)
      const both = items.flatMap((i) =>
        i.second === null ? [] : [{ ...i, first: i.first ?? [], second: i.second, final: i.final }],
      )
      const [allThemes, questions] = await Promise.all([
        themesOf(db, consultationId),
        commentQuestions(consultationId),
      ])
      const pairs: FrozenPair[] = both.map((i) => ({
        key: commentKeyOf(i.response_id, i.question_key),
        questionKey: i.question_key,
        first: i.first,
        second: i.second,
      }))
      const report = measureReliability(pairs, (q) => questionCodeframe(allThemes, q, pairs), {
        seed: sample.seed,
      })
      const disagreeing = new Set(report.disagreements)
      return {
        sample,
        items: items.length,
        doubleCoded: both.length,
        report,
        themes: allThemes.filter((th) => th.status === 'active'),
        allThemes,
        questions: questions.map((q) => ({ key: q.key, title: q.title })),
        disagreements: both.filter((i) => disagreeing.has(commentKeyOf(i.response_id, i.question_key))),
      }
    },

    /**
     * Settles a sample item: a third, final coding with who and why, kept on the item beside the two
     * frozen passes; the final themes also become the coding used in analysis (pass 1).
     */
    async adjudicate(
      consultationId: string,
      sampleId: string,
      responseId: string,
      questionKey: string,
      form: AdjudicationForm,
      actor: StaffActor,
    ) {
      const comment = await requireComment(consultationId, responseId, questionKey)
      await requireThemes(db, consultationId, form.themeIds)
      const sample = await findSample(db, sampleId)
      if (!sample || sample.consultation_id !== consultationId) throw new NotFoundError('No such sample')
      // Adjudication settles the themes; sentiment and flags stay as first coded.
      const current = await findCoding(db, responseId, questionKey, 1)
      const settled: CodingForm = {
        themeIds: form.themeIds,
        sentiment: current?.sentiment ?? null,
        quoteWorthy: current?.quote_worthy ?? false,
        personalData: current?.personal_data ?? false,
        safeguarding: current?.safeguarding ?? false,
      }
      return db.transaction().execute(async (trx) => {
        const found = await markAdjudicated(
          trx,
          { sampleId, responseId, questionKey },
          { themeIds: form.themeIds, reason: form.reason },
          actor.userId,
          now(),
        )
        if (!found) {
          const item = (await listSampleItems(trx, sampleId)).find(
            (i) => i.response_id === responseId && i.question_key === questionKey,
          )
          if (!item) throw new NotFoundError('No such sample item')
          throw new ConflictError(t('coding.flash.notSecondCoded'))
        }
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
          reason: form.reason,
        })
        return { reference: comment.reference }
      })
    },
  }
}
