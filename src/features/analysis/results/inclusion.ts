import { t } from '../../../platform/i18n/translate.js'

// Which responses count, applied the same way in every table, chart and export, and stated in a
// footnote under each. Excluded and late come from the response itself; repeats and campaigns
// from the participation feature (duplicate groups staff merged, campaigns detected).

export interface InclusionRules {
  /** Responses excluded by staff (status 'excluded', with who, when and why). */
  includeExcluded: boolean
  /** Responses that arrived after the close and were not admitted by a manager's decision. */
  includeLate: boolean
  /** Every response of a person that staff decided responded more than once, not just their first. */
  includeRepeats: boolean
  /** Responses found to be part of an organised campaign (counted unless left out). */
  includeCampaigns: boolean
}

export const defaultInclusion: InclusionRules = {
  includeExcluded: false,
  includeLate: false,
  includeRepeats: false,
  includeCampaigns: true,
}

/**
 * Reads the rules from a query string: `excluded=include`, `late=include` and `repeats=include`
 * count those too; `campaigns=exclude` leaves campaign responses out.
 */
export function parseInclusion(query: Record<string, unknown>): InclusionRules {
  return {
    includeExcluded: query.excluded === 'include',
    includeLate: query.late === 'include',
    includeRepeats: query.repeats === 'include',
    includeCampaigns: query.campaigns !== 'exclude',
  }
}

/** The query string that keeps non-default rules across links, without a leading `?` or `&`. */
export function inclusionQuery(rules: InclusionRules): string {
  const params = new URLSearchParams()
  if (rules.includeExcluded) params.set('excluded', 'include')
  if (rules.includeLate) params.set('late', 'include')
  if (rules.includeRepeats) params.set('repeats', 'include')
  if (!rules.includeCampaigns) params.set('campaigns', 'exclude')
  return params.toString()
}

/** What the participation feature has found, which the footnote reports beside the rules. */
export interface InclusionFacts {
  repeats: number
  campaignResponses: number
}

/** The footnote stating which responses a table counts. */
export function describeInclusion(rules: InclusionRules, facts: InclusionFacts): string {
  const parts = [
    t(rules.includeExcluded ? 'analysis.inclusion.excludedIn' : 'analysis.inclusion.excludedOut'),
    t(rules.includeLate ? 'analysis.inclusion.lateIn' : 'analysis.inclusion.lateOut'),
    t(rules.includeRepeats ? 'analysis.inclusion.repeatsIn' : 'analysis.inclusion.repeatsOut', {
      n: facts.repeats.toLocaleString('en-GB'),
    }),
    t(rules.includeCampaigns ? 'analysis.inclusion.campaignsIn' : 'analysis.inclusion.campaignsOut', {
      n: facts.campaignResponses.toLocaleString('en-GB'),
    }),
  ]
  return parts.join(' ')
}
