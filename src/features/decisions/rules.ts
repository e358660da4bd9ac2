import type {
  ConsiderationOutcome,
  ConsultationStatus,
  FollowUpStatus,
  ResolutionOutcome,
} from '../../platform/db/schema.js'

// The rules of the decision trail as plain functions over plain data: when a decision may be
// recorded, which themes a proposal must have considered, when an action is overdue, and when a
// business case may be approved. The service gathers the facts; these say yes or why not.

export const considerationOutcomes: readonly ConsiderationOutcome[] = [
  'accepted',
  'mitigated',
  'noted',
  'not_accepted',
]
export const resolutionOutcomes: readonly ResolutionOutcome[] = [
  'approved',
  'approved_with_changes',
  'deferred',
  'rejected',
]
export const followUpStatuses: readonly FollowUpStatus[] = ['planned', 'in_progress', 'done']

/** A theme matters to a proposal when at least this share of the proposal's coded comments carry it. */
export const mattersShare = 0.05

/** A paper a decision cites: an approved version of the report or the business case. */
export interface CitedPaper {
  kind: 'report' | 'business_case'
  title: string
  version: number
  sha256: string
  publishedAt: string
}

export type DecisionRefusal =
  | 'reportNotApproved'
  | 'businessCaseNotApproved'
  | 'paperAfterMeeting'
  | 'notReporting'
  | 'resolutionMissing'
  | 'meetingInFuture'

export interface DecisionFacts {
  status: ConsultationStatus
  /** Whether this is a correction of a decision already recorded. */
  correcting: boolean
  meetingOn: string
  today: string
  papers: { report: CitedPaper | null; businessCase: CitedPaper | null }
  /** A London calendar day for each instant. */
  dayOf: (iso: string) => string
  proposalIds: readonly string[]
  resolvedProposalIds: readonly string[]
}

/** Every reason a decision may not be recorded as given; none means it may. */
export function decisionRefusals(f: DecisionFacts): DecisionRefusal[] {
  const refusals: DecisionRefusal[] = []
  if (!f.papers.report) refusals.push('reportNotApproved')
  if (!f.papers.businessCase) refusals.push('businessCaseNotApproved')
  const papers = [f.papers.report, f.papers.businessCase].filter((p): p is CitedPaper => p !== null)
  if (papers.some((p) => f.dayOf(p.publishedAt) > f.meetingOn)) refusals.push('paperAfterMeeting')
  if (!f.correcting && f.status !== 'reporting') refusals.push('notReporting')
  if (f.meetingOn > f.today) refusals.push('meetingInFuture')
  const resolved = new Set(f.resolvedProposalIds)
  if (f.proposalIds.some((id) => !resolved.has(id))) refusals.push('resolutionMissing')
  return refusals
}

/** An action is overdue when it is not done and its due day has passed. */
export function isOverdue(action: { status: FollowUpStatus; due_on: string }, today: string): boolean {
  return action.status !== 'done' && action.due_on < today
}

export interface ThemeOnProposal {
  proposalId: string
  themeId: string
  count: number
  codedComments: number
}

/** The themes carried by at least `mattersShare` of a proposal's coded comments. */
export function themesThatMatter<T extends ThemeOnProposal>(themes: readonly T[]): T[] {
  return themes.filter((t) => t.codedComments > 0 && t.count / t.codedComments >= mattersShare)
}

/** The (proposal, theme) pairs that matter and have no consideration yet. */
export function missingConsiderations<T extends ThemeOnProposal>(
  themes: readonly T[],
  considered: readonly { proposalId: string; themeId: string }[],
): T[] {
  const done = new Set(considered.map((c) => `${c.proposalId}|${c.themeId}`))
  return themesThatMatter(themes).filter((t) => !done.has(`${t.proposalId}|${t.themeId}`))
}

export type BusinessCaseRefusal = 'reportNotApproved' | 'noConsiderations' | 'notSignedOff'

/** Why a business case may not be approved yet: it is built from signed-off records and an approved report. */
export function businessCaseRefusals(f: {
  reportApproved: boolean
  considerations: readonly { signedOff: boolean }[]
  equality: readonly { signedOff: boolean }[]
}): BusinessCaseRefusal[] {
  const refusals: BusinessCaseRefusal[] = []
  if (!f.reportApproved) refusals.push('reportNotApproved')
  if (f.considerations.length === 0) refusals.push('noConsiderations')
  if ([...f.considerations, ...f.equality].some((c) => !c.signedOff)) refusals.push('notSignedOff')
  return refusals
}
