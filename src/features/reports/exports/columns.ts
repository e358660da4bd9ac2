import type { AnswerValue } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import type { Question } from '../../../questionnaire/definition.js'

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
}

export type NotCountedReason = 'excluded' | 'late_refused' | 'late_undecided'

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

function column(name: string, cell: ExportColumn['cell']): ExportColumn {
  return { name, about: t(`exports.columns.${name}`), cell }
}

function responseColumns(variant: ExportVariant): ExportColumn[] {
  const open = variant === 'open-data'
  return [
    open ? column('row', (_row, position) => position) : column('reference', (row) => row.reference),
    column('channel', (row) => row.channel),
    column('status', (row) => row.status),
    column('counted', (row) => notCountedBecause(row) === null),
    column('not_counted_because', (row) => notCountedBecause(row)),
    open
      ? column('submitted_on', (row) => isoDay(row.submitted_at))
      : column('submitted_at', (row) => row.submitted_at.toISOString()),
    ...(open ? [] : [column('received_at', (row) => row.received_at.toISOString())]),
    column('late', (row) => row.late),
    column('late_decision', (row) => row.late_decision),
    ...(open
      ? []
      : [
          column('late_decision_reason', (row) => row.late_decision_reason),
          column('exclusion_reason', (row) => row.exclusion_reason),
        ]),
    column('responding_for', (row) => row.responding_for),
    column('partner_organisation', (row) => row.partner_organisation),
    column('event', (row) => row.event),
  ]
}

const contactColumns: ExportColumn[] = [
  column('contact_name', (row) => row.contact_name ?? null),
  column('contact_email', (row) => row.contact_email ?? null),
  column('contact_phone', (row) => row.contact_phone ?? null),
  column('contact_postcode', (row) => row.contact_postcode ?? null),
  column('consent_to_contact', (row) => row.consent_to_contact ?? null),
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
  }))
  const contacts = withContacts && variant === 'analysis' ? contactColumns : []
  return [...responseColumns(variant), ...answers, ...contacts]
}
