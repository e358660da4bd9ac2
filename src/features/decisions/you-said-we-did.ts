import type { ConsiderationOutcome, FollowUpStatus, ResolutionOutcome } from '../../platform/db/schema.js'
import { isOverdue } from './rules.js'

// "You said, we did": one row a theme, from what people said (counts and approved quotes) to how
// it was considered for each proposal, what was decided on that proposal, and what is being done.
// Only signed-off considerations and approved quotes are given; the caller reads nothing else.

export interface SaidInput {
  themeId: string
  theme: string
  proposalId: string
  proposal: string
  count: number | null
  share: number | null
  outcome: ConsiderationOutcome
  response: string
}

export interface DidInput {
  id: string
  title: string
  owner: string
  dueOn: string
  status: FollowUpStatus
  themeIds: readonly string[]
  proposalIds: readonly string[]
  latestNote: string | null
}

export interface SaidDidRow {
  themeId: string
  theme: string
  quotes: string[]
  proposals: {
    proposalId: string
    proposal: string
    count: number | null
    share: number | null
    outcome: ConsiderationOutcome
    response: string
    resolution: { outcome: ResolutionOutcome; note: string } | null
  }[]
  actions: (DidInput & { overdue: boolean })[]
}

export function youSaidWeDid(input: {
  considerations: readonly SaidInput[]
  quotes: readonly { theme: string; text: string }[]
  resolutions: ReadonlyMap<string, { outcome: ResolutionOutcome; note: string }>
  actions: readonly DidInput[]
  today: string
  quotesPerTheme?: number
}): SaidDidRow[] {
  const rows = new Map<string, SaidDidRow>()
  for (const c of input.considerations) {
    const row = rows.get(c.themeId) ?? {
      themeId: c.themeId,
      theme: c.theme,
      quotes: input.quotes
        .filter((q) => q.theme === c.theme)
        .slice(0, input.quotesPerTheme ?? 2)
        .map((q) => q.text),
      proposals: [],
      actions: [],
    }
    row.proposals.push({
      proposalId: c.proposalId,
      proposal: c.proposal,
      count: c.count,
      share: c.share,
      outcome: c.outcome,
      response: c.response,
      resolution: input.resolutions.get(c.proposalId) ?? null,
    })
    rows.set(c.themeId, row)
  }
  for (const row of rows.values()) {
    const proposals = new Set(row.proposals.map((p) => p.proposalId))
    // An action answers a theme when it names it; one that names only a proposal answers every
    // theme considered for that proposal.
    row.actions = input.actions
      .filter((a) =>
        a.themeIds.length > 0
          ? a.themeIds.includes(row.themeId)
          : a.proposalIds.some((p) => proposals.has(p)),
      )
      .map((a) => ({ ...a, overdue: isOverdue({ status: a.status, due_on: a.dueOn }, input.today) }))
  }
  return [...rows.values()]
}
