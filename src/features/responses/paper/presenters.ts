import type { AnswerValue } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDate } from '../../../platform/time/london.js'
import { allQuestions, type QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import { presentAnswer } from '../presenters.js'
import { batchField, type FieldDifference, type KeyerAccuracy, receivedField } from './double-entry.js'

// View models for the paper pages: the differences a supervisor resolves, and keyer accuracy.

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
