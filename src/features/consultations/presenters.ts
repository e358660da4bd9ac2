import type { ConsultationStatus } from '../../platform/db/schema.js'
import { t } from '../../platform/i18n/translate.js'

const statusColours: Partial<Record<ConsultationStatus, string>> = {
  open: 'green',
  scheduled: 'blue',
  draft: 'grey',
  closed: 'orange',
}

export function presentStatus(status: ConsultationStatus) {
  return {
    text: t(`consultations.status.${status}`),
    classes: `nhsuk-tag--${statusColours[status] ?? 'white'}`,
  }
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

/** A consultation in the staff list: its status as a tag and how many responses it has. */
export function presentStaffListItem<C extends { status: ConsultationStatus; response_count: unknown }>(
  c: C,
) {
  return { ...c, status: presentStatus(c.status), responseCount: Number(c.response_count ?? 0) }
}
