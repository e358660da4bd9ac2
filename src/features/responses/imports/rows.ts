import { createHash } from 'node:crypto'
import type { ImportProblem } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  hasIdentity,
  type IdentityField,
  identityFields,
  parseIdentity,
  type RespondentIdentity,
} from '../../../platform/identity/identity-fields.js'
import {
  allQuestions,
  choicesOf,
  type Question,
  type QuestionnaireDefinition,
} from '../../../questionnaire/definition.js'
import { type Answers, answerField, checkSubmission, errorKey, partField } from '../answer-validation.js'
import type { SheetRow } from './reader.js'

// Turning rows of an import file into answers: which column answers which question, and the same
// checks as the online form, each problem named by row and column heading.

export interface ImportMapping {
  /**
   * Column heading → question key, or an identity field as `identity:name` (email, phone,
   * postcode): the printed form's contact box, kept apart from the answers. Headings not listed
   * are ignored.
   */
  columns: Record<string, string>
  /** The heading of a column that identifies each row (such as a paper form's number), if any. */
  idColumn: string | null
}

interface MappedColumn {
  index: number
  heading: string
  question: Question
  /** Option value by its value or its label, in lower case, for questions with fixed answers. */
  choices: Map<string, string> | undefined
  /** The options as a problem lists them. */
  optionList: string
  /** The form field the answer goes in; a date's go in day, month and year, a ranking's in each option's. */
  field: string
  dateFields: { day: string; month: string; year: string }
}

/** The mapping's target for each identity field, as a column's value in `ImportMapping.columns`. */
export const identityTargets = Object.fromEntries(identityFields.map((f) => [f, `identity:${f}`])) as Record<
  IdentityField,
  string
>
const identityOf = new Map(identityFields.map((f) => [identityTargets[f], f]))

export interface ColumnPlan {
  definition: QuestionnaireDefinition
  headings: string[]
  columns: MappedColumn[]
  /** Columns of the contact box, by identity field. */
  identity: { field: IdentityField; index: number; heading: string }[]
  idIndex: number | undefined
  /** Which column an error from the form checks belongs to, by the error's key. */
  byErrorKey: Map<string, string>
}

export const maxRowKeyLength = 200

const problem = (row: number | null, column: string | null, key: string, params = {}): ImportProblem => ({
  row,
  column,
  problem: t(key, params),
})

const identityHeadings: [RegExp, IdentityField][] = [
  [/^(full )?name$/i, 'name'],
  [/^e-?mail( address)?$/i, 'email'],
  [/^(tele)?phone( number)?$|^mobile$/i, 'phone'],
  [/^post ?code$/i, 'postcode'],
]

function identityHeading(heading: string): string | undefined {
  const found = identityHeadings.find(([pattern]) => pattern.test(heading.trim()))
  return found && identityTargets[found[1]]
}

/** Matches headings to questions by key or title (and contact headings to identity), for a first mapping the person then checks. */
export function suggestMapping(
  headings: readonly string[],
  definition: QuestionnaireDefinition,
): ImportMapping {
  const byName = new Map<string, string>()
  for (const q of allQuestions(definition)) {
    byName.set(q.key.toLowerCase(), q.key)
    byName.set(q.title.trim().toLowerCase(), q.key)
  }
  const columns: Record<string, string> = {}
  for (const heading of headings) {
    const key = byName.get(heading.trim().toLowerCase()) ?? identityHeading(heading)
    if (key && !Object.values(columns).includes(key)) columns[heading] = key
  }
  const idColumn = headings.find((h) => /^(id|ref|reference|form number|row id)$/i.test(h.trim())) ?? null
  return { columns, idColumn }
}

