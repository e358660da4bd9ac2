import type { ConsultationRow, ConsultationStatus, DocumentKind } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDateTime, londonWallClock } from '../../../platform/time/london.js'
import { presentStatus } from '../presenters.js'
import { allowedFormats, fileSize, formatName } from './document-files.js'
import { documentKinds } from './forms.js'
import type { TransitionCheck } from './lifecycle.js'
import { openPeriods, weeksAndDays } from './open-periods.js'
import type { ConsultationSetupService } from './service.js'

// View models for setting up a consultation and for its public page.

const englishNames = new Intl.DisplayNames(['en'], { type: 'language' })

function languageNames(code: string) {
  let native = code
  try {
    native = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
  } catch {
    native = englishNames.of(code) ?? code
  }
  return { english: englishNames.of(code) ?? code, native }
}

/** Text typed in a box as paragraphs, split at blank lines. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

const extensions: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
}

export function extensionOf(mediaType: string): string {
  return extensions[mediaType] ?? 'bin'
}

export interface DocumentRow {
  id: string
  kind: DocumentKind
  language: string
  title: string
  url: string | null
  media_type: string | null
  byte_size: number | null
}

export function presentDocument(slug: string, d: DocumentRow) {
  const names = languageNames(d.language)
  const href = d.media_type ? `/consultations/${slug}/documents/${d.id}` : d.url
  return {
    title: d.title,
    kind: t(`consultationSetup.documentKinds.${d.kind}`),
    href,
    external: !d.media_type && d.url !== null,
    format: d.media_type
      ? `${formatName(extensionOf(d.media_type))}, ${fileSize(d.byte_size ?? 0)}`
      : undefined,
    language: d.language,
    otherLanguage: d.language !== 'en',
    languageName: names.english,
    nativeLanguageName: names.native,
  }
}

export interface ProposalRow {
  id: string
  position: number
  title: string
  summary: string
  what_would_change: string
  who_is_affected: string
}

export function presentProposal(p: ProposalRow) {
  return {
    id: p.id,
    position: p.position,
    title: p.title,
    summary: paragraphsOf(p.summary),
    whatWouldChange: paragraphsOf(p.what_would_change),
    whoIsAffected: paragraphsOf(p.who_is_affected),
  }
}

// Statuses in which responses may still arrive: after these the consultation is being analysed,
// decided or archived, and no response is taken whatever its dates say.
const collectingStatuses: readonly ConsultationRow['status'][] = ['draft', 'scheduled', 'open', 'closed']

export function presentPublicPage(page: {
  consultation: ConsultationRow
  proposals: ProposalRow[]
  documents: DocumentRow[]
  events: { title: string; held_at: Date; place: string; format: 'in_person' | 'online'; audience: string }[]
  now: Date
}) {
  const c = page.consultation
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    draft: c.status === 'draft',
    status: presentStatus(c.status),
    sponsors: c.sponsors,
    areas: c.areas,
    opensAt: formatLondonDateTime(c.opens_at),
    closesAt: formatLondonDateTime(c.closes_at),
    notYetOpen: page.now < c.opens_at,
    closed: page.now >= c.closes_at,
    // Paper counts until the postal deadline; the other ways of responding end at the close.
    takesPaper: collectingStatuses.includes(c.status) && page.now < (c.postal_deadline_at ?? c.closes_at),
    takesViews: collectingStatuses.includes(c.status) && page.now < c.closes_at,
    postalDeadline: c.postal_deadline_at ? formatLondonDateTime(c.postal_deadline_at) : undefined,
    freepostAddress: linesOf(c.freepost_address),
    contactEmail: c.contact_email,
    contactPhone: c.contact_phone,
    privacyNotice: paragraphsOf(c.privacy_notice),
    nextSteps: paragraphsOf(c.next_steps),
    proposals: page.proposals.map(presentProposal),
    documents: page.documents.filter((d) => d.media_type || d.url).map((d) => presentDocument(c.slug, d)),
    events: page.events.map((e) => ({
      title: e.title,
      when: formatLondonDateTime(e.held_at),
      place: e.place,
      format: t(`consultationSetup.eventFormats.${e.format}`),
      audience: e.audience,
    })),
  }
}

/** A UK date and time as the form's fields show them: "24/05/2021" and "09:00". */
function formMoment(value: Date | null) {
  if (!value) return { date: '', time: '' }
  const { date, time } = londonWallClock(value)
  return { date: date.split('-').reverse().join('/'), time }
}

/** Form values for editing: the stored consultation as the fields show it, in UK time. */
export function consultationFormValues(c: ConsultationRow): Record<string, string> {
  const opens = formMoment(c.opens_at)
  const closes = formMoment(c.closes_at)
  const postal = formMoment(c.postal_deadline_at)
  return {
    title: c.title,
    slug: c.slug,
    summary: c.summary,
    sponsors: c.sponsors.join('\n'),
    areas: c.areas.join('\n'),
    contactEmail: c.contact_email,
    contactPhone: c.contact_phone,
    freepostAddress: c.freepost_address,
    privacyNotice: c.privacy_notice,
    nextSteps: c.next_steps,
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    postalDate: postal.date,
    postalTime: postal.time,
  }
}

