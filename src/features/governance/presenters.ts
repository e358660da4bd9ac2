import type { FieldErrors } from '../../platform/errors.js'
import { formModel } from '../../platform/http/forms.js'
import { t } from '../../platform/i18n/translate.js'
import { formatLondonDate } from '../../platform/time/london.js'
import { committeeKinds, lateKinds, meetingSessions, paperKinds } from './forms.js'
import { isHeld, isOverdue, nextMeetingStatus, paperNotice } from './notice.js'
import type { GovernanceService } from './service.js'

// View models for the staff and public governance pages: labels from the locale file, links
// built once, and each action's state (open, overdue, closed) said in words.

type Home = Awaited<ReturnType<GovernanceService['home']>>
type CommitteeRecord = Awaited<ReturnType<GovernanceService['committee']>>
type MeetingRecord = Awaited<ReturnType<GovernanceService['meeting']>>
type ItemRecord = Awaited<ReturnType<GovernanceService['item']>>
type ItemForm = Awaited<ReturnType<GovernanceService['itemForm']>>
type ConsultationRecord = Awaited<ReturnType<GovernanceService['forConsultation']>>
type Action = CommitteeRecord['actions'][number]
type Agenda = MeetingRecord['agenda']
type FormState = { errors?: FieldErrors; values?: Record<string, string> }

export const staffBase = '/admin/governance'
export const committeePath = (id: string) => `${staffBase}/committees/${id}`
export const meetingPath = (id: string) => `${staffBase}/meetings/${id}`
export const itemPath = (id: string) => `${staffBase}/items/${id}`
export const publicCommitteePath = (slug: string) => `/committees/${slug}`
export const publicMeetingPath = (slug: string, id: string) => `/committees/${slug}/meetings/${id}`
export const liveAnswerPath = (consultationId: string) =>
  `/admin/consultations/${consultationId}/participation/scrutiny`

const options = (values: readonly string[], prefix: string, chosen: string | undefined, blank?: string) => [
  ...(blank ? [{ value: '', text: t(blank), selected: !chosen, checked: !chosen }] : []),
  // `selected` for a select, `checked` for radios: one list serves either.
  ...values.map((value) => ({
    value,
    text: t(`${prefix}.${value}`),
    selected: value === chosen,
    checked: value === chosen,
  })),
]

const committeeCrumb = (c: { id: string; name: string }) => ({ text: c.name, href: committeePath(c.id) })
const meetingCrumb = (m: { id: string; starts_at: Date }) => ({
  text: formatLondonDate(m.starts_at),
  href: meetingPath(m.id),
})

export function presentAction(a: Action, today: string, staff: boolean) {
  const overdue = isOverdue(a, today)
  return {
    ...a,
    overdue,
    stateLabel: t(`governance.actionState.${overdue ? 'overdue' : a.status}`),
    stateColour: overdue ? 'red' : a.status === 'closed' ? 'green' : 'blue',
    askedHref: staff ? itemPath(a.item_id) : publicMeetingPath(a.committee_slug, a.meeting_id),
    closedHref:
      a.closed_by_meeting_id && a.closed_by_item_id
        ? staff
          ? itemPath(a.closed_by_item_id)
          : publicMeetingPath(a.committee_slug, a.closed_by_meeting_id)
        : undefined,
  }
}

export function presentHome({ committees, overdue, today }: Home, canMaintain: boolean) {
  return {
    pageTitle: t('governance.titles.home'),
    activeNav: 'consultations',
    backHref: '/admin',
    committees: committees.map((c) => ({
      ...c,
      href: committeePath(c.id),
      kindLabel: t(`governance.kind.${c.kind}`),
    })),
    overdue: overdue.map((a) => presentAction(a, today, true)),
    canMaintain,
  }
}

export function presentCommitteeForm(form: FormState) {
  return {
    pageTitle: t('governance.titles.committeeNew'),
    activeNav: 'consultations',
    backHref: staffBase,
    kindItems: options(committeeKinds, 'governance.kind', form.values?.kind),
    ...formModel({ ...form, values: { noticeDays: '5', ...form.values } }),
  }
}

function splitMeetings<M extends { starts_at: Date }>(meetings: M[], now: Date) {
  return {
    upcoming: meetings.filter((m) => m.starts_at >= now).reverse(),
    past: meetings.filter((m) => m.starts_at < now),
  }
}

const meetingLabels = <M extends { status: string; session: string }>(m: M) => ({
  ...m,
  statusLabel: t(`governance.status.${m.status}`),
  sessionLabel: t(`governance.session.${m.session}`),
})

