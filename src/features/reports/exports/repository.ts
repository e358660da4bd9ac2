import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { ExportColumn, ExportedResponse } from './columns.js'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * One batch of a consultation's responses after `afterReference`, in reference order: a keyset read
 * on responses (consultation_id, reference), so each batch costs the same however far in it is.
 */
export async function readResponseBatch(
  db: Kysely<Database>,
  consultationId: string,
  afterReference: string | null,
  limit: number,
  withContacts: boolean,
): Promise<ExportedResponse[]> {
  let query = db
    .selectFrom('responses as r')
    .leftJoin('organisations as o', 'o.id', 'r.partner_organisation_id')
    .leftJoin('events as e', 'e.id', 'r.event_id')
    .select([
      'r.reference',
      'r.channel',
      'r.status',
      'r.answers',
      'r.submitted_at',
      'r.received_at',
      'r.late',
      'r.late_decision',
      'r.late_decision_reason',
      'r.exclusion_reason',
      'r.responding_for',
      'o.name as partner_organisation',
      'e.title as event',
    ])
    .where('r.consultation_id', '=', consultationId)
    .orderBy('r.reference')
    .limit(limit)
  if (afterReference !== null) query = query.where('r.reference', '>', afterReference)
  if (!withContacts) return query.execute()
  return query
    .leftJoin('respondent_contacts as c', 'c.response_id', 'r.id')
    .select([
      'c.name as contact_name',
      'c.email as contact_email',
      'c.phone as contact_phone',
      'c.postcode as contact_postcode',
      'c.consent_to_contact',
    ])
    .execute()
}

/**
 * `COPY (select …) TO STDOUT` of every response's cells as CSV, in reference order, for the
 * database to write the export itself. COPY takes no parameters, so the id goes in as a literal,
 * after checking it is a uuid.
 */
export function responsesCopyStatement(
  db: Kysely<Database>,
  consultationId: string,
  columns: readonly ExportColumn[],
  withContacts: boolean,
): string {
  if (!uuidPattern.test(consultationId)) throw new Error(`Not a consultation id: ${consultationId}`)
  const compiled = sql`copy (
    select ${sql.join(columns.map((c) => c.sql))}
    from responses r
    left join organisations o on o.id = r.partner_organisation_id
    left join events e on e.id = r.event_id
    ${withContacts ? sql`left join respondent_contacts c on c.response_id = r.id` : sql``}
    where r.consultation_id = ${sql.lit(consultationId)}
    order by r.reference
  ) to stdout with (format csv)`.compile(db)
  if (compiled.parameters.length > 0) throw new Error('A COPY statement cannot take parameters')
  return compiled.sql
}
