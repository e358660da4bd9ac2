import type { StaffActor } from '../../../platform/auth/guards.js'
import { NotFoundError } from '../../../platform/errors.js'
import { approveQuote, findQuote, insertQuote, listQuotes } from './quotes-repository.js'
import { findPersonalData, redact } from './redaction.js'
import { findComment } from './repository.js'
import { type CodingDeps, codingSupport } from './support.js'

// Quotes: a comment chosen for a theme, redacted automatically, then reviewed by a person before
// any report may show it.

export function createQuotesService(deps: CodingDeps) {
  const { db, now } = deps
  const { audit, requireComment, requireThemes } = codingSupport(deps)

  return {
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
        const id = await insertQuote(trx, {
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
        await audit(trx, actor, 'quote.chosen', 'quote', id, {
          response: comment.reference,
          theme: themeId,
          redactions: redacted.redactions.map((r) => r.kind),
        })
        return id
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
        await approveQuote(trx, quoteId, { text, by: actor.userId, at: now() })
        await audit(trx, actor, 'quote.approved', 'quote', quoteId, {
          edited: text !== quote.redacted_text,
          // What the reviewer still finds looks like personal data, kept for the record.
          remainingFindings: findPersonalData(text).map((r) => r.kind),
        })
      })
    },
  }
}
