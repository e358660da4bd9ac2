import type { FieldErrors } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ImportMapping } from './rows.js'

export type MappingForm =
  | { ok: true; value: { mapping: ImportMapping; saveAs: string | undefined } }
  | { ok: false; errors: FieldErrors }

interface SavedMapping {
  id: string
  name: string
  columns: Record<string, string>
  id_column: string | null
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

/**
 * The mapping form: a question (or none) for each numbered column, carrying its heading, an ID
 * column, or a saved mapping to use instead; and a name to save it under, if wanted.
 */
export function parseMappingForm(body: unknown, saved: readonly SavedMapping[]): MappingForm {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const saveAs = text(fields.saveAs)
  if (saveAs.length > 100) return { ok: false, errors: { saveAs: t('import.validation.mappingNameTooLong') } }
  const chosen = saved.find((m) => m.id === text(fields.useMapping))
  if (chosen) {
    return {
      ok: true,
      value: {
        mapping: { columns: chosen.columns, idColumn: chosen.id_column },
        saveAs: saveAs || undefined,
      },
    }
  }
  const columns: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) {
    const match = /^heading_(\d{1,4})$/.exec(name)
    if (!match) continue
    const question = text(fields[`column_${match[1]}`])
    if (typeof value === 'string' && question) columns[value] = question
  }
  const idColumn = text(fields.idColumn) || null
  return { ok: true, value: { mapping: { columns, idColumn }, saveAs: saveAs || undefined } }
}