export function presentTransitions(transitions: { to: ConsultationStatus; check: TransitionCheck }[]) {
  return transitions.map(({ to, check }) => ({
    to,
    text: t(`consultationSetup.lifecycle.actions.${to}`),
    allowed: check.ok,
    reason: check.ok ? undefined : t(`consultationSetup.lifecycle.refused.${check.reason}`),
  }))
}

export function presentHistory(
  rows: {
    from_status: ConsultationStatus | null
    to_status: ConsultationStatus
    changed_at: Date
    actor_label: string
  }[],
) {
  return rows.map((r) => ({
    from: r.from_status ? presentStatus(r.from_status).text : '',
    to: presentStatus(r.to_status).text,
    at: formatLondonDateTime(r.changed_at),
    by: r.actor_label,
  }))
}

/** One sentence per stretch the consultation was open: "Open for 12 weeks, from … to …". */
export function presentOpenPeriods(rows: { to_status: ConsultationStatus; changed_at: Date }[]) {
  return openPeriods(rows).map((period) => {
    if (!period.to)
      return t('consultationSetup.history.openSince', { from: formatLondonDateTime(period.from) })
    const { weeks, days } = weeksAndDays(period.from, period.to)
    return t(days === 0 ? 'consultationSetup.history.openForWeeks' : 'consultationSetup.history.openFor', {
      weeks,
      days,
      from: formatLondonDateTime(period.from),
      to: formatLondonDateTime(period.to),
    })
  })
}

export function documentKindItems(selected: string | undefined) {
  return documentKinds.map((kind) => ({
    value: kind,
    text: t(`consultationSetup.documentKinds.${kind}`),
    selected: kind === selected,
  }))
}

const adminBase = (id: string) => `/admin/consultations/${id}`

/** The details form, for a new consultation or to change one. */
export function presentDetailsForm(id: string | undefined) {
  return {
    pageTitle: t(id ? 'consultationSetup.titles.change' : 'consultationSetup.titles.create'),
    activeNav: 'consultations',
    backHref: id ? adminBase(id) : '/admin',
    action: id ? adminBase(id) : '/admin/consultations',
    creating: !id,
  }
}

type AdminView = Awaited<ReturnType<ConsultationSetupService['getAdminView']>>

/** A consultation's staff page: its status, what can happen next, its proposals and documents. */
export function presentAdminView(view: AdminView) {
  const c = view.consultation
  return {
    pageTitle: c.title,
    activeNav: 'consultations',
    backHref: '/admin',
    consultation: c,
    status: presentStatus(c.status),
    editable: view.editable,
    hasPublishedQuestionnaire: view.hasPublishedQuestionnaire,
    transitions: presentTransitions(view.transitions),
    history: presentHistory(view.history),
    openPeriods: presentOpenPeriods(view.history),
    proposals: view.proposals.map(presentProposal),
    documents: view.documents.map((d) => ({
      ...d,
      kind: t(`consultationSetup.documentKinds.${d.kind}`),
      size: d.byte_size === null ? undefined : fileSize(d.byte_size),
    })),
  }
}

/** The proposal form, to add one or to change the one named. */
export function presentProposalForm(consultation: ConsultationRow, proposalId: string | undefined) {
  const base = adminBase(consultation.id)
  return {
    pageTitle: t(
      proposalId ? 'consultationSetup.titles.changeProposal' : 'consultationSetup.titles.addProposal',
    ),
    activeNav: 'consultations',
    backHref: base,
    consultation,
    action: proposalId ? `${base}/proposals/${proposalId}` : `${base}/proposals`,
  }
}

/** A proposal as the form's fields hold it. */
export function proposalFormValues(p: ProposalRow): Record<string, string> {
  return {
    title: p.title,
    summary: p.summary,
    whatWouldChange: p.what_would_change,
    whoIsAffected: p.who_is_affected,
  }
}

/** The document form, saying which files it takes and how large. */
export function presentDocumentForm(
  consultation: ConsultationRow,
  kind: string | undefined,
  limitBytes: number,
) {
  const base = adminBase(consultation.id)
  return {
    pageTitle: t('consultationSetup.titles.addDocument'),
    activeNav: 'consultations',
    backHref: base,
    consultation,
    action: `${base}/documents`,
    kindItems: documentKindItems(kind),
    writtenFormats: allowedFormats('summary').join(', '),
    audioFormats: allowedFormats('audio').join(', '),
    videoFormats: allowedFormats('video').join(', '),
    limit: fileSize(limitBytes),
  }
}
