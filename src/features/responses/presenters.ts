import { t } from '../../platform/i18n/translate.js'
import type { QuestionnaireDefinition } from '../consultations/questionnaire-definition.js'
import { answerField } from './answer-validation.js'

/** The form's questions as view models for the NHS.UK radios and textarea macros. */
export function presentForm(
  definition: QuestionnaireDefinition,
  values: Record<string, string>,
  errors: Record<string, string>,
) {
  return definition.sections.map((section) => ({
    title: section.title,
    questions: section.questions.map((q) => {
      const name = answerField(q.key)
      const common = {
        name,
        title: q.title,
        hint: q.hint,
        required: q.required,
        error: errors[name],
        value: values[name] ?? '',
      }
      if (q.type === 'single_choice') {
        return {
          ...common,
          type: q.type,
          items: q.options.map((o) => ({ value: o.value, text: o.label, checked: values[name] === o.value })),
        }
      }
      return { ...common, type: q.type, maxLength: q.maxLength }
    }),
  }))
}

const channelLabels: Record<string, string> = {
  online: 'Online',
  paper: 'Paper',
  event: 'Event',
  partner: 'Partner',
  email: 'Email',
  letter: 'Letter',
  phone: 'Phone',
  import: 'Import',
}

export const channelLabel = (channel: string) => channelLabels[channel] ?? channel

/** Rows for the NHS.UK summary list; free text keeps its line breaks through a CSS class. */
export function presentAnswerRows(questions: { title: string; answer: string | undefined }[]) {
  return questions.map((q) => ({
    key: { text: q.title },
    value: { text: q.answer ?? t('responses.notAnswered'), classes: 'heard-free-text' },
  }))
}
