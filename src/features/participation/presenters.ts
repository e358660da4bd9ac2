import { stringify } from 'csv-stringify/sync'
import { neutraliseFormulas } from '../../platform/csv/formula-cells.js'
import type { ConsultationRow } from '../../platform/db/schema.js'
import { pValueText } from '../../platform/i18n/p-values.js'
import { t } from '../../platform/i18n/translate.js'
import { formatLondonDateTime } from '../../platform/time/london.js'
import { channels } from '../responses/index.js'
import type { StoredLink } from './duplicates/duplicates.js'
import type { ProfileTable, ReachTable } from './profile/profile.js'
import type { ProfileFilter } from './repository.js'
import type { ParticipationService } from './service.js'

// View models and the scrutiny CSV: numbers formatted once, suppressed cells said in words.

const oneDecimal = (n: number | undefined) => (n === undefined ? '' : n.toFixed(1))

export function presentProfileTable(table: ProfileTable) {
  const suppressed = t('participation.suppressed')
  return {
    title: table.title,
    total: table.total,
    rows: table.rows.map((r) => ({
      label: r.label,
      count: r.suppressed ? suppressed : String(r.count),
      percent: r.suppressed ? '' : `${oneDecimal(r.percent)}%`,
    })),
  }
}

export function presentReachTable(
  table: ReachTable & { bases?: readonly string[]; tables?: readonly string[] },
) {
  const suppressed = t('participation.suppressed')
  const signed = (n: number | undefined) => (n === undefined ? '' : `${n > 0 ? '+' : ''}${n.toFixed(1)}`)
  const { fit } = table
  return {
    title: table.title,
    total: table.total,
    summary: fit
      ? [
          t('participation.reachTest.fit', {
            total: table.total,
            statistic: fit.statistic.toFixed(1),
            degreesOfFreedom: fit.degreesOfFreedom,
            p: pValueText(fit.pValue),
          }),
          ...(fit.smallExpected ? [t('participation.reachTest.smallExpected')] : []),
        ].join('; ')
      : t('participation.reachTest.suppressed', { total: table.total }),
    bases: (table.bases ?? []).map((base) => t(`participation.reachBase.${base}`)),
    sources: table.tables ?? [],
    rows: table.rows.map((r) => ({
      label: r.label,
      count: r.suppressed ? suppressed : String(r.count),
      share: r.suppressed ? '' : `${oneDecimal(r.share)}%`,
      populationShare: `${oneDecimal(r.populationShare)}%`,
      difference: signed(r.difference),
      ratio: r.ratio === undefined ? '' : r.ratio.toFixed(2),
      residual: signed(r.residual),
      adjustedP: r.adjustedP === undefined ? '' : pValueText(r.adjustedP),
      flag: r.underHeard ? t('participation.underHeard') : r.overHeard ? t('participation.overHeard') : '',
    })),
  }
}

/** The scrutiny answer's figures: the relationship table over all responses and over each person once. */
export interface ScrutinyFigures {
  all: ProfileTable | undefined
  once: ProfileTable | undefined
  people: { responses: number; people: number; lower: number; upper: number }
}

export function scrutinyRows(answer: ScrutinyFigures) {
  const once = new Map((answer.once?.rows ?? []).map((r) => [r.value, r]))
  const suppressed = t('participation.suppressed')
  return (answer.all?.rows ?? []).map((r) => {
    const o = once.get(r.value)
    return {
      label: r.label,
      responses: r.suppressed ? suppressed : String(r.count),
      responsesPercent: r.suppressed ? '' : `${oneDecimal(r.percent)}%`,
      people: !o || o.suppressed ? suppressed : String(o.count),
      peoplePercent: !o || o.suppressed ? '' : `${oneDecimal(o.percent)}%`,
    }
  })
}

export function scrutinyCsv(answer: ScrutinyFigures, computedAt: Date, method: string): string {
  const rows = scrutinyRows(answer).map((r) => [
    r.label,
    r.responses,
    r.responsesPercent,
    r.people,
    r.peoplePercent,
  ])
  return stringify(
    neutraliseFormulas([
      [
        t('participation.csv.group'),
        t('participation.csv.responses'),
        t('participation.csv.responsesPercent'),
        t('participation.csv.people'),
        t('participation.csv.peoplePercent'),
      ],
      ...rows,
      [
        t('participation.csv.total'),
        String(answer.people.responses),
        '100.0%',
        // The people column counts each person once: the top of the estimate's range.
        String(answer.people.upper),
        '100.0%',
      ],
      [t('participation.csv.method'), method],
      [t('participation.csv.computed'), formatLondonDateTime(computedAt)],
    ]),
  )
}

