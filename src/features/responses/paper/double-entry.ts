import type { AnswerValue } from '../../../platform/db/schema.js'

// Double entry of paper questionnaires: two people key the same paper blind, the two keyings
// are compared field by field, and each keyer's accuracy is measured against what the paper was
// reconciled to. Pure functions over plain values.

/** A keyed paper as flat fields: the answers by question key, and the paper's own details. */
export type PaperFields = Record<string, AnswerValue>

// Question keys are lower-case words, so these names can never clash with one.
export const receivedField = 'paper:receivedOn'
export const batchField = 'paper:batch'

export function paperFields(keying: {
  receivedOn: string
  batch: string
  answers: PaperFields
}): PaperFields {
  return { [receivedField]: keying.receivedOn, [batchField]: keying.batch, ...keying.answers }
}

/** The answers alone, without the paper's details. */
export function answersOf(fields: PaperFields): PaperFields {
  return Object.fromEntries(
    Object.entries(fields).filter(([key]) => key !== receivedField && key !== batchField),
  )
}

/** Two values are the same when they would be stored the same; a field left blank is undefined. */
export function sameValue(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => v === b[i])
  }
  return a === b
}

export interface FieldDifference {
  field: string
  first: AnswerValue | undefined
  second: AnswerValue | undefined
}

export interface Comparison {
  /** The fields both keyings give the same value. */
  agreed: PaperFields
  /** The fields they do not, in the order the first keying, then the second, lists them. */
  differences: FieldDifference[]
}

export function compareKeyings(first: PaperFields, second: PaperFields): Comparison {
  const agreed: PaperFields = {}
  const differences: FieldDifference[] = []
  for (const field of new Set([...Object.keys(first), ...Object.keys(second)])) {
    const a = first[field]
    const b = second[field]
    if (sameValue(a, b)) {
      if (a !== undefined) agreed[field] = a
    } else differences.push({ field, first: a, second: b })
  }
  return { agreed, differences }
}

export interface ReconciledPaper {
  keyings: { keyedBy: string; fields: PaperFields }[]
  resolved: PaperFields
}

export interface KeyerAccuracy {
  keyedBy: string
  papers: number
  fieldsKeyed: number
  fieldsMatched: number
}

/**
 * Per keyer, over reconciled papers: of the fields anyone keyed or resolved on each paper, how
 * many this keyer gave the resolved value (a field rightly left blank counts as a match).
 */
export function keyerAccuracy(papers: readonly ReconciledPaper[]): KeyerAccuracy[] {
  const byKeyer = new Map<string, KeyerAccuracy>()
  for (const paper of papers) {
    const fields = new Set([
      ...Object.keys(paper.resolved),
      ...paper.keyings.flatMap((k) => Object.keys(k.fields)),
    ])
    for (const keying of paper.keyings) {
      const tally = byKeyer.get(keying.keyedBy) ?? {
        keyedBy: keying.keyedBy,
        papers: 0,
        fieldsKeyed: 0,
        fieldsMatched: 0,
      }
      tally.papers++
      for (const field of fields) {
        tally.fieldsKeyed++
        if (sameValue(keying.fields[field], paper.resolved[field])) tally.fieldsMatched++
      }
      byKeyer.set(keying.keyedBy, tally)
    }
  }
  return [...byKeyer.values()]
}
