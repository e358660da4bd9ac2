import type { CommitteeKind, MeetingSession, PaperKind } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import {
  parseDay,
  formResult as result,
  textChecks,
  trimmedTexts as texts,
} from '../../platform/http/form-fields.js'
import type { FormResult } from '../../platform/http/forms.js'
import { isRecordId } from '../../platform/http/schemas.js'
import { t } from '../../platform/i18n/translate.js'
import { londonToUtc } from '../../platform/time/london.js'

const { checkText, checkUrl } = textChecks('governance.validation')

// Parsing and checking of the governance forms into typed values and field errors. Pure: rules
// that need the database (is the paper after the meeting? is the action due after it?) are the
// service's.

export const committeeKinds: readonly CommitteeKind[] = [
  'governing_body',
  'joint_health_scrutiny',
  'scrutiny_commission',
  'health_wellbeing_board',
  'other',
]
export const meetingSessions: readonly MeetingSession[] = ['public', 'private']
export const paperKinds: readonly PaperKind[] = [
  'report',
  'business_case',
  'equality_assessment',
  'minutes',
  'other',
]
export const lateKinds = ['late', 'urgent'] as const

export interface CommitteeDetails {
  name: string
  slug: string
  kind: CommitteeKind
  organisation: string
  noticeDays: number
  contactEmail: string
}

export interface MeetingDetails {
  startsAt: Date
  place: string
  online: boolean
  session: MeetingSession
  webcastUrl: string
}

export interface ItemDetails {
  title: string
  summary: string
  consultationId: string | null
  late: { kind: (typeof lateKinds)[number]; rule: string; reason: string; acceptedBy: string } | null
}

export interface PaperDetails {
  kind: PaperKind
  title: string
  documentId: string | null
  url: string
  sha256: string | null
  publishedOn: string
}

export interface QuestionDetails {
  askedBy: string
  question: string
  answer: string
  liveAnswer: 'who_responded' | null
}

export interface ActionDetails {
  description: string
  owner: string
  dueOn: string
  dueMeetingId: string | null
}

export interface ResolutionDetails {
  text: string
  action: ActionDetails | null
}

export interface Correction {
  text: string
  reason: string
}

const maxShort = 200
const maxLong = 10_000
const clockTime = /^(\d{1,2})[:.](\d{2})$/
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const sha256Pattern = /^[0-9a-f]{64}$/

function parseClock(text: string): string | undefined {
  const match = clockTime.exec(text)
  if (!match) return undefined
  const [hour, minute] = [Number(match[1]), Number(match[2])]
  if (hour > 23 || minute > 59) return undefined
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

/** A readable address from a name: "Joint Health Scrutiny Committee" → "joint-health-scrutiny-committee". */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
}

export function parseCommitteeForm(body: unknown): FormResult<CommitteeDetails> {
  const values = texts(body, ['name', 'kind', 'organisation', 'noticeDays', 'contactEmail'])
  const errors: FieldErrors = {}
  checkText(errors, values, 'name', maxShort, 'nameMissing')
  if (values.name && !errors.name && slugOf(values.name) === '')
    errors.name = t('governance.validation.nameNoLetters')
  const kind = committeeKinds.find((k) => k === values.kind)
  if (!kind) errors.kind = t('governance.validation.kindMissing')
  checkText(errors, values, 'organisation', maxShort)
  const noticeDays = Number(values.noticeDays)
  if (values.noticeDays === '') errors.noticeDays = t('governance.validation.noticeDaysMissing')
  else if (!/^\d{1,2}$/.test(values.noticeDays ?? '') || noticeDays > 60)
    errors.noticeDays = t('governance.validation.noticeDaysInvalid')
  if (!values.contactEmail) errors.contactEmail = t('governance.validation.emailMissing')
  else if (!emailPattern.test(values.contactEmail) || values.contactEmail.length > maxShort)
    errors.contactEmail = t('governance.validation.emailInvalid')
  return result(errors, values, () => ({
    name: values.name ?? '',
    slug: slugOf(values.name ?? ''),
    kind: kind ?? 'other',
    organisation: values.organisation ?? '',
    noticeDays,
    contactEmail: values.contactEmail ?? '',
  }))
}