/**
 * The NHS.UK numbered pagination's items: the first and last page, the current one and its
 * neighbours, with an ellipsis for any gap. Plain links, so it works without JavaScript.
 */
export function presentPagination(page: number, pages: number, href: (page: number) => string) {
  if (pages <= 1) return undefined
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b)
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = []
  let last = 0
  for (const n of shown) {
    if (n - last > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
    last = n
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : {},
    next: page < pages ? { href: href(page + 1) } : {},
  }
}

// What a service method resolves to, so the view models follow the service without restating its types.
type ServiceAnswer<K extends keyof ParticipationService> = Awaited<ReturnType<ParticipationService[K]>>

export interface DashboardData {
  consultation: ConsultationRow
  status: ServiceAnswer<'storedFigures'>
  filter: ProfileFilter
  /** The tables from the stored figures; none before a first detection run. */
  figures: ReturnType<ParticipationService['dashboardFigures']> | undefined
  threshold: number
  canDecide: boolean
}

/** The dashboard: every table formatted, and the filter's choices with the current one selected. */
export function presentDashboard(data: DashboardData) {
  const { consultation, status, filter, figures, threshold } = data
  const partners = status.figures?.partners ?? []
  return {
    pageTitle: t('participation.titles.dashboard', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}/responses`,
    consultation,
    status,
    threshold,
    method: t('participation.method', { threshold }),
    figures: figures && {
      estimate: figures.estimate,
      profile: { ...figures.profile, tables: figures.profile.tables.map(presentProfileTable) },
      channelTable: presentProfileTable(figures.profile.channels),
      partnerTable: presentProfileTable(figures.profile.partners),
      reach: figures.reach.available
        ? { ...figures.reach, tables: figures.reach.tables.map(presentReachTable) }
        : figures.reach,
    },
    channelItems: [
      { value: '', text: t('filters.anyChannel') },
      ...channels.map((c) => ({ value: c, text: c, selected: filter.channel === c })),
    ],
    partnerItems: [
      { value: '', text: t('participation.anyPartner') },
      ...partners.map((p) => ({ value: p.id, text: p.name, selected: filter.partnerId === p.id })),
    ],
    canDecide: data.canDecide,
  }
}

/** One link of a group as the group page shows it: the two responses, the weight and each field's evidence. */
function presentLink(link: StoredLink, references: ReadonlyMap<string, string>) {
  return {
    between: [references.get(link.a) ?? link.a, references.get(link.b) ?? link.b],
    weight: link.weight.toFixed(1),
    probability: Math.round(link.probability * 100),
    fields: link.evidence.map((e) => ({
      field: t(`participation.evidence.${e.field}`),
      level: t(`participation.evidence.level.${e.level}`),
      weight: `${e.weight >= 0 ? '+' : '−'}${Math.abs(e.weight).toFixed(1)}`,
    })),
  }
}

/** One group of possible duplicates, its tier, the evidence of each link in words, and links to its other pages of responses. */
export function presentGroup(detail: ServiceAnswer<'getGroup'>, canDecide: boolean) {
  const tierLabel = t(`participation.tier.${detail.group.tier}`)
  const url = `/admin/participation/groups/${detail.group.id}`
  const { earlier, later, members } = detail
  const paged = earlier !== undefined || later !== undefined
  const references = new Map(members.map((m) => [m.id, m.reference]))
  const links = (detail.group.evidence.links as StoredLink[] | undefined) ?? []
  return {
    // Positions are numbered from 0 in the order detection found the members.
    shown: paged
      ? { from: (members[0]?.position ?? 0) + 1, to: (members.at(-1)?.position ?? 0) + 1 }
      : undefined,
    pagination: paged
      ? {
          previous: earlier === undefined ? {} : { href: `${url}?before=${earlier}` },
          next: later === undefined ? {} : { href: `${url}?after=${later}` },
        }
      : undefined,
    pageTitle: t('participation.titles.group', { tier: tierLabel, title: detail.consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${detail.consultation.id}/participation/groups`,
    ...detail,
    tierLabel,
    links: links.map((l) => presentLink(l, references)),
    canDecide,
  }
}
