import { type Static, Type } from 'typebox'
import type { ConsultationRow, DocumentKind } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { recordId } from '../../../platform/http/schemas.js'
import type { UploadedFile } from '../../../platform/http/uploads.js'
import { t } from '../../../platform/i18n/translate.js'
import { londonToUtc } from '../../../platform/time/london.js'

// Forms for setting up a consultation: its details, proposals and documents. Dates and times are
// entered as UK civil time and stored as instants.

export interface ConsultationDetails {
  title: string
  slug: string
  summary: string
  sponsors: string[]
  areas: string[]
  contactEmail: string
  contactPhone: string
  freepostAddress: string
  privacyNotice: string
  nextSteps: string
  opensAt: Date
  closesAt: Date
  postalDeadlineAt: Date | null
}

/** The details a stored consultation has now, as the form would give them: to compare with an edit. */
export const detailsOf = (c: ConsultationRow): ConsultationDetails => ({
  title: c.title,
  slug: c.slug,
  summary: c.summary,
  sponsors: c.sponsors,
  areas: c.areas,
  contactEmail: c.contact_email,
  contactPhone: c.contact_phone,
  freepostAddress: c.freepost_address,
  privacyNotice: c.privacy_notice,
  nextSteps: c.next_steps,
  opensAt: c.opens_at,
  closesAt: c.closes_at,
  postalDeadlineAt: c.postal_deadline_at,
})

/** What the public page shows besides the title, summary and dates. */
export type PublicDetails = Pick<
  ConsultationDetails,
  'sponsors' | 'areas' | 'contactEmail' | 'contactPhone' | 'freepostAddress' | 'privacyNotice' | 'nextSteps'
>

export const consultationFields = [
  'title',
  'slug',
  'summary',
  'sponsors',
  'areas',
  'contactEmail',
  'contactPhone',
  'freepostAddress',
  'privacyNotice',
  'nextSteps',
  'opensDate',
  'opensTime',
  'closesDate',
  'closesTime',
  'postalDate',
  'postalTime',
] as const

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const ukDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const clockTime = /^(\d{1,2})[:.](\d{2})$/

/** A consultation's web address made from its title: "Step up to Great Mental Health" → "step-up-to-great-mental-health". */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
}

/** "2021-05-24" or "24/5/2021" as "2021-05-24" when it is a real date. */
export function parseDate(text: string): string | undefined {
  const iso = isoDate.exec(text)
  const uk = ukDate.exec(text)
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : []
  if (!year || !month || !day) return undefined
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  const check = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(check.getTime()) && check.toISOString().startsWith(value) ? value : undefined
}

