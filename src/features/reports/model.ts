// The shapes a report is made of. The evidence is what the analysis said when it was last
// gathered; the snapshot is evidence and text frozen together at approval, which every edition and
// format is drawn from. Both are plain JSON, so an approved version reads back exactly as published.

export const sectionKinds = [
  'executive_summary',
  'method',
  'who_responded',
  'proposals',
  'themes',
  'events',
  'appendix',
  'easy_read',
] as const
export type SectionKind = (typeof sectionKinds)[number]

/** A section as the author keeps it: which generated part, their heading and narrative, and whether it is in. */
export interface DraftSection {
  kind: SectionKind
  heading: string
  text: string
  included: boolean
}

/** A data table, as it appears in every edition and format, with where staff can reproduce it. */
export interface ReportTable {
  id: string
  title: string
  /** Header of the label column, then of each figure column. */
  headers: string[]
  rows: { label: string; cells: string[] }[]
  /** One bar a row: its share of the base, or null when hidden or not a share. */
  bars: { label: string; percent: number | null }[] | null
  notes: string[]
  /** The staff page that shows the same figures, and the settings it was queried with. */
  source: { href: string; settings: [string, string][] }
}

export interface ReportQuote {
  theme: string
  text: string
  reference: string
  href: string
}

export interface ThemeFigure {
  code: string
  label: string
  /** Null when the count is below the disclosure threshold. */
  count: number | null
  share: number | null
  href: string
}

/** A proposal's headline figure: how many agreed, for the Summary and Easy Read editions. */
export interface Headline {
  proposal: string
  agree: number | null
  disagree: number | null
  base: number | null
  href: string
}

export interface ProposalEvidence {
  title: string
  tables: ReportTable[]
  differences: string[]
  headline: Headline | null
}

/** What would make the evidence out of date if it changed: compared again at approval. */
export interface EvidenceBasis {
  counted: number
  codeframeVersion: number
  quotesReviewed: number
  detectedAt: string | null
}

export interface Evidence {
  gatheredAt: string
  basis: EvidenceBasis
  threshold: number
  consultation: {
    id: string
    slug: string
    title: string
    opensAt: string
    closesAt: string
    postalDeadlineAt: string | null
  }
  method: {
    counted: number
    inclusion: string
    people: number | null
    /** Postal returns after the deadline and how they were decided (absent in versions gathered before it was). */
    lateReturns?: { late: number; admitted: number; refused: number; undecided: number }
    channels: ReportTable
    coding: {
      themes: number
      codedComments: number
      agreement: {
        units: number
        alpha: number | null
        exactMatch: number | null
        /** The bootstrap 95% intervals (absent in versions gathered before they were). */
        alphaInterval?: { low: number; high: number } | null
        perQuestion?: {
          question: string
          units: number
          alpha: number | null
          alphaInterval: { low: number; high: number } | null
        }[]
      } | null
    }
  }
  whoResponded: ReportTable[]
  proposals: ProposalEvidence[]
  otherTables: ReportTable[]
  themes: ThemeFigure[]
  /** Themes raised significantly more or less often by a group, in words (absent in older versions). */
  themeDifferences?: string[]
  themesHref: string
  quotes: (ReportQuote & { reviewed: boolean })[]
  events: { title: string; heldAt: string; attendees: number | null; format: string }[]
}

export interface SnapshotSection {
  kind: SectionKind
  heading: string
  text: string
}

/** What an approved version published: never changed once written. */
export interface Snapshot {
  version: number
  approvedAt: string
  evidence: Evidence
  sections: SnapshotSection[]
}

export const editions = ['full', 'summary', 'easy-read'] as const
export type Edition = (typeof editions)[number]
export const formats = ['html', 'docx', 'pdf', 'xlsx'] as const
export type Format = (typeof formats)[number]
