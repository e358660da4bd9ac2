import type { AuditActor } from '../../../platform/audit/audit-log.js'
import type { StaffActor } from '../../../platform/auth/guards.js'
import { ConflictError, NotFoundError } from '../../../platform/errors.js'
import {
  deletePendingSuggestionsOfOtherModels,
  findCoding,
  findSuggestion,
  insertSuggestions,
  listCodingThemes,
  markSuggestionDecided,
} from './codings-repository.js'
import { type CodingDeps, codingSupport } from './support.js'

// Theme suggestions from a model: stored for review, then accepted into the coding or rejected.

/** Theme suggestions from a model, as the auto-coding side hands them over. */
export interface ModelSuggestion {
  responseId: string
  questionKey: string
  themeId: string
  confidence: number
}

export function createSuggestionsService(deps: CodingDeps) {
  const { db, now } = deps
  const { audit, writeCoding } = codingSupport(deps)

  return {
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
          ? await deletePendingSuggestionsOfOtherModels(trx, consultationId, model)
          : 0
        const createdAt = now()
        await insertSuggestions(
          trx,
          suggestions.map((s) => ({
            consultation_id: consultationId,
            response_id: s.responseId,
            question_key: s.questionKey,
            theme_id: s.themeId,
            model_name: model.name,
            model_version: model.version,
            confidence: Math.min(1, Math.max(0, s.confidence)),
            created_at: createdAt,
          })),
        )
        await audit(trx, actor, 'suggestions.stored', 'consultation', consultationId, {
          model: model.name,
          version: model.version,
          count: suggestions.length,
          replaced,
        })
      })
    },

    /** Accepting a suggestion adds its theme with provenance "suggestion_accepted"; rejecting records the decision. */
    async decideSuggestion(consultationId: string, suggestionId: string, accept: boolean, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const suggestion = await findSuggestion(trx, consultationId, suggestionId)
        if (!suggestion) throw new NotFoundError('No such suggestion')
        if (suggestion.status !== 'pending')
          throw new ConflictError('This suggestion has already been decided')
        await markSuggestionDecided(trx, suggestionId, { accepted: accept, by: actor.userId, at: now() })
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
  }
}
