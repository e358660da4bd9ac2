import type { AnswerValue } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { formModel } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDate } from '../../../platform/time/london.js'
import { allQuestions, type QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import { presentAnswer, presentForm } from '../presenters.js'
import { batchField, type FieldDifference, type KeyerAccuracy, receivedField } from './double-entry.js'
import { detailFields, parseBatch } from './forms.js'
import { choiceName, type PaperService, resolvedBatchName, resolvedReceivedPrefix } from './service.js'

// View models for the paper pages: the keying form, the differences a supervisor resolves, and
// keyer accuracy.

export type FormState = { errors?: FieldErrors; values?: Record<string, string | string[]> }

/** `/admin/consultations/:id/paper`, where the paper pages of a consultation start. */
export const paperBase = (consultationId: string) => `/admin/consultations/${consultationId}/paper`

const dayText = (iso: string) => formatLondonDate(new Date(`${iso}T12:00:00Z`))

/** A field's value in words, as a supervisor compares them. */
export function presentFieldValue(
  definition: QuestionnaireDefinition,
  field: string,
  value: AnswerValue | undefined,
): string {
  if (value === undefined) return t('paper.labels.blank')
  if (field === receivedField) return typeof value === 'string' ? dayText(value) : String(value)
  if (field === batchField) return String(value)
  const question = allQuestions(definition).find((q) => q.key === field)
  if (!question) return String(value ?? '')
  if (question.type === 'date' && typeof value === 'string') return dayText(value)
  return presentAnswer(question, value)
}

export function fieldTitle(definition: QuestionnaireDefinition, field: string): string {
  if (field === receivedField) return t('paper.labels.receivedOn')
  if (field === batchField) return t('paper.labels.batch')
  return allQuestions(definition).find((q) => q.key === field)?.title ?? field
}

/** One group of radios per differing field, in the questionnaire's order, the paper's details first. */
export function presentDifferences(
  definition: QuestionnaireDefinition,
  differences: FieldDifference[],
  chosen: Record<string, unknown>,
  name: (field: string) => string,
) {
  const order = [receivedField, batchField, ...allQuestions(definition).map((q) => q.key)]
  return [...differences]
    .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))
    .map((d) => {
      const radioName = name(d.field)
      const first = presentFieldValue(definition, d.field, d.first)
      const second = presentFieldValue(definition, d.field, d.second)
      return {
        field: d.field,
        name: radioName,
        title: fieldTitle(definition, d.field),
        first,
        second,
        items: [
          {
            value: 'first',
            text: t('paper.labels.firstKeying', { value: first }),
            checked: chosen[radioName] === 'first',
          },
          {
            value: 'second',
            text: t('paper.labels.secondKeying', { value: second }),
            checked: chosen[radioName] === 'second',
          },
          { value: 'other', text: t('paper.labels.neither'), checked: chosen[radioName] === 'other' },
        ],
      }
    })
}

export function presentAccuracy(keyers: (KeyerAccuracy & { name: string })[]) {
  return keyers.map((k) => ({
    ...k,
    accuracy: k.fieldsKeyed === 0 ? '–' : `${((100 * k.fieldsMatched) / k.fieldsKeyed).toFixed(1)}%`,
  }))
}

/**
 * The keying form's details from the query: the next paper usually comes from the same batch on the
 * same day, so both are kept from the last.
 */
export function nextPaperValues(query: unknown): Record<string, string> {
  const given = (name: string) => {
    const value = query && typeof query === 'object' ? (query as Record<string, unknown>)[name] : undefined
    return typeof value === 'string' ? value : undefined
  }
  const values: Record<string, string> = {}
  const batch = parseBatch(given('batch') ?? '')
  if (batch.value) values[detailFields.batch] = batch.value
  const received = /^(\d{4})-(\d{2})-(\d{2})$/.exec(given('received') ?? '')
  if (received) {
    values[`${detailFields.received}[day]`] = String(Number(received[3]))
    values[`${detailFields.received}[month]`] = String(Number(received[2]))
    values[`${detailFields.received}[year]`] = received[1] ?? ''
  }
  return values
}

type KeyingForm = Awaited<ReturnType<PaperService['keyingForm']>>

export function presentEntry(found: KeyingForm, form: FormState, limit: string) {
  const { consultation, questionnaire, doubleEntry } = found
  const errors = form.errors ?? {}
  return {
    pageTitle: t('paper.titles.entry', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: '/admin',
    consultation,
    version: questionnaire.version,
    versionId: questionnaire.id,
    doubleEntry,
    action: paperBase(consultation.id),
    sections: presentForm(questionnaire.definition, form.values ?? {}, errors),
    formError: errors.form,
    limit,
    ...formModel(form),
  }
}

type Mismatch = Awaited<ReturnType<PaperService['getMismatch']>>

/** A paper whose two keyings differ: a choice per differing field, and typing for the answers. */
export function presentMismatch(mismatch: Mismatch, form: FormState) {
  const { definition, differences } = mismatch
  const values = form.values ?? {}
  const differing = new Set(differences.map((d) => d.field))
  const typedQuestions = allQuestions(definition)
    .map((q) => q.key)
    .filter((key) => differing.has(key))
  return {
    pageTitle: t('paper.titles.resolve', { reference: mismatch.paper.paper_reference }),
    activeNav: 'consultations',
    backHref: paperBase(mismatch.paper.consultation_id),
    paper: mismatch.paper,
    keyings: mismatch.keyings,
    version: mismatch.version,
    agreedCount: Object.keys(mismatch.agreed).length,
    differences: presentDifferences(definition, differences, values, choiceName),
    sections:
      typedQuestions.length > 0
        ? presentForm(definition, values, form.errors ?? {}, 'en', typedQuestions)
        : [],
    batchDiffers: differing.has(batchField),
    receivedDiffers: differing.has(receivedField),
    resolvedBatchName,
    resolvedReceivedPrefix,
    ...formModel(form),
  }
}