/** Checks the heading row against the mapping; every problem found is listed, against row 1. */
export function planColumns(
  headingRow: SheetRow,
  mapping: ImportMapping,
  definition: QuestionnaireDefinition,
): { ok: true; plan: ColumnPlan } | { ok: false; problems: ImportProblem[] } {
  const headings = headingRow.cells.map((c) => c.trim())
  const problems: ImportProblem[] = []
  const questions = new Map(allQuestions(definition).map((q) => [q.key, q]))
  const indexOf = new Map<string, number>()
  headings.forEach((heading, index) => {
    if (heading === '') return
    if (indexOf.has(heading)) problems.push(problem(headingRow.row, heading, 'import.problem.headingTwice'))
    else indexOf.set(heading, index)
  })
  const columns: MappedColumn[] = []
  const identity: ColumnPlan['identity'] = []
  const mappedKeys = new Set<string>()
  for (const [heading, key] of Object.entries(mapping.columns)) {
    if (key === '') continue
    const index = indexOf.get(heading)
    const question = questions.get(key)
    const identityField = identityOf.get(key)
    if (index === undefined) problems.push(problem(headingRow.row, heading, 'import.problem.headingMissing'))
    else if (identityField) {
      if (identity.some((c) => c.field === identityField))
        problems.push(problem(headingRow.row, heading, 'import.problem.identityTwice'))
      else identity.push({ field: identityField, index, heading })
    } else if (!question)
      problems.push(problem(headingRow.row, heading, 'import.problem.questionUnknown', { key }))
    else if (mappedKeys.has(key))
      problems.push(
        problem(headingRow.row, heading, 'import.problem.questionTwice', { title: question.title }),
      )
    else {
      mappedKeys.add(key)
      const choices = choicesOf(question)
      columns.push({
        index,
        heading,
        question,
        choices: choices
          ? new Map(
              choices.flatMap((c) => [
                [c.label.trim().toLowerCase(), c.value],
                [c.value.toLowerCase(), c.value],
              ]),
            )
          : undefined,
        optionList: [...new Set(choices?.map((c) => c.value))].join(', '),
        field: answerField(key),
        dateFields: {
          day: partField(key, 'day'),
          month: partField(key, 'month'),
          year: partField(key, 'year'),
        },
      })
    }
  }
  for (const q of questions.values()) {
    if (q.required && !q.showIf && !mappedKeys.has(q.key))
      problems.push(problem(headingRow.row, null, 'import.problem.requiredUnmapped', { title: q.title }))
  }
  let idIndex: number | undefined
  if (mapping.idColumn) {
    idIndex = indexOf.get(mapping.idColumn)
    if (idIndex === undefined)
      problems.push(problem(headingRow.row, mapping.idColumn, 'import.problem.headingMissing'))
  }
  if (columns.length === 0 && identity.length === 0 && problems.length === 0)
    problems.push(problem(headingRow.row, null, 'import.problem.nothingMapped'))
  if (problems.length > 0) return { ok: false, problems }
  const byErrorKey = new Map(columns.map((c) => [errorKey(c.question), c.heading]))
  return { ok: true, plan: { definition, headings, columns, identity, idIndex, byErrorKey } }
}

export type RowResult =
  | {
      ok: true
      answers: Answers
      /** The contact box, when the row gives any of it. */
      identity: RespondentIdentity | null
      rowKey: string
      formulaLike: number
    }
  | { ok: false; problems: ImportProblem[] }

const listSeparator = /\s*[;|\n]\s*/
const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const ukDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
/** What a spreadsheet would run as a formula if the text were opened in one. */
export const formulaLike = /^[=+\-@\t\r]/

const notAnOption = (row: number, column: MappedColumn, value: string) =>
  problem(row, column.heading, 'import.problem.notAnOption', { value, options: column.optionList })

