import { Type } from 'typebox'
import { NotFoundError } from '../../../platform/errors.js'
import { recordId } from '../../../platform/http/schemas.js'
import { type InclusionRules, parseInclusion } from './inclusion.js'

// What a results page or download is asked for, read from its URL.

export interface ResultsQuery {
  /** `channel`, a question key, or undefined for everyone together. */
  breakdown: string | undefined
  rules: InclusionRules
  /** Show percentages weighted to the reference population beside the unweighted ones. */
  weighted: boolean
}

const key = /^[a-z][a-z0-9_]{0,62}$/

export function parseResultsQuery(query: unknown): ResultsQuery {
  const q = (query ?? {}) as Record<string, unknown>
  const breakdown = typeof q.breakdown === 'string' && key.test(q.breakdown) ? q.breakdown : undefined
  if (typeof q.breakdown === 'string' && q.breakdown !== '' && !breakdown)
    throw new NotFoundError(`No breakdown ${q.breakdown}`)
  return { breakdown, rules: parseInclusion(q), weighted: q.weighted === 'yes' }
}

/** `…/results/:key…`: a question is named by a key, so anything else cannot name one. */
const questionKey = Type.String({ pattern: key.source })
export const questionParams = Type.Object({ id: recordId, key: questionKey })
export const downloadParams = Type.Object({
  id: recordId,
  key: questionKey,
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
})
