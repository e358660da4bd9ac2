import { type Static, Type } from 'typebox'
import { recordId } from '../../../platform/http/schemas.js'

// Paths of the coding workspace: each record named in a path must be an id, or the page answers
// 404 before the handler runs (see platform/http/schemas.ts). Question keys are checked by the
// service against the consultation's questionnaire.

export const commentParams = Type.Object({ id: recordId, responseId: recordId, questionKey: Type.String() })
export const suggestionParams = Type.Object({ id: recordId, suggestionId: recordId })
export const sampleParams = Type.Object({ id: recordId, sampleId: recordId })
export const adjudicationParams = Type.Object({
  id: recordId,
  sampleId: recordId,
  responseId: recordId,
  questionKey: Type.String(),
})
export const quoteParams = Type.Object({ id: recordId, quoteId: recordId })
export const flagParams = Type.Object({ id: recordId, flagId: recordId })

export type CommentParams = Static<typeof commentParams>
export type SuggestionParams = Static<typeof suggestionParams>
export type SampleParams = Static<typeof sampleParams>
export type AdjudicationParams = Static<typeof adjudicationParams>
export type QuoteParams = Static<typeof quoteParams>
export type FlagParams = Static<typeof flagParams>
