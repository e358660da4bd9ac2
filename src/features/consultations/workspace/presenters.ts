import { describeLeftOut } from '../../../platform/db/counted.js'
import { responseChannels } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { presentStatus } from '../presenters.js'
import { sectionsFor, workspaceBase } from './sections.js'
import type { WorkspaceOverview } from './service.js'

export function presentOverview(overview: WorkspaceOverview, userRoles: readonly string[]) {
  const { consultation, counted, waiting } = overview
  const base = workspaceBase(consultation.id)
  const visible = new Map(sectionsFor(userRoles).map((s) => [s.key, base + s.path]))
  const attention = [
    { key: 'lateUndecided', n: counted.leftOut.lateUndecided, section: 'lateReturns' },
    { key: 'papersAwaitingSecond', n: waiting.papersAwaitingSecond, section: 'paper' },
    { key: 'papersMismatched', n: waiting.papersMismatched, section: 'paper' },
    { key: 'groupsUndecided', n: waiting.groupsUndecided, section: 'duplicates' },
    { key: 'actionsOverdue', n: waiting.actionsOverdue, section: 'decisions' },
  ]
    .filter((item) => item.n > 0)
    .map((item) => ({
      text: t(`workspace.attention.${item.key}`, { n: item.n.toLocaleString('en-GB') }),
      href: visible.get(item.section),
    }))
  return {
    pageTitle: t('workspace.titles.overview', { title: consultation.title }),
    activeNav: 'consultations',
    consultation,
    status: presentStatus(consultation.status),
    counted: counted.counted.toLocaleString('en-GB'),
    leftOut: describeLeftOut(counted),
    channels: responseChannels
      .filter((channel) => (counted.countedByChannel[channel] ?? 0) > 0)
      .map((channel) => ({
        text: t(`responses.channels.${channel}`),
        n: (counted.countedByChannel[channel] ?? 0).toLocaleString('en-GB'),
      })),
    attention,
  }
}