export function presentCommittee(record: CommitteeRecord, canMaintain: boolean) {
  const { committee, meetings, actions, today, now } = record
  const shown = meetings.map((m) => ({ ...meetingLabels(m), href: meetingPath(m.id) }))
  const presented = actions.map((a) => presentAction(a, today, true))
  return {
    pageTitle: committee.name,
    activeNav: 'consultations',
    backHref: staffBase,
    committee,
    kindLabel: t(`governance.kind.${committee.kind}`),
    publicHref: publicCommitteePath(committee.slug),
    ...splitMeetings(shown, now),
    openActions: presented.filter((a) => a.status === 'open'),
    closedActions: presented.filter((a) => a.status === 'closed'),
    overdueCount: presented.filter((a) => a.overdue).length,
    canMaintain,
  }
}

export function presentPublicCommittee(record: CommitteeRecord) {
  const { committee, meetings, actions, today, now } = record
  const shown = meetings.map((m) => ({ ...meetingLabels(m), href: publicMeetingPath(committee.slug, m.id) }))
  const presented = actions.map((a) => presentAction(a, today, false))
  return {
    pageTitle: committee.name,
    activeNav: 'committees',
    backHref: '/committees',
    committee,
    kindLabel: t(`governance.kind.${committee.kind}`),
    calendarHref: `${publicCommitteePath(committee.slug)}/meetings.ics`,
    ...splitMeetings(shown, now),
    openActions: presented.filter((a) => a.status === 'open'),
    closedActions: presented.filter((a) => a.status === 'closed'),
  }
}

export function presentMeetingForm(committee: { id: string; name: string }, form: FormState) {
  return {
    pageTitle: t('governance.titles.meetingNew', { committee: committee.name }),
    activeNav: 'consultations',
    backHref: committeePath(committee.id),
    trail: [committeeCrumb(committee)],
    action: `${committeePath(committee.id)}/meetings`,
    sessionItems: options(meetingSessions, 'governance.session', form.values?.session ?? 'public'),
    ...formModel(form),
  }
}

/** Each item with its papers' notice, questions, resolutions and actions, for staff or the public. */
function presentAgenda(
  agenda: Agenda,
  meeting: { starts_at: Date },
  noticeDays: number,
  today: string,
  staff: boolean,
) {
  return agenda.map(({ item, papers, questions, resolutions }) => ({
    ...item,
    href: itemPath(item.id),
    lateLabel: item.late_kind ? t(`governance.lateKind.${item.late_kind}`) : undefined,
    consultationHref: item.consultation_slug
      ? staff
        ? `/admin/consultations/${item.consultation_id}/governance`
        : `/consultations/${item.consultation_slug}`
      : undefined,
    papers: papers.map((p) => {
      const notice = paperNotice(p.published_on, meeting.starts_at, noticeDays)
      return {
        ...p,
        ...notice,
        kindLabel: t(`governance.paperKind.${p.kind}`),
        href:
          p.document_id && p.consultation_slug
            ? `/consultations/${p.consultation_slug}/documents/${p.document_id}`
            : p.url,
        noticeLabel: notice.afterMeeting
          ? t('governance.notice.afterMeeting')
          : t('governance.notice.daysBefore', { days: notice.daysBefore }),
      }
    }),
    questions: questions.map((q) => ({
      ...q,
      liveHref:
        staff && q.live_answer && item.consultation_id ? liveAnswerPath(item.consultation_id) : undefined,
      liveLabel: q.live_answer ? t(`governance.liveAnswer.${q.live_answer}`) : undefined,
    })),
    resolutions: resolutions.map((r) => ({
      ...r.resolution,
      correctHref: `${staffBase}/resolutions/${r.resolution.id}/correction`,
      actions: r.actions.map((a) => presentAction(a, today, staff)),
    })),
  }))
}

function presentMeetingHeading(record: MeetingRecord) {
  const { meeting, committee } = record
  return {
    meeting: meetingLabels(meeting),
    committee,
    held: isHeld(meeting.status),
    noticeDays: committee.notice_days,
    corrections: record.corrections,
  }
}

export function presentMeeting(record: MeetingRecord, canMaintain: boolean, form: FormState = {}) {
  const next = nextMeetingStatus[record.meeting.status]
  return {
    pageTitle: t('governance.titles.meeting', { committee: record.committee.name }),
    activeNav: 'consultations',
    backHref: committeePath(record.committee.id),
    trail: [committeeCrumb(record.committee)],
    ...presentMeetingHeading(record),
    publicHref: publicMeetingPath(record.committee.slug, record.meeting.id),
    agenda: presentAgenda(record.agenda, record.meeting, record.committee.notice_days, record.today, true),
    nextStatus: next,
    nextStatusLabel: next ? t(`governance.statusAction.${next}`) : undefined,
    minutesNeedReason: record.meeting.minutes !== '',
    canMaintain,
    ...formModel({ ...form, values: { minutes: record.meeting.minutes, ...form.values } }),
  }
}

