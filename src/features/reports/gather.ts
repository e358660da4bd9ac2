import { responseChannels } from '../../platform/db/schema.js'
import { suppressCounts } from '../../platform/disclosure/suppression.js'
import { t } from '../../platform/i18n/translate.js'
import { type AnalysisService, type CodingService, defaultInclusion } from '../analysis/index.js'
import type { ConsultationService } from '../consultations/index.js'
import type { ParticipationService } from '../participation/index.js'
import { countTable, differencesOf, headlineOf, questionTable, reachTableOf } from './evidence-tables.js'
import type { Evidence, EvidenceBasis, ProposalEvidence, ReportTable, ThemeFigure } from './model.js'

// Gathering a report's evidence from the stored analysis, through the other features' front
// doors. This is the one slow step of a report (it counts as the results pages do); building
// an edition afterwards reads only what is gathered here.

/** The events a report lists, taken by shape so the reports feature needs no more of the events pages. */
export interface ReportEvents {
  list(consultationId: string): Promise<{
    events: { title: string; held_at: Date; attendees: number | null; format: string }[]
  }>
}

export interface GatherDeps {
  consultations: Pick<ConsultationService, 'getById'>
  analysis: Pick<AnalysisService, 'allTables' | 'disclosureThreshold'>
  coding: Pick<CodingService, 'themeCounts' | 'listQuotes' | 'codeframe' | 'listSamples' | 'agreement'>
  participation: Pick<ParticipationService, 'profile' | 'reach' | 'estimate' | 'detectionStatus'>
  events: ReportEvents
}

const resultsHref = (consultationId: string, key?: string, breakdown?: string) =>
  `/admin/consultations/${consultationId}/results${key ? `/${key}` : ''}${breakdown ? `?breakdown=${breakdown}` : ''}`

/** What approval compares: cheap, indexed reads that change whenever the analysis would. */
export async function currentBasis(deps: GatherDeps, consultationId: string): Promise<EvidenceBasis> {
  const [detection, codeframe, quotes] = await Promise.all([
    deps.participation.detectionStatus(consultationId),
    deps.coding.codeframe(consultationId),
    deps.coding.listQuotes(consultationId),
  ])
  return {
    counted: detection.counted,
    codeframeVersion: codeframe.versions[0]?.version ?? 0,
    quotesReviewed: quotes.filter((q) => q.status === 'approved').length,
    detectedAt: detection.run?.detected_at ? new Date(detection.run.detected_at).toISOString() : null,
  }
}

/** The steps of gathering, in order, for the progress a background run shows. */
export const gatheringSteps = 5

