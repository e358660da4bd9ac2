import type { CorrespondenceSender, ResponseChannel } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { londonToUtc, londonWallClock } from '../../../platform/time/london.js'

// Parsing and checking of the event, event-notes and correspondence forms into typed values and
// field errors. Pure: what needs the database (does the organisation exist?) is the service's.

export const eventFormats = ['in_person', 'online'] as const
export type EventFormat = (typeof eventFormats)[number]

export const correspondenceChannels = [
  'email',
  'letter',
  'phone',
] as const satisfies readonly ResponseChannel[]
export type CorrespondenceChannel = (typeof correspondenceChannels)[number]

export const correspondenceSenders: readonly CorrespondenceSender[] = [
  'person',
  'organisation',
  'elected_member',
]

/** Longest text kept as one codeable item: a long letter, well under what a page can carry. */
export const maxRecordedText = 20_000

export interface EventDetails {
  title: string
  heldAt: Date
  place: string
  format: EventFormat
  audience: string
  organisationId: string | null
  organiser: string
  attendees: number | null
  attendeesCountedBy: string
  notes: string
}

export interface RecordedText {
  text: string
  questionKey: string
}

export interface CorrespondenceDetails extends RecordedText {
  channel: CorrespondenceChannel
  receivedAt: Date
  sender: CorrespondenceSender
  respondingFor: string
  senderName: string
  senderEmail: string
  senderPhone: string
  summary: string
}

const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const ukDate = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/
const clockTime = /^(\d{1,2})[:.](\d{2})$/
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// C0 and C1 controls other than tab and newline, and U+FFFD (bytes that were not UTF-8).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/

/** "2021-05-24" or "24/5/2021" as "2021-05-24" when it is a real date. */
export function parseDay(text: string): string | undefined {
  const iso = isoDate.exec(text)
  const uk = ukDate.exec(text)
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : []
  if (!year || !month || !day) return undefined
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  const check = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(check.getTime()) && check.toISOString().startsWith(value) ? value : undefined
}

function parseClock(text: string): string | undefined {
  const match = clockTime.exec(text)
  if (!match) return undefined
  const [hour, minute] = [Number(match[1]), Number(match[2])]
  if (hour > 23 || minute > 59) return undefined
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

function texts(body: unknown, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, (field(body, name) ?? '').trim()]))
}

function limit(errors: FieldErrors, values: Record<string, string>, name: string, max: number) {
  if ((values[name] ?? '').length > max && !errors[name])
    errors[name] = t('channelRecords.validation.fieldTooLong', { max })
}

/** Text to be coded: required, storable, and not longer than one item should be. */
function checkRecordedText(errors: FieldErrors, text: string, name = 'text') {
  const trimmed = text.replace(/\r\n?/g, '\n').trim()
  if (trimmed === '') errors[name] = t('channelRecords.validation.textMissing')
  else if (!trimmed.isWellFormed() || controlCharacters.test(trimmed))
    errors[name] = t('channelRecords.validation.textInvalid')
  else if ([...trimmed].length > maxRecordedText)
    errors[name] = t('channelRecords.validation.textTooLong', {
      max: maxRecordedText.toLocaleString('en-GB'),
    })
  return trimmed
}

const eventFields = [
  'title',
  'heldDate',
  'heldTime',
  'place',
  'format',
  'audience',
  'organisationId',
  'organiser',
  'attendees',
  'attendeesCountedBy',
  'notes',
] as const

export function parseEventForm(body: unknown): FormResult<EventDetails> {
  const values = texts(body, eventFields)
  const errors: FieldErrors = {}
  if (!values.title) errors.title = t('channelRecords.validation.titleMissing')
  else if (values.title.length > 200) errors.title = t('channelRecords.validation.titleTooLong')
  const day = values.heldDate ? parseDay(values.heldDate) : undefined
  if (!values.heldDate) errors.heldDate = t('channelRecords.validation.dateMissing')
  else if (!day) errors.heldDate = t('channelRecords.validation.dateInvalid')
  const time = values.heldTime ? parseClock(values.heldTime) : '12:00'
  if (!time) errors.heldTime = t('channelRecords.validation.timeInvalid')
  const heldAt = day && time ? londonToUtc(day, time) : undefined
  if (day && time && !heldAt) errors.heldTime = t('channelRecords.validation.timeInvalid')
  const format = eventFormats.find((f) => f === values.format)
  if (!format) errors.format = t('channelRecords.validation.formatMissing')
  const organisationId = values.organisationId || null
  if (organisationId && !uuidPattern.test(organisationId))
    errors.organisationId = t('channelRecords.validation.organisationUnknown')
  let attendees: number | null = null
  if (values.attendees) {
    attendees = /^\d{1,7}$/.test(values.attendees.replace(/,/g, ''))
      ? Number(values.attendees.replace(/,/g, ''))
      : Number.NaN
    if (Number.isNaN(attendees)) errors.attendees = t('channelRecords.validation.attendeesInvalid')
    else if (!values.attendeesCountedBy)
      errors.attendeesCountedBy = t('channelRecords.validation.attendeesCountedMissing')
  }
  for (const name of ['place', 'audience', 'organiser', 'attendeesCountedBy'])
    limit(errors, values, name, 500)
  limit(errors, values, 'notes', 10_000)
  if (Object.keys(errors).length > 0 || !heldAt || !format) return { ok: false, errors, values }
  return {
    ok: true,
    value: {
      title: values.title ?? '',
      heldAt,
      place: values.place ?? '',
      format,
      audience: values.audience ?? '',
      organisationId,
      organiser: values.organiser ?? '',
      attendees,
      attendeesCountedBy: values.attendeesCountedBy ?? '',
      notes: values.notes ?? '',
    },
  }
}

