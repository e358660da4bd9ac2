import { type Kysely, type RawBuilder, sql } from 'kysely'
import { t } from '../i18n/translate.js'
import type { Database, ResponseChannel, ResponseStanding } from './schema.js'

/** How many of a consultation's responses count, and how many are left out and why. */
export interface CountedSummary {
  counted: number
  /** Counted responses by the channel they came through. */
  countedByChannel: Partial<Record<ResponseChannel, number>>
  leftOut: { excluded: number; lateRefused: number; lateUndecided: number }
  /** Every response received, counted or not. */
  received: number
}

/** The standing of the response aliased `alias` (or of the only table in the query). */
export function standingOf(alias?: string): RawBuilder<ResponseStanding> {
  const column = (name: string) => sql.ref(alias ? `${alias}.${name}` : name)
  return sql<ResponseStanding>`heard_response_standing(${column('status')}, ${column('late')}, ${column('late_decision')})`
}

/**
 * Whether the response aliased `alias` counts, for a `where` clause: the same database function
 * the `response_standings` view uses, so no query writes the rule out again.
 */
export function isCounted(alias: string): RawBuilder<boolean> {
  return sql<boolean>`${standingOf(alias)} = 'counted'`
}

function emptySummary(): CountedSummary {
  return {
    counted: 0,
    countedByChannel: {},
    leftOut: { excluded: 0, lateRefused: 0, lateUndecided: 0 },
    received: 0,
  }
}

function addTo(summary: CountedSummary, standing: ResponseStanding, channel: ResponseChannel, n: number) {
  summary.received += n
  if (standing === 'counted') {
    summary.counted += n
    summary.countedByChannel[channel] = (summary.countedByChannel[channel] ?? 0) + n
  } else if (standing === 'excluded') summary.leftOut.excluded += n
  else if (standing === 'late_refused') summary.leftOut.lateRefused += n
  else summary.leftOut.lateUndecided += n
}

// Read from the totals triggers keep as responses arrive and change (migration 0150), summed over
// their shards and partners: a few dozen rows however many responses there are.
function standingCounts(db: Kysely<Database>) {
  return db
    .selectFrom('response_tallies')
    .select(['consultation_id', 'standing', 'channel', (eb) => eb.fn.sum<string>('n').as('n')])
    .groupBy(['consultation_id', 'standing', 'channel'])
}

/** The counted figure for one consultation, with what was left out and why: a read of its kept totals. */
export async function countedSummary(db: Kysely<Database>, consultationId: string): Promise<CountedSummary> {
  const rows = await standingCounts(db).where('consultation_id', '=', consultationId).execute()
  const summary = emptySummary()
  for (const row of rows) addTo(summary, row.standing, row.channel, Number(row.n))
  return summary
}

/** The counted figure for each of these consultations (none missing: those with no responses read 0). */
export async function countedSummaries(
  db: Kysely<Database>,
  consultationIds: readonly string[],
): Promise<Map<string, CountedSummary>> {
  const summaries = new Map(consultationIds.map((id) => [id, emptySummary()]))
  if (consultationIds.length === 0) return summaries
  const rows = await standingCounts(db).where('consultation_id', 'in', consultationIds).execute()
  for (const row of rows) {
    const summary = summaries.get(row.consultation_id)
    if (summary) addTo(summary, row.standing, row.channel, Number(row.n))
  }
  return summaries
}

/** The sentence that goes with every counted figure: how many were left out, and why. */
export function describeLeftOut(summary: CountedSummary): string {
  const n = (value: number) => value.toLocaleString('en-GB')
  return t('workspace.leftOut', {
    counted: n(summary.counted),
    received: n(summary.received),
    excluded: n(summary.leftOut.excluded),
    lateRefused: n(summary.leftOut.lateRefused),
    lateUndecided: n(summary.leftOut.lateUndecided),
  })
}
