import { NotFoundError } from '../../../platform/errors.js'
import type { AnalysisService } from '../results/service.js'
import type { Breakdown } from './repository.js'
import type { CodingService } from './service.js'
import { themeCountTable } from './theme-count-table.js'

// Theme counts by any breakdown the quantitative results offer (?by=channel, campaign or a
// question key), so the coding pages and the results pages break down the same way.

export interface ThemeCountsDeps {
  coding: Pick<CodingService, 'themeCounts'>
  analysis: Pick<AnalysisService, 'breakdownChoices' | 'disclosureThreshold'>
}

/** The breakdowns on offer, the one chosen (none without `by`) and the counts as a table. */
export async function themeCountsBy(
  { coding, analysis }: ThemeCountsDeps,
  consultationId: string,
  by?: string,
) {
  const { breakdowns, campaignMembers } = await analysis.breakdownChoices(consultationId)
  const chosen = by ? breakdowns.find((b) => b.key === by) : undefined
  if (by && !chosen) throw new NotFoundError(`No breakdown ${by}`)
  const breakdown: Breakdown = !chosen
    ? { kind: 'none' }
    : chosen.breakdown.kind === 'question'
      ? { kind: 'answer', questionKey: chosen.breakdown.key }
      : chosen.breakdown.kind === 'campaign'
        ? { kind: 'campaign', members: campaignMembers }
        : { kind: 'channel' }
  const counts = await coding.themeCounts(consultationId, breakdown)
  const table = themeCountTable(counts, chosen?.groups, analysis.disclosureThreshold)
  return { breakdowns, chosen, table }
}
