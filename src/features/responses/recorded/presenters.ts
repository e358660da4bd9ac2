import { randomUUID } from 'node:crypto'
import type { AnswerValue } from '../../../platform/db/schema.js'
import type { FieldErrors, ValidationError } from '../../../platform/errors.js'
import { field, selectItems } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import type { QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import { channelLabel, presentForm } from '../presenters.js'
import { isUuid } from '../submission-checks.js'
import { KeyedFormError } from './entry.js'
import { correspondenceChannels, correspondenceSenders, eventFormats } from './forms.js'

// View models for the event, correspondence and partner pages.

export interface FormState {
  errors?: FieldErrors
  values?: Record<string, string>
}

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

/** A questionnaire keyed on one page, shown again after a refusal: what was typed, its errors, its key. */
export interface KeyedEntryState {
  values?: Record<string, string | string[]>
  errors?: FieldErrors
  submissionKey?: string
}

/**
 * The whole questionnaire on one page, as keyed for someone, with what was typed and its errors;
 * a new submission key unless the same entry is being shown again.
 */
export function presentKeyedEntry(
  questionnaire: { id: string; definition: QuestionnaireDefinition },
  state: KeyedEntryState,
) {
  const errors = state.errors ?? {}
  const sections = presentForm(questionnaire.definition, state.values ?? {}, errors)
  const list = Object.entries(errors).map(([name, text]) => ({
    text,
    href: name === 'form' ? '#keyed-form' : `#${name}`,
  }))
  return {
    submissionKey: state.submissionKey ?? randomUUID(),
    versionId: questionnaire.id,
    sections,
    errorList: list.length ? list : undefined,
    formError: errors.form,
  }
}

/** A refused keyed entry shown again: its errors, the answers typed, and the same submission key. */
export function keyedEntryRefused(error: ValidationError, body: Record<string, unknown>): KeyedEntryState {
  const key = field(body, 'submission_key')
  return {
    errors: error.fieldErrors,
    values: error instanceof KeyedFormError ? error.values : {},
    submissionKey: isUuid(key) ? key : undefined,
  }
}

/** The first words of a recorded text, for lists. */
export function excerptOf(answers: Record<string, AnswerValue>, length = 160): string {
  const text = Object.values(answers).find((v): v is string => typeof v === 'string') ?? ''
  return text.length > length ? `${text.slice(0, length).trimEnd()}…` : text
}