export function parseMeetingForm(body: unknown): FormResult<MeetingDetails> {
  const values = texts(body, ['date', 'time', 'place', 'online', 'session', 'webcastUrl'])
  const errors: FieldErrors = {}
  const day = values.date ? parseDay(values.date) : undefined
  if (!values.date) errors.date = t('governance.validation.dateMissing')
  else if (!day) errors.date = t('governance.validation.dateInvalid')
  const time = values.time ? parseClock(values.time) : undefined
  if (!values.time) errors.time = t('governance.validation.timeMissing')
  else if (!time) errors.time = t('governance.validation.timeInvalid')
  const startsAt = day && time ? londonToUtc(day, time) : undefined
  if (day && time && !startsAt) errors.time = t('governance.validation.timeInvalid')
  const online = values.online === 'yes'
  checkText(errors, values, 'place', maxShort)
  if (!values.place && !online) errors.place = t('governance.validation.placeMissing')
  const session = meetingSessions.find((s) => s === values.session)
  if (!session) errors.session = t('governance.validation.sessionMissing')
  checkUrl(errors, values, 'webcastUrl')
  return result(errors, values, () => ({
    startsAt: startsAt ?? new Date(0),
    place: values.place ?? '',
    online,
    session: session ?? 'public',
    webcastUrl: values.webcastUrl ?? '',
  }))
}

export function parseItemForm(body: unknown): FormResult<ItemDetails> {
  const values = texts(body, [
    'title',
    'summary',
    'consultationId',
    'lateKind',
    'lateRule',
    'lateReason',
    'lateAcceptedBy',
  ])
  const errors: FieldErrors = {}
  checkText(errors, values, 'title', maxShort, 'itemTitleMissing')
  checkText(errors, values, 'summary', maxLong)
  const consultationId = values.consultationId || null
  if (consultationId && !isRecordId(consultationId))
    errors.consultationId = t('governance.validation.consultationUnknown')
  const lateKind = lateKinds.find((k) => k === values.lateKind)
  if (values.lateKind && !lateKind) errors.lateKind = t('governance.validation.lateKindInvalid')
  else if (!lateKind && (values.lateRule || values.lateReason || values.lateAcceptedBy))
    errors.lateKind = t('governance.validation.lateKindMissing')
  if (lateKind) {
    checkText(errors, values, 'lateRule', maxShort, 'lateRuleMissing')
    checkText(errors, values, 'lateReason', maxLong, 'lateReasonMissing')
    checkText(errors, values, 'lateAcceptedBy', maxShort, 'lateAcceptedByMissing')
  }
  return result(errors, values, () => ({
    title: values.title ?? '',
    summary: values.summary ?? '',
    consultationId,
    late: lateKind
      ? {
          kind: lateKind,
          rule: values.lateRule ?? '',
          reason: values.lateReason ?? '',
          acceptedBy: values.lateAcceptedBy ?? '',
        }
      : null,
  }))
}

export function parsePaperForm(body: unknown): FormResult<PaperDetails> {
  const values = texts(body, [
    'paperKind',
    'paperTitle',
    'paperDocumentId',
    'paperUrl',
    'paperSha256',
    'paperPublishedOn',
  ])
  const errors: FieldErrors = {}
  const kind = paperKinds.find((k) => k === values.paperKind)
  if (!kind) errors.paperKind = t('governance.validation.paperKindMissing')
  checkText(errors, values, 'paperTitle', maxShort, 'paperTitleMissing')
  const documentId = values.paperDocumentId || null
  if (documentId && !isRecordId(documentId))
    errors.paperDocumentId = t('governance.validation.documentUnknown')
  checkUrl(errors, values, 'paperUrl')
  if (!documentId && !values.paperUrl && !errors.paperUrl)
    errors.paperUrl = t('governance.validation.paperWhereMissing')
  const sha256 = (values.paperSha256 ?? '').toLowerCase() || null
  if (sha256 && !sha256Pattern.test(sha256)) errors.paperSha256 = t('governance.validation.sha256Invalid')
  const publishedOn = values.paperPublishedOn ? parseDay(values.paperPublishedOn) : undefined
  if (!values.paperPublishedOn) errors.paperPublishedOn = t('governance.validation.publishedMissing')
  else if (!publishedOn) errors.paperPublishedOn = t('governance.validation.dateInvalid')
  return result(errors, values, () => ({
    kind: kind ?? 'other',
    title: values.paperTitle ?? '',
    documentId,
    url: values.paperUrl ?? '',
    sha256,
    publishedOn: publishedOn ?? '',
  }))
}

