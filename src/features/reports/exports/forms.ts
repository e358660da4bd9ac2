import { type FormResult, field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { type ExportFormat, type ExportVariant, exportFormats, exportVariants } from './columns.js'

export interface ExportChoice {
  format: ExportFormat
  variant: ExportVariant
}

const oneOf = <T extends string>(allowed: readonly T[], value: string): value is T =>
  (allowed as readonly string[]).includes(value)

/** The download form's choices, from the query string it is sent as. */
export function parseExportChoice(query: unknown): FormResult<ExportChoice> {
  const format = field(query, 'format') ?? ''
  const variant = field(query, 'variant') ?? ''
  const errors: Record<string, string> = {}
  if (!oneOf(exportVariants, variant)) errors.variant = t('validation.exports.variantMissing')
  if (!oneOf(exportFormats, format)) errors.format = t('validation.exports.formatMissing')
  if (oneOf(exportFormats, format) && oneOf(exportVariants, variant))
    return { ok: true, value: { format, variant } }
  return { ok: false, errors, values: { format, variant } }
}
