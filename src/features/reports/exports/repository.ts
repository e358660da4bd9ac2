import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { type CellKind, csvCellSql, type ExportColumn, type ExportedResponse } from './columns.js'
import { columnLetter } from './xlsx-package.js'

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

// Text as a spreadsheet cell's XML: the characters XML 1.0 cannot hold dropped (as exceljs does),
// the three it must escape, and as references a carriage return (which a reader would otherwise
// read as a line feed), and line feeds, tabs and backslashes, so that a row is one line that COPY's
// text format passes through unchanged.
const xmlText = (text: RawBuilder<unknown>) =>
  sql`replace(replace(replace(replace(replace(replace(replace(translate(${text}, ${sql.lit(controlCharacters)}, ''),
    '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#13;'), chr(10), '&#10;'), chr(9), '&#9;'), chr(92), '&#92;')`
const controlCharacters = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1))
  .filter((c) => c !== '\t' && c !== '\n' && c !== '\r')
  .join('')

/**
 * Each cell's text worked out once a row, in a subquery kept apart (`offset 0`) so the cell
 * expressions that read it several times do not repeat the work.
 */
function cellValues(columns: readonly ExportColumn[], asXml: boolean) {
  return sql`cross join lateral (select ${sql.join(
    columns.flatMap((c, i) => [
      // A row's position is counted over the rows, so outside this one-row subquery.
      c.sql.kind === 'position'
        ? sql`null as ${sql.ref(`t${i}`)}`
        : sql`${asXml && c.sql.kind !== 'code' ? xmlText(c.sql.text) : c.sql.text} as ${sql.ref(`t${i}`)}`,
      ...(c.sql.json ? [sql`${c.sql.json} as ${sql.ref(`j${i}`)}`] : []),
    ]),
  )} offset 0) x`
}

const startsOrEndsWithSpace = (v: RawBuilder<unknown>) =>
  sql`(left(${v}, 1) in (' ', chr(9), chr(10), chr(13)) or right(${v}, 1) in (' ', chr(9), chr(10), chr(13)))`

/** One cell's XML, or nothing when it is empty; `rowNumber` is the sheet row's number in SQL. */
function xlsxCellSql(
  kind: CellKind,
  index: number,
  letter: string,
  rowNumber: RawBuilder<unknown>,
  position: RawBuilder<unknown>,
) {
  const v = sql.ref(`x.t${index}`)
  const at = sql`${sql.lit(`<c r="${letter}`)} || ${rowNumber}`
  // Only text that starts or ends with a space needs xml:space; leaving it off the rest keeps a
  // million rows' XML a fifth smaller.
  const inline = sql`${at} || case when ${startsOrEndsWithSpace(v)} then '" t="inlineStr"><is><t xml:space="preserve">'
      else '" t="inlineStr"><is><t>' end || ${v} || '</t></is></c>'`
  if (kind === 'position') return sql`${at} || '"><v>' || ${position} || '</v></c>'`
  if (kind === 'truth')
    return sql`${at} || '" t="b"><v>' || case ${v} when 'true' then '1' when 'false' then '0' end || '</v></c>'`
  if (kind === 'answer') {
    const json = sql.ref(`x.j${index}`)
    return sql`case when jsonb_typeof(${json}) = 'number'
      then ${at} || '"><v>' || (${json} #>> '{}') || '</v></c>' else ${inline} end`
  }
  return inline
}

/**
 * One batch of the responses sheet's rows as XML, after `afterReference`, in reference order:
 * the database writes the cells (concat leaves an empty cell out), so a row costs no work here.
 * `firstRow` is the sheet row of the first response (the header is row 1).
 */
export async function readSheetRows(
  db: Kysely<Database>,
  consultationId: string,
  afterReference: string | null,
  limit: number,
  firstRow: number,
  columns: readonly ExportColumn[],
  withContacts: boolean,
): Promise<{ reference: string; xml: string }[]> {
  const position = sql`b.n + ${sql.lit(firstRow - 2)}`
  const rowNumber = sql`(b.n + ${sql.lit(firstRow - 1)})`
  const cells = columns.map((c, i) => xlsxCellSql(c.sql.kind, i, columnLetter(i), rowNumber, position))
  // The page is chosen and numbered first, so the numbering covers this batch alone.
  const result = await sql<{ reference: string; xml: string }>`
    with page as (
      select p.id, p.reference, row_number() over (order by p.reference) as n
      from (
        select id, reference from responses
        where consultation_id = ${consultationId}
          ${afterReference === null ? sql`` : sql`and reference > ${afterReference}`}
        order by reference
        limit ${limit}
      ) p
    )
    select b.reference, '<row r="' || ${rowNumber} || '">' || concat(${sql.join(cells)}) || '</row>' as xml
    from page b join responses r on r.id = b.id
    left join organisations o on o.id = r.partner_organisation_id
    left join events e on e.id = r.event_id
    ${withContacts ? sql`left join respondent_contacts c on c.response_id = r.id` : sql``}
    ${cellValues(columns, true)}
    order by b.reference
  `.execute(db)
  return result.rows
}

/**
 * `COPY (select …) TO STDOUT` of the responses sheet's rows as XML, a line each, in reference
 * order (the header is row 1), for the database to write the XLSX's rows itself.
 */
export function sheetCopyStatement(
  db: Kysely<Database>,
  consultationId: string,
  columns: readonly ExportColumn[],
  withContacts: boolean,
): string {
  const id = consultationLiteral(consultationId)
  const rowNumber = sql`(b.n + 1)`
  const cells = columns.map((c, i) => xlsxCellSql(c.sql.kind, i, columnLetter(i), rowNumber, sql`b.n`))
  return copySql(
    db,
    sql`copy (
    select '<row r="' || ${rowNumber} || '">' || concat(${sql.join(cells)}) || '</row>'
    from (
      select id, reference, row_number() over (order by reference) as n
      from responses where consultation_id = ${id}
    ) b
    join responses r on r.id = b.id
    left join organisations o on o.id = r.partner_organisation_id
    left join events e on e.id = r.event_id
    ${withContacts ? sql`left join respondent_contacts c on c.response_id = r.id` : sql``}
    ${cellValues(columns, true)}
    order by b.reference
  ) to stdout`,
  )
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
  const id = consultationLiteral(consultationId)
  return copySql(
    db,
    sql`copy (
    select ${sql.join(columns.map((c, i) => (c.sql.kind === 'position' ? c.sql.text : csvCellSql(c.sql.kind, sql.ref(`x.t${i}`)))))}
    ${joined(withContacts)}
    ${cellValues(columns, false)}
    where r.consultation_id = ${id}
    order by r.reference
  ) to stdout with (format csv)`,
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