export function presentPublicMeeting(record: MeetingRecord) {
  return {
    pageTitle: t('governance.titles.meeting', { committee: record.committee.name }),
    activeNav: 'committees',
    backHref: publicCommitteePath(record.committee.slug),
    ...presentMeetingHeading(record),
    agenda: presentAgenda(record.agenda, record.meeting, record.committee.notice_days, record.today, false),
  }
}

export function presentItemForm({ committee, meeting, consultationChoices }: ItemForm, form: FormState) {
  return {
    pageTitle: t('governance.titles.itemNew'),
    activeNav: 'consultations',
    backHref: meetingPath(meeting.id),
    trail: [committeeCrumb(committee), meetingCrumb(meeting)],
    action: `${meetingPath(meeting.id)}/items`,
    committee,
    meeting,
    consultationItems: [
      { value: '', text: t('governance.form.noConsultation'), selected: !form.values?.consultationId },
      ...consultationChoices.map((c) => ({
        value: c.id,
        text: c.title,
        selected: c.id === form.values?.consultationId,
      })),
    ],
    lateKindItems: options(lateKinds, 'governance.lateKind', form.values?.lateKind, 'governance.form.onTime'),
    ...formModel(form),
  }
}

export function presentItem(record: ItemRecord, canMaintain: boolean, form: FormState = {}) {
  const [entry] = presentAgenda(
    [record.entry],
    record.meeting,
    record.committee.notice_days,
    record.today,
    true,
  )
  return {
    pageTitle: record.entry.item.title,
    activeNav: 'consultations',
    backHref: meetingPath(record.meeting.id),
    trail: [committeeCrumb(record.committee), meetingCrumb(record.meeting)],
    ...presentMeetingHeading(record),
    entry,
    canMaintain,
    paperKindItems: options(paperKinds, 'governance.paperKind', form.values?.paperKind),
    documentItems: [
      { value: '', text: t('governance.form.noDocument'), selected: !form.values?.paperDocumentId },
      ...record.documents.map((d) => ({
        value: d.id,
        text: d.title,
        selected: d.id === form.values?.paperDocumentId,
      })),
    ],
    dueMeetingItems: [
      { value: '', text: t('governance.form.noDueMeeting'), selected: !form.values?.actionDueMeetingId },
      ...record.laterMeetings.map((m) => ({
        value: m.id,
        text: t('governance.form.meetingOn', { date: m.starts_at.toISOString().slice(0, 10) }),
        selected: m.id === form.values?.actionDueMeetingId,
      })),
    ],
    closable: record.closable.map((a) => ({
      value: a.id,
      text: `${a.description} (${t('governance.form.dueOn', { date: a.due_on })})`,
      checked: a.id === form.values?.actionId,
    })),
    closedHere: record.closedHere.map((a) => presentAction(a, record.today, true)),
    ...formModel(form),
  }
}

export function presentResolutionCorrection(
  record: Awaited<ReturnType<GovernanceService['resolution']>>,
  form: FormState,
) {
  return {
    pageTitle: t('governance.titles.correctResolution'),
    activeNav: 'consultations',
    backHref: itemPath(record.resolution.agenda_item_id),
    trail: [committeeCrumb(record.committee), meetingCrumb(record.meeting)],
    action: `${staffBase}/resolutions/${record.resolution.id}/correction`,
    committee: record.committee,
    meeting: record.meeting,
    ...formModel({ ...form, values: { text: record.resolution.text, ...form.values } }),
  }
}

export function presentConsultationGovernance(record: ConsultationRecord) {
  const { consultation, items, actions, today } = record
  return {
    pageTitle: t('governance.titles.consultation', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}/responses`,
    consultation,
    items: items.map((i) => ({
      ...i,
      href: itemPath(i.id),
      lateLabel: i.late_kind ? t(`governance.lateKind.${i.late_kind}`) : undefined,
      statusLabel: t(`governance.status.${i.status}`),
    })),
    actions: actions.map((a) => presentAction(a, today, true)),
    liveAnswerHref: liveAnswerPath(consultation.id),
  }
}

export function presentPublicCommittees(
  committees: Awaited<ReturnType<GovernanceService['listCommittees']>>,
) {
  return {
    pageTitle: t('governance.titles.publicCommittees'),
    activeNav: 'committees',
    committees: committees.map((c) => ({
      ...c,
      href: publicCommitteePath(c.slug),
      kindLabel: t(`governance.kind.${c.kind}`),
    })),
    calendarHref: '/committees/meetings.ics',
  }
}
