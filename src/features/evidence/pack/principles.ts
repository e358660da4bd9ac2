// The legal tests and principles a consultation's evidence pack answers to, and the small
// interface every source of evidence implements. Pure: no I/O.
//
// A source contributes dated records for the principles it can evidence, and gaps where it knows
// something is missing. The records other features keep (the Report of Findings, consideration
// records, the decision record, the business case, committee meetings) come from sources those
// features provide; the app hands them in to replace the placeholders in `evidenceSources`, which
// report only gaps, so the pack needs none of those features.

export const principleIds = [
  'gunning-1',
  'gunning-2',
  'gunning-3',
  'gunning-4',
  'duty-to-involve',
  'equality-duty',
  'health-scrutiny',
  'consultation-principles',
] as const

export type PrincipleId = (typeof principleIds)[number]

/** One dated record that helps meet a principle: what it is, when, and where it came from. */
export interface EvidenceRecord {
  principle: PrincipleId
  /** When it happened or was published; null for a record with no date of its own. */
  date: Date | null
  title: string
  detail: string
  /** The source that contributed it, such as `documents`. */
  source: string
}

/** Something a principle needs that the pack could not find, worded for the reader. */
export interface EvidenceGap {
  principle: PrincipleId
  text: string
  source: string
}

export interface EvidenceFound {
  records: EvidenceRecord[]
  gaps: EvidenceGap[]
}

export interface EvidenceSource {
  /** A short stable name, used in the records' files. */
  id: string
  collect(): Promise<EvidenceFound>
}

export type PrincipleStatus = 'evidenced' | 'partly' | 'gap'

export interface PrincipleAssessment {
  id: PrincipleId
  status: PrincipleStatus
  records: EvidenceRecord[]
  gaps: EvidenceGap[]
}

/**
 * Each principle with its records, oldest first (undated last), and its gaps: evidenced when it
 * has records and no gaps, a gap when it has no records, partly otherwise. Every principle is
 * listed, so one nothing speaks to shows as a gap rather than disappearing.
 */
export function assessPrinciples(found: EvidenceFound[], noRecordsGap: (id: PrincipleId) => string) {
  const records = found.flatMap((f) => f.records)
  const gaps = found.flatMap((f) => f.gaps)
  return principleIds.map((id): PrincipleAssessment => {
    const mine = records
      .filter((r) => r.principle === id)
      .sort(
        (a, b) =>
          (a.date?.getTime() ?? Number.POSITIVE_INFINITY) - (b.date?.getTime() ?? Number.POSITIVE_INFINITY),
      )
    const missing = gaps.filter((g) => g.principle === id)
    if (mine.length === 0 && missing.length === 0)
      missing.push({ principle: id, text: noRecordsGap(id), source: 'pack' })
    const status: PrincipleStatus = mine.length === 0 ? 'gap' : missing.length === 0 ? 'evidenced' : 'partly'
    return { id, status, records: mine, gaps: missing }
  })
}

/** A source for a record Heard does not keep yet: it contributes the same gap to each principle it would serve. */
export function notYetKept(id: string, principles: PrincipleId[], text: string): EvidenceSource {
  return {
    id,
    collect: async () => ({
      records: [],
      gaps: principles.map((principle) => ({ principle, text, source: id })),
    }),
  }
}