/** "9:00", "09:00" or "17.30" as "09:00" when it is a real 24-hour time. */
export function parseTime(text: string): string | undefined {
  const match = clockTime.exec(text)
  if (!match) return undefined
  const hour = Number(match[1])
  const minute = Number(match[2])
  if (hour > 23 || minute > 59) return undefined
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')

function textValues(body: unknown, names: readonly string[]) {
  return Object.fromEntries(names.map((name) => [name, (field(body, name) ?? '').trim()])) as Record<
    string,
    string
  >
}

function checkLength(errors: FieldErrors, values: Record<string, string>, name: string, max: number) {
  if ([...(values[name] ?? '')].length > max && !errors[name])
    errors[name] = t('consultationSetup.validation.tooLong', { max: max.toLocaleString('en-GB') })
}

/** A UK date and time from two fields; the time may be left blank for a default. */
function parseMoment(
  errors: FieldErrors,
  values: Record<string, string>,
  prefix: 'opens' | 'closes' | 'postal',
  options: { required: boolean; defaultTime: string },
): Date | undefined {
  const dateName = `${prefix}Date`
  const timeName = `${prefix}Time`
  const dateText = values[dateName] ?? ''
  const timeText = values[timeName] ?? ''
  if (dateText === '') {
    if (options.required) errors[dateName] = t(`consultationSetup.validation.${prefix}DateMissing`)
    else if (timeText !== '') errors[dateName] = t('consultationSetup.validation.dateForTimeMissing')
    return undefined
  }
  const date = parseDate(dateText)
  if (!date) {
    errors[dateName] = t('consultationSetup.validation.dateInvalid')
    return undefined
  }
  const time = timeText === '' ? options.defaultTime : parseTime(timeText)
  if (!time) {
    errors[timeName] = t('consultationSetup.validation.timeInvalid')
    return undefined
  }
  const instant = londonToUtc(date, time)
  if (!instant) errors[timeName] = t('consultationSetup.validation.timeSkipped', { time })
  return instant
}

export function parseConsultationForm(body: unknown): FormResult<ConsultationDetails> {
  const values = textValues(body, consultationFields)
  const errors: FieldErrors = {}
  if (!values.title) errors.title = t('consultationSetup.validation.titleMissing')
  checkLength(errors, values, 'title', 200)
  const slug = values.slug || slugFromTitle(values.title ?? '')
  if (!slug) errors.slug = t('consultationSetup.validation.slugMissing')
  else if (!slugPattern.test(slug) || slug.length > 80)
    errors.slug = t('consultationSetup.validation.slugInvalid')
  if (!values.summary) errors.summary = t('consultationSetup.validation.summaryMissing')
  checkLength(errors, values, 'summary', 2000)
  if (values.contactEmail && !emailPattern.test(values.contactEmail))
    errors.contactEmail = t('consultationSetup.validation.emailInvalid')
  if (values.contactPhone && !/^[0-9+() -]{6,30}$/.test(values.contactPhone))
    errors.contactPhone = t('consultationSetup.validation.phoneInvalid')
  for (const name of ['sponsors', 'areas', 'freepostAddress', 'contactEmail', 'contactPhone'])
    checkLength(errors, values, name, 1000)
  for (const name of ['privacyNotice', 'nextSteps']) checkLength(errors, values, name, 10000)

  const opensAt = parseMoment(errors, values, 'opens', { required: true, defaultTime: '00:00' })
  const closesAt = parseMoment(errors, values, 'closes', { required: true, defaultTime: '23:59' })
  const postalDeadlineAt = parseMoment(errors, values, 'postal', { required: false, defaultTime: '23:59' })
  if (opensAt && closesAt && closesAt <= opensAt)
    errors.closesDate = t('consultationSetup.validation.closesBeforeOpens')
  if (closesAt && postalDeadlineAt && postalDeadlineAt < closesAt)
    errors.postalDate = t('consultationSetup.validation.postalBeforeCloses')

  if (Object.keys(errors).length > 0 || !opensAt || !closesAt) return { ok: false, errors, values }
  return {
    ok: true,
    value: {
      title: values.title ?? '',
      slug,
      summary: values.summary ?? '',
      sponsors: lines(values.sponsors ?? ''),
      areas: lines(values.areas ?? ''),
      contactEmail: values.contactEmail ?? '',
      contactPhone: values.contactPhone ?? '',
      freepostAddress: values.freepostAddress ?? '',
      privacyNotice: values.privacyNotice ?? '',
      nextSteps: values.nextSteps ?? '',
      opensAt,
      closesAt,
      postalDeadlineAt: postalDeadlineAt ?? null,
    },
  }
}

export interface ProposalDetails {
  title: string
  summary: string
  whatWouldChange: string
  whoIsAffected: string
}

export const proposalFields = ['title', 'summary', 'whatWouldChange', 'whoIsAffected'] as const

export function parseProposalForm(body: unknown): FormResult<ProposalDetails> {
  const values = textValues(body, proposalFields)
  const errors: FieldErrors = {}
  if (!values.title) errors.title = t('consultationSetup.validation.proposalTitleMissing')
  checkLength(errors, values, 'title', 200)
  if (!values.summary) errors.summary = t('consultationSetup.validation.proposalSummaryMissing')
  for (const name of ['summary', 'whatWouldChange', 'whoIsAffected']) checkLength(errors, values, name, 5000)
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return {
    ok: true,
    value: {
      title: values.title ?? '',
      summary: values.summary ?? '',
      whatWouldChange: values.whatWouldChange ?? '',
      whoIsAffected: values.whoIsAffected ?? '',
    },
  }
}

export const documentKinds: readonly DocumentKind[] = [
  'consultation_document',
  'summary',
  'easy_read',
  'large_print',
  'translation',
  'faq',
  'audio',
  'video',
  'bsl',
]

export interface DocumentDetails {
  kind: DocumentKind
  language: string
  title: string
  url: string | null
  file: UploadedFile | null
}

const languagePattern = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/

function uploadedFile(body: unknown): UploadedFile | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined
  if (!value || typeof value !== 'object') return null
  const file = value as Partial<UploadedFile>
  if (!Buffer.isBuffer(file.data) || typeof file.fileName !== 'string') return null
  // A file input left empty still sends a part, with no name and no content.
  if (file.fileName === '' && file.data.length === 0) return null
  return { fileName: file.fileName, data: file.data, truncated: file.truncated === true }
}

/** The fields of a document; the file's content is checked by the service, which knows the limits. */
export function parseDocumentForm(body: unknown): FormResult<DocumentDetails> {
  const values = textValues(body, ['kind', 'language', 'title', 'url'])
  const errors: FieldErrors = {}
  const kind = documentKinds.find((k) => k === values.kind)
  if (!kind) errors.kind = t('consultationSetup.validation.kindMissing')
  const language = (values.language || 'en').toLowerCase()
  if (!languagePattern.test(language)) errors.language = t('consultationSetup.validation.languageInvalid')
  if (kind === 'translation' && language === 'en')
    errors.language = t('consultationSetup.validation.translationLanguage')
  if (!values.title) errors.title = t('consultationSetup.validation.documentTitleMissing')
  checkLength(errors, values, 'title', 200)
  let url: string | null = null
  if (values.url) {
    try {
      const parsed = new URL(values.url)
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('not a web address')
      url = parsed.toString()
    } catch {
      errors.url = t('consultationSetup.validation.urlInvalid')
    }
  }
  const file = uploadedFile(body)
  if (!file && !values.url) errors.file = t('consultationSetup.validation.fileOrUrlMissing')
  if (file && values.url) errors.file = t('consultationSetup.validation.fileAndUrl')
  if (Object.keys(errors).length > 0 || !kind) return { ok: false, errors, values }
  return { ok: true, value: { kind, language, title: values.title ?? '', url, file } }
}

/** The text fields of a body, to show again in a form after a refusal. */
export function bodyValues(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {}
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )
}

/** `/admin/consultations/:id/proposals/:proposalId…`: a proposal of the consultation in the path. */
export const proposalParams = Type.Object({ id: recordId, proposalId: recordId })
export type ProposalParams = Static<typeof proposalParams>