export function parseQuestionForm(body: unknown): FormResult<QuestionDetails> {
  const values = texts(body, ['askedBy', 'question', 'answer', 'liveAnswer'])
  const errors: FieldErrors = {}
  checkText(errors, values, 'askedBy', maxShort, 'askedByMissing')
  checkText(errors, values, 'question', maxLong, 'questionMissing')
  checkText(errors, values, 'answer', maxLong)
  if (values.liveAnswer && values.liveAnswer !== 'who_responded')
    errors.liveAnswer = t('governance.validation.liveAnswerInvalid')
  return result(errors, values, () => ({
    askedBy: values.askedBy ?? '',
    question: values.question ?? '',
    answer: values.answer ?? '',
    liveAnswer: values.liveAnswer === 'who_responded' ? 'who_responded' : null,
  }))
}

export function parseResolutionForm(body: unknown): FormResult<ResolutionDetails> {
  const values = texts(body, [
    'resolutionText',
    'actionDescription',
    'actionOwner',
    'actionDueOn',
    'actionDueMeetingId',
  ])
  const errors: FieldErrors = {}
  checkText(errors, values, 'resolutionText', maxLong, 'resolutionMissing')
  const wantsAction = Boolean(
    values.actionDescription || values.actionOwner || values.actionDueOn || values.actionDueMeetingId,
  )
  let dueOn: string | undefined
  if (wantsAction) {
    checkText(errors, values, 'actionDescription', maxLong, 'actionDescriptionMissing')
    checkText(errors, values, 'actionOwner', maxShort, 'actionOwnerMissing')
    dueOn = values.actionDueOn ? parseDay(values.actionDueOn) : undefined
    if (!values.actionDueOn) errors.actionDueOn = t('governance.validation.dueMissing')
    else if (!dueOn) errors.actionDueOn = t('governance.validation.dateInvalid')
    if (values.actionDueMeetingId && !isRecordId(values.actionDueMeetingId))
      errors.actionDueMeetingId = t('governance.validation.meetingUnknown')
  }
  return result(errors, values, () => ({
    text: values.resolutionText ?? '',
    action: wantsAction
      ? {
          description: values.actionDescription ?? '',
          owner: values.actionOwner ?? '',
          dueOn: dueOn ?? '',
          dueMeetingId: values.actionDueMeetingId || null,
        }
      : null,
  }))
}

export function parseClosureForm(body: unknown): FormResult<{ actionId: string }> {
  const values = texts(body, ['actionId'])
  const errors: FieldErrors = {}
  if (!values.actionId) errors.actionId = t('governance.validation.actionMissing')
  else if (!isRecordId(values.actionId)) errors.actionId = t('governance.validation.actionUnknown')
  return result(errors, values, () => ({ actionId: values.actionId ?? '' }))
}

/** Minutes, or a resolution's words; `reasonRequired` once the meeting's record is settled. */
export function parseCorrectionForm(
  body: unknown,
  names: { text: string; reason: string },
  reasonRequired: boolean,
): FormResult<Correction> {
  const values = texts(body, [names.text, names.reason])
  const errors: FieldErrors = {}
  checkText(errors, values, names.text, 100_000, 'textMissing')
  checkText(errors, values, names.reason, maxLong, reasonRequired ? 'correctionReasonMissing' : undefined)
  return result(errors, values, () => ({
    text: values[names.text] ?? '',
    reason: values[names.reason] ?? '',
  }))
}

export function parseStatusForm(body: unknown): FormResult<{ status: 'held' | 'minutes_approved' }> {
  const values = texts(body, ['status'])
  const errors: FieldErrors = {}
  const status = (['held', 'minutes_approved'] as const).find((s) => s === values.status)
  if (!status) errors.status = t('governance.validation.statusInvalid')
  return result(errors, values, () => ({ status: status ?? 'held' }))
}