/** An event as the form shows it, to edit. */
export function eventFormValues(event: {
  title: string
  held_at: Date
  place: string
  format: string
  audience: string
  organisation_id: string | null
  organiser: string
  attendees: number | null
  attendees_counted_by: string
  notes: string
}): Record<string, string> {
  const held = londonWallClock(event.held_at)
  return {
    title: event.title,
    heldDate: held.date,
    heldTime: held.time,
    place: event.place,
    format: event.format,
    audience: event.audience,
    organisationId: event.organisation_id ?? '',
    organiser: event.organiser,
    attendees: event.attendees === null ? '' : String(event.attendees),
    attendeesCountedBy: event.attendees_counted_by,
    notes: event.notes,
  }
}

function checkQuestion(errors: FieldErrors, questionKey: string, allowed: readonly string[]) {
  if (!allowed.includes(questionKey)) errors.questionKey = t('channelRecords.validation.questionUnknown')
}

/** Notes of an event, or any text to be coded, and the question it mostly answers. */
export function parseRecordedText(body: unknown, questionKeys: readonly string[]): FormResult<RecordedText> {
  const values = texts(body, ['text', 'questionKey'])
  const errors: FieldErrors = {}
  const text = checkRecordedText(errors, field(body, 'text') ?? '')
  checkQuestion(errors, values.questionKey ?? '', questionKeys)
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: { text, questionKey: values.questionKey ?? '' } }
}

const correspondenceFields = [
  'channel',
  'receivedDate',
  'sender',
  'respondingFor',
  'senderName',
  'senderEmail',
  'senderPhone',
  'summary',
  'text',
  'questionKey',
] as const

/** An email, letter or phone call; `today` is the UK date now, as later dates are refused. */
export function parseCorrespondenceForm(
  body: unknown,
  questionKeys: readonly string[],
  today: string,
): FormResult<CorrespondenceDetails> {
  const values = texts(body, correspondenceFields)
  const errors: FieldErrors = {}
  const channel = correspondenceChannels.find((c) => c === values.channel)
  if (!channel) errors.channel = t('channelRecords.validation.channelMissing')
  const day = values.receivedDate ? parseDay(values.receivedDate) : undefined
  if (!values.receivedDate) errors.receivedDate = t('channelRecords.validation.receivedMissing')
  else if (!day) errors.receivedDate = t('channelRecords.validation.receivedInvalid')
  else if (day > today) errors.receivedDate = t('channelRecords.validation.receivedInFuture')
  const receivedAt = day ? londonToUtc(day, '12:00') : undefined
  const sender = correspondenceSenders.find((s) => s === values.sender)
  if (!sender) errors.sender = t('channelRecords.validation.senderMissing')
  if (sender && sender !== 'person' && !values.summary)
    errors.summary = t('channelRecords.validation.summaryMissing')
  if (values.senderEmail && !emailPattern.test(values.senderEmail))
    errors.senderEmail = t('channelRecords.validation.emailInvalid')
  for (const name of ['respondingFor', 'senderName', 'senderEmail', 'senderPhone'])
    limit(errors, values, name, 300)
  limit(errors, values, 'summary', 5000)
  const text = checkRecordedText(errors, field(body, 'text') ?? '')
  checkQuestion(errors, values.questionKey ?? '', questionKeys)
  if (Object.keys(errors).length > 0 || !channel || !receivedAt || !sender)
    return { ok: false, errors, values }
  return {
    ok: true,
    value: {
      channel,
      receivedAt,
      sender,
      respondingFor: values.respondingFor ?? '',
      senderName: values.senderName ?? '',
      senderEmail: values.senderEmail ?? '',
      senderPhone: values.senderPhone ?? '',
      summary: values.summary ?? '',
      text,
      questionKey: values.questionKey ?? '',
    },
  }
}
