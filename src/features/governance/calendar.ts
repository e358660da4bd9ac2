import ical, { ICalEventStatus } from 'ical-generator'
import { t } from '../../platform/i18n/translate.js'
import { publicMeetingPath } from './presenters.js'
import type { GovernanceService } from './service.js'

// The iCalendar feed of meetings (RFC 5545), written by ical-generator. Each meeting keeps one UID
// for ever, so a calendar that subscribed updates the event rather than adding another.

type Calendar = Awaited<ReturnType<GovernanceService['calendar']>>

export function meetingsCalendar({ committee, meetings }: Calendar, baseUrl: string, host: string): string {
  const calendar = ical({
    name: committee ? committee.name : t('governance.titles.publicCommittees'),
    prodId: { company: 'Heard', product: 'meetings', language: 'EN' },
    timezone: 'Europe/London',
  })
  for (const m of meetings) {
    const url = `${baseUrl}${publicMeetingPath(m.committee_slug, m.id)}`
    calendar.createEvent({
      id: `${m.id}@${host}`,
      start: m.starts_at,
      summary: t('governance.calendar.summary', { committee: m.committee_name }),
      location: m.online && !m.place ? t('governance.calendar.online') : m.place,
      description: [t(`governance.session.${m.session}`), m.webcast_url, url].filter(Boolean).join('\n'),
      url,
      status: ICalEventStatus.CONFIRMED,
      stamp: m.updated_at ?? m.created_at,
    })
  }
  return calendar.toString()
}
