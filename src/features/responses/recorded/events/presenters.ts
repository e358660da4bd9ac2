import { randomUUID } from 'node:crypto'
import { formModel } from '../../../../platform/http/forms.js'
import { t } from '../../../../platform/i18n/translate.js'
import { isUuid } from '../../submission-checks.js'
import {
  excerptOf,
  type FormState,
  formatItems,
  type KeyedEntryState,
  organisationItems,
  presentKeyedEntry,
  questionItems,
} from '../presenters.js'
import type { EventService } from './service.js'

type Listed = Awaited<ReturnType<EventService['list']>>
type Shown = Awaited<ReturnType<EventService['get']>>
type EventForm = Awaited<ReturnType<EventService['eventForm']>>
type EntryForm = Awaited<ReturnType<EventService['entryForm']>>

export const eventPath = (id: string) => `/admin/events/${id}`
const eventsPath = (consultationId: string) => `/admin/consultations/${consultationId}/events`

export function presentEventList({ consultation, events }: Listed, canManage: boolean) {
  return {
    pageTitle: t('channelRecords.titles.eventList', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}/responses`,
    consultation,
    events,
    canManage,
  }
}

/** The form to add an event, or with `eventId` to change one. */
export function presentEventForm(
  { consultation, organisations }: EventForm,
  eventId: string | undefined,
  form: FormState,
) {
  const here = eventId ? eventPath(eventId) : eventsPath(consultation.id)
  return {
    pageTitle: t(eventId ? 'channelRecords.titles.eventChange' : 'channelRecords.titles.eventNew'),
    activeNav: 'consultations',
    backHref: here,
    consultation,
    action: here,
    formatItems: formatItems(form.values?.format),
    organisationItems: organisationItems(organisations, form.values?.organisationId),
    ...formModel(form),
  }
}

/** An event with the responses and notes recorded from it, and what the viewer may do there. */
export function presentEvent(
  { event, consultation, records }: Shown,
  may: { manage: boolean; record: boolean; readResponses: boolean },
) {
  return {
    pageTitle: event.title,
    activeNav: 'consultations',
    backHref: eventsPath(consultation.id),
    consultation,
    event,
    formatLabel: t(`channelRecords.format.${event.format}`),
    records: records.map((r) => ({ ...r, isNote: r.note_id !== null, excerpt: excerptOf(r.answers) })),
    canManage: may.manage,
    canRecord: may.record,
    canReadResponses: may.readResponses,
  }
}

/** The whole questionnaire, keyed for someone at the event. */
export function presentEventResponseForm(
  { event, consultation, questionnaire }: EntryForm,
  state: KeyedEntryState,
) {
  return {
    pageTitle: t('channelRecords.titles.eventResponse', { event: event.title }),
    activeNav: 'consultations',
    backHref: eventPath(event.id),
    consultation,
    event,
    action: `${eventPath(event.id)}/responses`,
    ...presentKeyedEntry(questionnaire, state),
  }
}

/** The event's notes as one text, filed under a free-text question; the same key when shown again. */
export function presentEventNotesForm({ event, consultation, commentQuestions }: EntryForm, form: FormState) {
  const submissionKey = form.values?.submission_key
  return {
    pageTitle: t('channelRecords.titles.eventNotes', { event: event.title }),
    activeNav: 'consultations',
    backHref: eventPath(event.id),
    consultation,
    event,
    action: `${eventPath(event.id)}/notes`,
    submissionKey: isUuid(submissionKey) ? submissionKey : randomUUID(),
    questionItems: questionItems(commentQuestions, form.values?.questionKey),
    ...formModel(form),
  }
}
