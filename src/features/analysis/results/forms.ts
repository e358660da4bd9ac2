import { NotFoundError } from '../../../platform/errors.js'
import { type InclusionRules, parseInclusion } from './inclusion.js'

// What a results page or download is asked for, read from its URL.

export interface ResultsQuery {
  /** `channel`, a question key, or undefined for everyone together. */
  breakdown: string | undefined
  rules: InclusionRules
  /** Show percentages weighted to the reference population beside the unweighted ones. */
  weighted: boolean
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const key = /^[a-z][a-z0-9_]{0,62}$/

export function parseResultsQuery(query: unknown): ResultsQuery {
  const q = (query ?? {}) as Record<string, unknown>
  const breakdown = typeof q.breakdown === 'string' && key.test(q.breakdown) ? q.breakdown : undefined
  if (typeof q.breakdown === 'string' && q.breakdown !== '' && !breakdown)
    throw new NotFoundError(`No breakdown ${q.breakdown}`)
  return { breakdown, rules: parseInclusion(q), weighted: q.weighted === 'yes' }
}

/** A consultation id and question key from the path, or not found: never a database error. */
export function parsePath(params: { id: string; key?: string }) {
  if (!uuid.test(params.id)) throw new NotFoundError(`No consultation ${params.id}`)
  if (params.key !== undefined && !key.test(params.key)) throw new NotFoundError(`No question ${params.key}`)
  return { id: params.id, key: params.key ?? '' }
}

export const downloadFormats = ['csv', 'xlsx'] as const
export type DownloadFormat = (typeof downloadFormats)[number]

export function parseFormat(format: string): DownloadFormat {
  const found = downloadFormats.find((f) => f === format)
  if (!found) throw new NotFoundError(`No download as ${format}`)
  return found
}