export async function gatherEvidence(
  deps: GatherDeps,
  consultationId: string,
  at: Date,
  onStep: (step: number) => Promise<unknown> = async () => {},
): Promise<Evidence> {
  const threshold = deps.analysis.disclosureThreshold
  const basis = await currentBasis(deps, consultationId)
  const consultation = await deps.consultations.getById(consultationId)
  await onStep(1)
  const overall = await deps.analysis.allTables(consultationId, undefined, defaultInclusion)
  await onStep(2)
  const byChannel = await deps.analysis.allTables(consultationId, 'channel', defaultInclusion)
  await onStep(3)
  const profile = await deps.participation.profile(consultationId, {}, threshold)
  const people = await deps.participation.estimate(consultationId)
  const reach = await deps.participation.reach(consultationId, {}, threshold)
  await onStep(4)
  const themeCounts = await deps.coding.themeCounts(consultationId, { kind: 'none' })
  const quotes = await deps.coding.listQuotes(consultationId)
  const samples = await deps.coding.listSamples(consultationId)
  const agreement = samples[0] ? await deps.coding.agreement(consultationId, samples[0].id) : undefined
  const { events } = await deps.events.list(consultationId)

  const settings = (breakdown?: string): ReportTable['source']['settings'] => [
    [t('reports.settings.counted'), overall.footnote],
    [t('reports.settings.breakdown'), breakdown ?? t('reports.settings.none')],
    [t('reports.settings.threshold'), String(threshold)],
  ]
  const channelTables = new Map(byChannel.tables.map((q) => [q.question.key, q.table]))
  const tables = overall.tables.map((q) => ({
    proposal: q.question.proposal,
    key: q.question.key,
    crosstab: q.table,
    table: questionTable(
      q.question.key,
      q.question.title,
      q.table,
      { href: resultsHref(consultationId, q.question.key), settings: settings() },
      overall.footnote,
    ),
    differences: differencesOf(
      q.question.title,
      channelTables.get(q.question.key) ?? q.table,
      t('reports.byChannel'),
    ),
  }))
  const proposals: ProposalEvidence[] = overall.proposals.map((p) => {
    const own = tables.filter((q) => q.proposal === p.position)
    const agreementTable = own.find((q) => q.crosstab.agreement)
    return {
      title: p.title,
      tables: own.map((q) => q.table),
      differences: own.flatMap((q) => q.differences),
      headline: agreementTable
        ? headlineOf(p.title, agreementTable.crosstab, resultsHref(consultationId, agreementTable.key))
        : null,
    }
  })

  const codedComments = themeCounts.groups.reduce((n, g) => n + g.codedComments, 0)
  const topLevel = themeCounts.themes.filter((th) => th.depth === 0)
  const hidden = suppressCounts(
    topLevel.map((th) => th.total),
    [],
    { threshold },
  )
  const themesHref = `/admin/consultations/${consultationId}/coding/theme-counts`
  const themes: ThemeFigure[] = topLevel
    .map((th, i) => ({
      code: th.code,
      label: th.label,
      count: hidden[i] ? null : th.total,
      share: hidden[i] || codedComments === 0 ? null : (100 * th.total) / codedComments,
      href: `/admin/consultations/${consultationId}/coding?theme=${th.themeId}`,
    }))
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0))

  const whoResponded = profile.tables.map((table) =>
    countTable(
      `profile_${table.key}`,
      table.title,
      table.rows.map((r) => ({
        label: r.label,
        count: r.suppressed ? null : (r.count ?? null),
        percent: r.suppressed ? null : (r.percent ?? null),
      })),
      {
        href: `/admin/consultations/${consultationId}/participation`,
        settings: [[t('reports.settings.counted'), t('reports.settings.profile')]],
      },
    ),
  )
  const reachTables = reach.available
    ? reach.tables.map((table) =>
        reachTableOf(
          table,
          {
            href: `/admin/consultations/${consultationId}/participation`,
            settings: [[t('reports.settings.counted'), t('reports.settings.profile')]],
          },
          t('reports.table.populationSource', { sources: reach.sources.join('; ') }),
        ),
      )
    : []
  const channels = countTable(
    'channels',
    t('reports.table.channelsTitle'),
    profile.channels.rows.map((r) => ({
      label: (responseChannels as readonly string[]).includes(r.value)
        ? t(`analysis.channels.${r.value}`)
        : r.label,
      count: r.suppressed ? null : (r.count ?? null),
      percent: r.suppressed ? null : (r.percent ?? null),
    })),
    {
      href: `/admin/consultations/${consultationId}/participation`,
      settings: [[t('reports.settings.counted'), t('reports.settings.profile')]],
    },
  )

  return {
    gatheredAt: at.toISOString(),
    basis,
    threshold,
    consultation: {
      id: consultation.id,
      slug: consultation.slug,
      title: consultation.title,
      opensAt: new Date(consultation.opens_at).toISOString(),
      closesAt: new Date(consultation.closes_at).toISOString(),
      postalDeadlineAt: consultation.postal_deadline_at
        ? new Date(consultation.postal_deadline_at).toISOString()
        : null,
    },
    method: {
      counted: basis.counted,
      inclusion: overall.footnote,
      people: people.detectedAt ? people.people : null,
      channels,
      coding: {
        themes: topLevel.length,
        codedComments,
        agreement: agreement
          ? {
              units: agreement.report.units,
              alpha: agreement.report.alpha ?? null,
              exactMatch: agreement.report.exactMatch ?? null,
            }
          : null,
      },
    },
    whoResponded: [...whoResponded, ...reachTables],
    proposals,
    otherTables: tables.filter((q) => q.proposal === undefined).map((q) => q.table),
    themes,
    themesHref,
    quotes: quotes.map((q) => ({
      theme: q.theme_label,
      text: q.redacted_text,
      reference: q.reference,
      href: `/admin/responses/${q.response_id}`,
      reviewed: q.status === 'approved',
    })),
    events: events.map((e) => ({
      title: e.title,
      heldAt: new Date(e.held_at).toISOString(),
      attendees: e.attendees === null || e.attendees < threshold ? null : e.attendees,
      format: e.format,
    })),
  }
}
