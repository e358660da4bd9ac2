import type { DraftSection, Evidence, EvidenceBasis } from './model.js'
import { holdsPlaceholder } from './sections.js'

// Why a draft may not be approved yet. Pure: the draft and the analysis as it stands now in, the
// reasons out, so each refusal is tested without a database.

export type Refusal =
  | { reason: 'no_evidence' }
  | { reason: 'stale_evidence'; changed: (keyof EvidenceBasis)[] }
  | { reason: 'unreviewed_quote'; reference: string }
  | { reason: 'placeholder'; heading: string }

export function refusalsOf(
  sections: readonly DraftSection[],
  evidence: Evidence | null,
  current: EvidenceBasis,
): Refusal[] {
  const refusals: Refusal[] = []
  if (!evidence) refusals.push({ reason: 'no_evidence' })
  else {
    const changed = (Object.keys(current) as (keyof EvidenceBasis)[]).filter(
      (key) => current[key] !== evidence.basis[key],
    )
    if (changed.length > 0) refusals.push({ reason: 'stale_evidence', changed })
    const quotesShown = sections.some((s) => s.included && s.kind === 'themes')
    if (quotesShown)
      for (const quote of evidence.quotes)
        if (!quote.reviewed) refusals.push({ reason: 'unreviewed_quote', reference: quote.reference })
  }
  for (const section of sections)
    if (holdsPlaceholder(section)) refusals.push({ reason: 'placeholder', heading: section.heading })
  return refusals
}
