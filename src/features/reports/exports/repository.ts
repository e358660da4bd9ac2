import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { csvCellSql, type ExportColumn, type ExportedResponse } from './columns.js'

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

const joined = (withContacts: boolean) => sql`from responses r
    left join organisations o on o.id = r.partner_organisation_id
    left join events e on e.id = r.event_id
    ${withContacts ? sql`left join respondent_contacts c on c.response_id = r.id` : sql``}`

/**
 * Each cell's text worked out once a row, in a subquery kept apart (`offset 0`) so the cell
 * expressions that read it several times do not repeat the work.
 */
function cellValues(columns: readonly ExportColumn[]) {
  return sql`cross join lateral (select ${sql.join(
    columns.flatMap((c, i) => [
      // A row's position is counted over the rows, so outside this one-row subquery.
      c.sql.kind === 'position'
        ? sql`null as ${sql.ref(`t${i}`)}`
        : sql`${c.sql.text} as ${sql.ref(`t${i}`)}`,
      ...(c.sql.json ? [sql`${c.sql.json} as ${sql.ref(`j${i}`)}`] : []),
    ]),
  )} offset 0) x`
}

/**
 * A cell as the sheet's rows are built from it (`SheetCells`): its text, an answer's with `n`
 * before a number and `s` before text, so that the sheet keeps numbers as numbers. A position is
 * counted as the rows are written.
 */
function sheetCellSql(column: ExportColumn, index: number) {
  if (column.sql.kind === 'position') return sql`null`
  const text = sql.ref(`x.t${index}`)
  if (column.sql.kind !== 'answer') return text
  return sql`case jsonb_typeof(${sql.ref(`x.j${index}`)}) when 'number' then 'n' else 's' end || ${text}`
}

/**
 * One batch of the responses sheet's cells after `afterReference`, in reference order, for a
 * database that cannot stream a COPY (PGlite).
 */
export async function readSheetCells(
  db: Kysely<Database>,
  consultationId: string,
  afterReference: string | null,
  limit: number,
  columns: readonly ExportColumn[],
  withContacts: boolean,
): Promise<{ reference: string; cells: (string | null)[] }[]> {
  // The page is chosen first, so the cells are worked out for its rows alone.
  const result = await sql<{ reference: string; cells: (string | null)[] }>`
    select r.reference, array[${sql.join(columns.map(sheetCellSql))}]::text[] as cells
    from (
      select id from responses
      where consultation_id = ${consultationId}
        ${afterReference === null ? sql`` : sql`and reference > ${afterReference}`}
      order by reference
      limit ${limit}
    ) p
    join responses r on r.id = p.id
    left join organisations o on o.id = r.partner_organisation_id
    left join events e on e.id = r.event_id
    ${withContacts ? sql`left join respondent_contacts c on c.response_id = r.id` : sql``}
    ${cellValues(columns)}
    order by r.reference
  `.execute(db)
  return result.rows
}

/**
 * `COPY (select …) TO STDOUT` of the responses sheet's cells in its text format, a row a line,
 * in reference order.
 */
export function sheetCopyStatement(
  db: Kysely<Database>,
  consultationId: string,
  columns: readonly ExportColumn[],
  withContacts: boolean,
): string {
  return copyOfCells(db, consultationId, columns, withContacts, sql.join(columns.map(sheetCellSql)), sql``)
}

/**
 * `COPY (select …) TO STDOUT` of every response's cells as CSV, in reference order, for the
 * database to write the export itself.
 */
export function responsesCopyStatement(
  db: Kysely<Database>,
  consultationId: string,
  columns: readonly ExportColumn[],
  withContacts: boolean,
): string {
  const cells = sql.join(
    columns.map((c, i) =>
      c.sql.kind === 'position' ? c.sql.text : csvCellSql(c.sql.kind, sql.ref(`x.t${i}`)),
    ),
  )
  return copyOfCells(db, consultationId, columns, withContacts, cells, sql`with (format csv)`)
}

/** The COPY both exports make: the given cells of every response, in reference order. */
function copyOfCells(
  db: Kysely<Database>,
  consultationId: string,
  columns: readonly ExportColumn[],
  withContacts: boolean,
  cells: RawBuilder<unknown>,
  format: RawBuilder<unknown>,
): string {
  const id = consultationLiteral(consultationId)
  return copySql(
    db,
    sql`copy (
    select ${cells}
    ${joined(withContacts)}
    ${cellValues(columns)}
    where r.consultation_id = ${id}
    order by r.reference
  ) to stdout ${format}`,
  )
}

/** COPY takes no parameters, so the consultation's id goes in as a literal, once it is known to be a uuid. */
function consultationLiteral(consultationId: string) {
  if (!uuidPattern.test(consultationId)) throw new Error(`Not a consultation id: ${consultationId}`)
  return sql.lit(consultationId)
}

function copySql(db: Kysely<Database>, statement: RawBuilder<unknown>): string {
  const compiled = statement.compile(db)
  if (compiled.parameters.length > 0) throw new Error('A COPY statement cannot take parameters')
  return compiled.sql
}