/** One row's cells as the form fields the online form would send, or the problems with its cells. */
function asFormBody(
  plan: ColumnPlan,
  sheetRow: SheetRow,
  problems: ImportProblem[],
): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {}
  for (const column of plan.columns) {
    const cell = (sheetRow.cells[column.index] ?? '').trim()
    const q = column.question
    if (q.type === 'multiple_choice' || q.type === 'ranking') {
      const known: string[] = []
      if (cell !== '') {
        for (const given of cell.split(listSeparator)) {
          const value = column.choices?.get(given.toLowerCase())
          if (value === undefined) problems.push(notAnOption(sheetRow.row, column, given))
          else known.push(value)
        }
      }
      if (q.type === 'ranking') {
        for (let i = 0; i < known.length; i++) body[partField(q.key, known[i] as string)] = String(i + 1)
      } else body[column.field] = known
    } else if (q.type === 'date') {
      const iso = isoDate.exec(cell)
      const uk = iso ? null : ukDate.exec(cell)
      if (cell !== '' && !iso && !uk)
        problems.push(problem(sheetRow.row, column.heading, 'import.problem.dateFormat'))
      body[column.dateFields.day] = (iso ? iso[3] : uk?.[1]) ?? ''
      body[column.dateFields.month] = (iso ? iso[2] : uk?.[2]) ?? ''
      body[column.dateFields.year] = (iso ? iso[1] : uk?.[3]) ?? ''
    } else if (column.choices) {
      const value = cell === '' ? '' : column.choices.get(cell.toLowerCase())
      if (value === undefined) problems.push(notAnOption(sheetRow.row, column, cell))
      body[column.field] = value ?? ''
    } else body[column.field] = sheetRow.cells[column.index] ?? ''
  }
  return body
}

function rowKeyOf(plan: ColumnPlan, sheetRow: SheetRow, problems: ImportProblem[]): string {
  if (plan.idIndex !== undefined) {
    const heading = plan.headings[plan.idIndex] ?? null
    const id = (sheetRow.cells[plan.idIndex] ?? '').trim()
    if (id === '') problems.push(problem(sheetRow.row, heading, 'import.problem.idMissing'))
    else if (id.length > maxRowKeyLength)
      problems.push(problem(sheetRow.row, heading, 'import.problem.idTooLong', { max: maxRowKeyLength }))
    return `id:${id}`
  }
  // Without an ID column, a row is known by what it says: the same answers again are the same row.
  const hash = createHash('sha256')
  for (const column of [...plan.columns, ...plan.identity])
    hash.update(`${(sheetRow.cells[column.index] ?? '').trim()}\u0000`)
  return `sha256:${hash.digest('hex')}`
}

/** Checks one row against the questionnaire, as the online form would; problems name the row and column. */
export function convertRow(plan: ColumnPlan, sheetRow: SheetRow): RowResult {
  const problems: ImportProblem[] = []
  const extra =
    sheetRow.cells.length > plan.headings.length &&
    sheetRow.cells.slice(plan.headings.length).some((c) => c.trim() !== '')
  if (extra) {
    problems.push(
      problem(sheetRow.row, null, 'import.problem.tooManyCells', {
        cells: sheetRow.cells.length,
        headings: plan.headings.length,
      }),
    )
  }
  const body = asFormBody(plan, sheetRow, problems)
  const given = parseIdentity(
    Object.fromEntries(plan.identity.map((c) => [c.field, sheetRow.cells[c.index] ?? ''])),
  )
  for (const c of plan.identity) {
    const error = given.errors[c.field]
    if (error) problems.push({ row: sheetRow.row, column: c.heading, problem: error })
  }
  const rowKey = rowKeyOf(plan, sheetRow, problems)
  if (problems.length > 0) return { ok: false, problems }
  const check = checkSubmission(plan.definition, body)
  if (!check.ok) {
    return {
      ok: false,
      problems: Object.entries(check.errors).map(([key, message]) => ({
        row: sheetRow.row,
        column: plan.byErrorKey.get(key) ?? null,
        problem: message,
      })),
    }
  }
  let formulas = 0
  for (const column of plan.columns) {
    const value = check.answers[column.question.key]
    if (column.question.type === 'free_text' && typeof value === 'string' && formulaLike.test(value))
      formulas++
  }
  return {
    ok: true,
    answers: check.answers,
    identity: hasIdentity(given.identity) ? given.identity : null,
    rowKey,
    formulaLike: formulas,
  }
}
