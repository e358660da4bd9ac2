import type { FieldErrors } from '../../../platform/errors.js'
import { formModel } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { exportFormats, exportVariants } from './columns.js'

export interface ExportPageInput {
  consultation: { id: string; title: string }
  withContacts: boolean
  form?: { errors?: FieldErrors; values?: Record<string, string> }
}

/** The export page: the format and the variant to choose, and what the caller's role adds. */
export function presentExportPage({ consultation, withContacts, form = {} }: ExportPageInput) {
  const model = formModel(form)
  const chosen = (name: string, fallback: string) => model.values[name] ?? fallback
  return {
    ...model,
    pageTitle: t('exports.titles.page', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}/responses`,
    consultation,
    action: `/admin/consultations/${consultation.id}/responses/export/download`,
    withContacts,
    formats: exportFormats.map((value) => ({
      value,
      text: t(`exports.formats.${value}.label`),
      hint: { text: t(`exports.formats.${value}.hint`) },
      checked: chosen('format', 'csv') === value,
    })),
    variants: exportVariants.map((value) => ({
      value,
      text: t(`exports.variants.${value}.label`),
      hint: { text: t(`exports.variants.${value}.hint`) },
      checked: chosen('variant', 'analysis') === value,
    })),
    counted: t('exports.counted'),
  }
}
