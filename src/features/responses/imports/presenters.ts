import type { ImportProblem, ImportStatus } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { errorList } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { identityFields } from '../../../platform/identity/identity-fields.js'
import type { Question } from '../../../questionnaire/definition.js'
import { questionLabels } from '../../../questionnaire/question-labels.js'
import { type ImportMapping, identityTargets, type RowResult } from './rows.js'

interface ImportRow {
  id: string
  file_name: string
  format: string
  sheet: string | null
  byte_size: string
  status: ImportStatus
  dry_run: boolean
  rows_read: number
  rows_new: number
  rows_already: number
  formula_like: number
  problem_count: number
  problems: ImportProblem[]
  created_at: Date
  finished_at: Date | null
}

const running: readonly ImportStatus[] = ['queued', 'checking', 'importing']

export function presentImport(row: ImportRow) {
  return {
    ...row,
    statusText: t(`import.status.${row.status}`),
    running: running.includes(row.status),
    sizeMb: (Number(row.byte_size) / 1024 / 1024).toFixed(1),
    // As text: the summary list trims a value's text, which fails on a number (and drops a 0).
    rowsAlready: String(row.rows_already),
    problems: row.problems.map((p) => ({ row: p.row ?? '', column: p.column ?? '', problem: p.problem })),
    moreProblems: row.problem_count - row.problems.length,
  }
}

interface Preview {
  headings: string[]
  mapping: ImportMapping
  rows: { row: number; cells: string[]; result: RowResult }[]
  problems: ImportProblem[]
}

/** The mapping form (a select per column) and the first rows as they would be stored. */
export function presentPreview(
  preview: Preview,
  questions: readonly Question[],
  saved: readonly { id: string; name: string }[],
) {
  const labels = questionLabels(questions)
  const columns = preview.headings.map((heading, index) => ({
    index,
    heading,
    items: [
      { value: '', text: t('import.form.ignore') },
      ...questions.map((q) => ({
        value: q.key,
        text: labels.get(q.key) ?? q.title,
        selected: preview.mapping.columns[heading] === q.key,
      })),
      ...identityFields.map((field) => ({
        value: identityTargets[field],
        text: t(`import.form.identity.${field}`),
        selected: preview.mapping.columns[heading] === identityTargets[field],
      })),
    ],
  }))
  const mapped = questions.filter((q) => Object.values(preview.mapping.columns).includes(q.key))
  return {
    columns,
    idItems: [
      { value: '', text: t('import.form.noIdColumn') },
      ...preview.headings.map((h) => ({ value: h, text: h, selected: preview.mapping.idColumn === h })),
    ],
    savedItems: [
      { value: '', text: t('import.form.noSavedMapping') },
      ...saved.map((m) => ({ value: m.id, text: m.name })),
    ],
    mappedTitles: mapped.map((q) => labels.get(q.key) ?? q.title),
    rows: preview.rows.map((r) => ({
      row: r.row,
      ok: r.result.ok,
      answers: r.result.ok
        ? mapped.map((q) => {
            const value = r.result.ok ? r.result.answers[q.key] : undefined
            return Array.isArray(value) ? value.join('; ') : value === undefined ? '' : String(value)
          })
        : [],
      problems: r.result.ok
        ? []
        : r.result.problems.map((p) => `${p.column ? `${p.column}: ` : ''}${p.problem}`),
    })),
    problems: preview.problems.map((p) => ({ row: p.row ?? '', column: p.column ?? '', problem: p.problem })),
  }
}

/** The upload page: the consultation's imports so far and the form to upload another file. */
export function presentImportList(
  consultation: { id: string; title: string },
  imports: readonly ({ status: ImportStatus } & Record<string, unknown>)[],
  mappings: readonly { id: string; name: string }[],
  limitBytes: number,
  errors: FieldErrors | undefined,
) {
  return {
    pageTitle: t('import.titles.list', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}/responses`,
    consultation,
    imports: imports.map((i) => ({ ...i, status: t(`import.status.${i.status}`) })),
    mappings,
    limit: `${Math.floor(limitBytes / 1024 / 1024)} MB`,
    errors,
    errorList: errors ? errorList(errors) : undefined,
  }
}

/** An import's page: its status, and while it is idle the mapping form and a preview. */
export function presentImportPage(
  page: {
    row: ImportRow
    consultation: { id: string; title: string }
    idle: boolean
    preview: Preview | undefined
    mappings: readonly { id: string; name: string }[]
    questions: readonly Question[]
  },
  errors: FieldErrors | undefined,
) {
  return {
    pageTitle: t('import.titles.show', { fileName: page.row.file_name }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${page.consultation.id}/imports`,
    consultation: page.consultation,
    item: presentImport(page.row),
    idle: page.idle,
    preview: page.preview ? presentPreview(page.preview, page.questions, page.mappings) : undefined,
    errors,
    errorList: errors ? errorList(errors) : undefined,
  }
}
