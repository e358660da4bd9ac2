import type { ConsultationStatus } from '../../platform/db/schema.js'

const statusLabels: Record<ConsultationStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed',
  analysing: 'Analysing',
  reporting: 'Reporting',
  decided: 'Decided',
  following_up: 'Following up',
  archived: 'Archived',
}

const statusColours: Partial<Record<ConsultationStatus, string>> = {
  open: 'green',
  scheduled: 'blue',
  draft: 'grey',
  closed: 'orange',
}

export function presentStatus(status: ConsultationStatus) {
  return { text: statusLabels[status], classes: `nhsuk-tag--${statusColours[status] ?? 'white'}` }
}

export interface ConsultationSummary {
  slug: string
  title: string
  summary: string
  closes_at: Date
}

export function presentPublicListItem(c: ConsultationSummary) {
  return { href: `/consultations/${c.slug}`, title: c.title, summary: c.summary, closesAt: c.closes_at }
}
