import { t } from '../../../platform/i18n/translate.js'

// Which responses count, applied the same way in every table, chart and export, and stated in a
// footnote under each. Only what the stored data can tell apart is a rule: duplicate and campaign
// responses are not flagged in the database yet, so they become rules here when they are.

export interface InclusionRules {
  /** Responses excluded by staff (status 'excluded', with who, when and why). */
  includeExcluded: boolean
  /** Responses that arrived after the close and were admitted under a late rule. */
  includeLate: boolean
}

export const defaultInclusion: InclusionRules = { includeExcluded: false, includeLate: false }

/** Reads the rules from a query string: `excluded=include` and `late=include` count those too. */
export function parseInclusion(query: Record<string, unknown>): InclusionRules {
  return { includeExcluded: query.excluded === 'include', includeLate: query.late === 'include' }
}

/** The query string that keeps non-default rules across links, without a leading `?` or `&`. */
export function inclusionQuery(rules: InclusionRules): string {
  const params = new URLSearchParams()
  if (rules.includeExcluded) params.set('excluded', 'include')
  if (rules.includeLate) params.set('late', 'include')
  return params.toString()
}

/** The footnote stating which responses a table counts. */
export function describeInclusion(rules: InclusionRules): string {
  const parts = [
    t(rules.includeExcluded ? 'analysis.inclusion.excludedIn' : 'analysis.inclusion.excludedOut'),
    t(rules.includeLate ? 'analysis.inclusion.lateIn' : 'analysis.inclusion.lateOut'),
    t('analysis.inclusion.duplicatesNotFlagged'),
  ]
  return parts.join(' ')
}
