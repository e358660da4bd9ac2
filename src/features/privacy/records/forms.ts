import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ProcessingRecordInput } from './repository.js'

const maxText = 2000

export function parseProcessingRecordForm(body: unknown): FormResult<ProcessingRecordInput> {
  const values = {
    purpose: (field(body, 'purpose') ?? '').trim(),
    lawfulBasis: (field(body, 'lawfulBasis') ?? '').trim(),
    dataCategories: (field(body, 'dataCategories') ?? '').trim(),
    retentionMonths: (field(body, 'retentionMonths') ?? '').trim(),
    retentionAction: field(body, 'retentionAction') ?? '',
  }
  const errors: FieldErrors = {}
  const text = (name: 'purpose' | 'lawfulBasis' | 'dataCategories', missing: string) => {
    if (!values[name]) errors[name] = t(missing)
    else if (values[name].length > maxText) errors[name] = t('validation.personalData.textTooLong')
  }
  text('purpose', 'validation.personalData.purposeMissing')
  text('lawfulBasis', 'validation.personalData.lawfulBasisMissing')
  text('dataCategories', 'validation.personalData.categoriesMissing')
  const months = Number(values.retentionMonths)
  if (!/^\d{1,3}$/.test(values.retentionMonths) || months < 1 || months > 120)
    errors.retentionMonths = t('validation.personalData.retentionMonthsInvalid')
  if (values.retentionAction !== 'erase' && values.retentionAction !== 'anonymise')
    errors.retentionAction = t('validation.personalData.retentionActionMissing')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return {
    ok: true,
    value: {
      purpose: values.purpose,
      lawfulBasis: values.lawfulBasis,
      dataCategories: values.dataCategories,
      retentionMonths: months,
      retentionAction: values.retentionAction as ProcessingRecordInput['retentionAction'],
    },
  }
}
