import type { AnswerValue, ResponseChannel } from '../../platform/db/schema.js'
import type { PeopleEstimate } from './duplicates/duplicates.js'
import type { ProfileQuestion } from './profile/profile.js'
import type { FigureRow, ProfileFilter } from './repository.js'

// The figures a detection run stores, and the counts a page's filter picks out of them: sums of
// stored cells, so a page reads one row and no response.

export interface StoredFigures {
  /** The profile questions as the run found them, so the tables keep the titles they were counted under. */
  questions: ProfileQuestion[]
  /** The partners that collected counted responses, for the filter and the partner table. */
  partners: { id: string; name: string }[]
  rows: FigureRow[]
  estimate: PeopleEstimate
}

const inFilter = (row: FigureRow, filter: ProfileFilter) =>
  (!filter.channel || row.channel === filter.channel) &&
  (!filter.partnerId || row.partner_id === filter.partnerId) &&
  (!filter.withoutRepeats || row.repeat !== true)

/** The answers and totals by channel and partner that the filter picks, as a live count would give them. */
export function countedFrom(figures: StoredFigures, filter: ProfileFilter) {
  const names = new Map(figures.partners.map((p) => [p.id, p.name]))
  const answers: { key: string; value: AnswerValue | null; n: number }[] = []
  const channels: { channel: ResponseChannel; partner: string | null; n: number }[] = []
  for (const row of figures.rows) {
    if (!inFilter(row, filter)) continue
    if (row.kind === 'answer' && row.key !== null) answers.push({ key: row.key, value: row.value, n: row.n })
    else if (row.kind === 'total')
      channels.push({
        channel: row.channel,
        partner: row.partner_id ? (names.get(row.partner_id) ?? null) : null,
        n: row.n,
      })
  }
  return { answers, channels }
}

/** Respondents by area and answer that the filter picks. */
export function areasFrom(figures: StoredFigures, filter: ProfileFilter) {
  return figures.rows.flatMap((row) =>
    row.kind === 'area' && row.key !== null && inFilter(row, filter)
      ? [{ area: row.area, key: row.key, value: typeof row.value === 'string' ? row.value : null, n: row.n }]
      : [],
  )
}
