import { type RawBuilder, sql } from 'kysely'
import { type AnswerValue, responseChannels } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { choicesOf, type Question } from '../../../questionnaire/definition.js'

/**
 * The two kinds of export. `analysis` is every answer as given, for staff; `open-data` is for
 * publishing: free text and postcodes are left out rather than redacted (see
 * docs/guide/exporting-responses.md for why), as are staff notes and receipt references.
 */
export const exportVariants = ['analysis', 'open-data'] as const
export type ExportVariant = (typeof exportVariants)[number]

export const exportFormats = ['csv', 'xlsx', 'jsonl'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** One response as the export reads it, with its contact details when they were asked for. */
export interface ExportedResponse {
  reference: string
  channel: string
  status: 'submitted' | 'excluded'
  answers: Record<string, AnswerValue>
  submitted_at: Date
  received_at: Date
  late: boolean
  late_decision: 'admitted' | 'refused' | null
  late_decision_reason: string | null
  exclusion_reason: string | null
  responding_for: string | null
  partner_organisation: string | null
  event: string | null
  contact_name?: string | null
  contact_email?: string | null
  contact_phone?: string | null
  contact_postcode?: string | null
  consent_to_contact?: boolean | null
}

export type Cell = string | number | boolean | null

export interface ExportColumn {
  /** The heading: a stable name that scripts can rely on, in snake_case. */
  name: string
  /** What the column holds, in words, for the README sheet. */
  about: string
  cell(row: ExportedResponse, position: number): Cell
  /**
   * The same cell in SQL, for exports the database writes itself: as text (null for an empty
   * cell), over `responses r`, `organisations o`, `events e` and `respondent_contacts c`.
   */
  sql: CellSql
  /** The few texts the column repeats (codes, choices), which an XLSX keeps once each. */
  shared?: readonly string[]
}

/**
 * What a cell holds, which decides how the database writes it: `code` is text of the system's
 * own, `text` what people wrote (formula-safe in CSV), `truth` true or false, `position` the
 * row's number, `answer` a stored answer (a number stays a number in XLSX).
 */
export type CellKind = 'code' | 'text' | 'truth' | 'position' | 'answer'

export interface CellSql {
  kind: CellKind
  text: RawBuilder<unknown>
  /** For an answer: its stored JSON value. */
  json?: RawBuilder<unknown>
}

const notCountedReasons = ['excluded', 'late_refused', 'late_undecided'] as const
export type NotCountedReason = (typeof notCountedReasons)[number]
const responseStatuses = ['submitted', 'excluded'] as const satisfies readonly ExportedResponse['status'][]
const lateDecisions = ['admitted', 'refused'] as const satisfies readonly ExportedResponse['late_decision'][]

/**
 * The product's one definition of a counted response: not excluded by staff, and not late unless a
 * manager admitted it. Repeats and campaign responses are counted here; the Results pages may
 * leave them out by their own settings, which are stated under each table.
 */
export function notCountedBecause(row: Pick<ExportedResponse, 'status' | 'late' | 'late_decision'>) {
  if (row.status === 'excluded') return 'excluded' satisfies NotCountedReason
  if (row.late && row.late_decision === 'refused') return 'late_refused' satisfies NotCountedReason
  if (row.late && row.late_decision !== 'admitted') return 'late_undecided' satisfies NotCountedReason
  return null
}

/** A stored answer as one cell: lists (several choices, a ranking) joined in their order. */
export function answerCell(value: AnswerValue | undefined): Cell {
  if (value === undefined) return null
  if (Array.isArray(value)) return value.join('; ')
  return value
}

const isoDay = (at: Date) => at.toISOString().slice(0, 10)

// Left out of open data: what people wrote in their own words, and a postcode, which with the
// other answers can single someone out.
const personalQuestionTypes = new Set<Question['type']>(['free_text', 'postcode'])

function column(
  name: string,
  cell: ExportColumn['cell'],
  kind: CellKind,
  text: RawBuilder<unknown>,
  shared?: readonly string[],
): ExportColumn {
  return {
    name,
    about: t(`exports.columns.${name}`),
    cell,
    sql: { kind, text },
    ...(shared ? { shared } : {}),
  }
}

// The SQL side of the cells: JavaScript's String() of booleans and toISOString() of times, and
// empty text as null (so COPY writes it unquoted, as the CSV library does).
const truth = (expression: RawBuilder<unknown>) =>
  sql`case when ${expression} then 'true' when not ${expression} then 'false' end`
const isoTime = (expression: RawBuilder<unknown>) =>
  sql`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const someText = (expression: RawBuilder<unknown>) => sql`nullif(${expression}, '')`

/**
 * neutraliseFormula in SQL, for the cells of a CSV that people's text may start. `text` is a
 * column of the row (it is read several times).
 */
const safeText = (text: RawBuilder<unknown>) =>
  sql`case when left(${text}, 1) in ('-', '=', '+', '@', chr(9), chr(13))
    and ${text} !~ '^[+-]?[0-9]+([.][0-9]+)?%?$' then '''' || ${text} else ${text} end`

/** A column's cell as CSV text in SQL, from its text already worked out as `text`. */
export function csvCellSql(kind: CellKind, text: RawBuilder<unknown>): RawBuilder<unknown> {
  return kind === 'text' || kind === 'answer' ? safeText(text) : text
}
const notCountedSql = sql`case when r.status = 'excluded' then 'excluded'
  when r.late and r.late_decision = 'refused' then 'late_refused'
  when r.late and r.late_decision is distinct from 'admitted' then 'late_undecided' end`

/** A stored answer as text, as `answerCell` gives it: lists joined with "; " in their order. */
const answerSql = (key: string): CellSql => {
  const value = sql`r.answers -> ${sql.lit(key)}`
  const text = someText(sql`case jsonb_typeof(${value})
    when 'array' then (select string_agg(x, '; ' order by i) from jsonb_array_elements_text(${value}) with ordinality as a(x, i))
    when 'null' then null
    else ${value} #>> '{}' end`)
  return { kind: 'answer', text, json: value }
}

function responseColumns(variant: ExportVariant): ExportColumn[] {
  const open = variant === 'open-data'
  return [
    open
      ? column(
          'row',
          (_row, position) => position,
          'position',
          sql`(row_number() over (order by r.reference))::text`,
        )
      : column('reference', (row) => row.reference, 'code', sql`r.reference`),
    column('channel', (row) => row.channel, 'code', sql`r.channel`, responseChannels),
    column('status', (row) => row.status, 'code', sql`r.status`, responseStatuses),
    column(
      'counted',
      (row) => notCountedBecause(row) === null,
      'truth',
      sql`case when ${notCountedSql} is null then 'true' else 'false' end`,
    ),
    column('not_counted_because', (row) => notCountedBecause(row), 'code', notCountedSql, notCountedReasons),
    open
      ? column(
          'submitted_on',
          (row) => isoDay(row.submitted_at),
          'code',
          sql`to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD')`,
        )
      : column('submitted_at', (row) => row.submitted_at.toISOString(), 'code', isoTime(sql`r.submitted_at`)),
    ...(open
      ? []
      : [column('received_at', (row) => row.received_at.toISOString(), 'code', isoTime(sql`r.received_at`))]),
    column('late', (row) => row.late, 'truth', truth(sql`r.late`)),
    column('late_decision', (row) => row.late_decision, 'code', sql`r.late_decision`, lateDecisions),
    ...(open
      ? []
      : [
          column(
            'late_decision_reason',
            (row) => row.late_decision_reason,
            'text',
            someText(sql`r.late_decision_reason`),
          ),
          column(
            'exclusion_reason',
            (row) => row.exclusion_reason,
            'text',
            someText(sql`r.exclusion_reason`),
          ),
        ]),
    column('responding_for', (row) => row.responding_for, 'text', someText(sql`r.responding_for`)),
    column('partner_organisation', (row) => row.partner_organisation, 'text', someText(sql`o.name`)),
    column('event', (row) => row.event, 'text', someText(sql`e.title`)),
  ]
}

const contactColumns: ExportColumn[] = [
  column('contact_name', (row) => row.contact_name ?? null, 'text', someText(sql`c.name`)),
  column('contact_email', (row) => row.contact_email ?? null, 'text', someText(sql`c.email`)),
  column('contact_phone', (row) => row.contact_phone ?? null, 'text', someText(sql`c.phone`)),
  column('contact_postcode', (row) => row.contact_postcode ?? null, 'text', someText(sql`c.postcode`)),
  column(
    'consent_to_contact',
    (row) => row.consent_to_contact ?? null,
    'truth',
    truth(sql`c.consent_to_contact`),
  ),
]

/** The columns of an export, in order: the response, each question kept, then contact details if allowed. */
export function exportColumns(
  questions: readonly Question[],
  variant: ExportVariant,
  withContacts: boolean,
): ExportColumn[] {
  const kept =
    variant === 'open-data' ? questions.filter((q) => !personalQuestionTypes.has(q.type)) : questions
  const answers = kept.map((q) => ({
    name: q.key,
    about: q.title,
    cell: (row: ExportedResponse) => answerCell(row.answers[q.key]),
    sql: answerSql(q.key),
    // A rating is stored as a number, so its cells are numbers, not shared text.
    ...(q.type === 'rating' ? {} : { shared: choicesOf(q)?.map((o) => o.value) ?? [] }),
  }))
  const contacts = withContacts && variant === 'analysis' ? contactColumns : []
  return [...responseColumns(variant), ...answers, ...contacts]
}
