import type { AnswerValue } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import { errorList, selectItems } from '../../platform/http/forms.js'
import { t } from '../../platform/i18n/translate.js'
import type { QuestionnaireDefinition } from '../consultations/questionnaire-definition.js'
import { correspondenceChannels, correspondenceSenders, eventFormats } from './channel-forms.js'
import { channelLabel, presentForm } from './presenters.js'

// View models for the event, correspondence and partner pages.

export interface FormState {
  errors?: FieldErrors
  values?: Record<string, string>
}

export const formModel = (form: FormState) => ({
  errors: form.errors,
  errorList: form.errors ? errorList(form.errors) : undefined,
  values: form.values ?? {},
})

export function radioItems(values: readonly string[], chosen: string | undefined, key: string) {
  return values.map((value) => ({ value, text: t(`${key}.${value}`), checked: value === chosen }))
}

export const formatItems = (chosen: string | undefined) =>
  radioItems(eventFormats, chosen, 'channelRecords.format')

export const senderItems = (chosen: string | undefined) =>
  radioItems(correspondenceSenders, chosen, 'channelRecords.sender')

export const correspondenceChannelItems = (chosen: string | undefined) =>
  correspondenceChannels.map((c) => ({ value: c, text: channelLabel(c), checked: c === chosen }))

export function organisationItems(organisations: { id: string; name: string }[], chosen: string | undefined) {
  return selectItems(
    organisations.map((o) => ({ value: o.id, text: o.name })),
    chosen,
    'channelRecords.noOrganisation',
  )
}

/** The free-text questions to file a text under; the last (usually "anything else") when none is chosen. */
export function questionItems(questions: { key: string; title: string }[], chosen: string | undefined) {
  const selected = chosen || questions.at(-1)?.key
  return questions.map((q) => ({ value: q.key, text: q.title, selected: q.key === selected }))
}

/** The whole questionnaire on one page, as keyed for someone, with what was typed and its errors. */
export function presentKeyedForm(
  definition: QuestionnaireDefinition,
  values: Record<string, string | string[]>,
  errors: FieldErrors,
) {
  const sections = presentForm(definition, values, errors)
  const list = Object.entries(errors).map(([name, text]) => ({
    text,
    href: name === 'form' ? '#keyed-form' : `#${name}`,
  }))
  return { sections, errorList: list.length ? list : undefined, formError: errors.form }
}

/** The first words of a recorded text, for lists. */
export function excerptOf(answers: Record<string, AnswerValue>, length = 160): string {
  const text = Object.values(answers).find((v): v is string => typeof v === 'string') ?? ''
  return text.length > length ? `${text.slice(0, length).trimEnd()}…` : text
}
