import type { ConsultationStatus } from '../../platform/db/schema.js'
import { t } from '../../platform/i18n/translate.js'
import { landingFor } from './workspace/sections.js'

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

/**
 * A consultation in the staff list: its status as a tag, how many responses count, and where
 * these roles start work on it.
 */
export function presentStaffListItem<
  C extends { id: string; status: ConsultationStatus; response_count: unknown },
>(c: C, userRoles: readonly string[]) {
  return {
    ...c,
    href: landingFor(c.id, userRoles),
    status: presentStatus(c.status),
    responseCount: Number(c.response_count ?? 0).toLocaleString('en-GB'),
  }
}
