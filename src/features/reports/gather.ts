import { responseChannels } from '../../platform/db/schema.js'
import { suppressCounts } from '../../platform/disclosure/suppression.js'
import { t } from '../../platform/i18n/translate.js'
import {
  type AnalysisService,
  buildCrosstab,
  type CodingService,
  defaultInclusion,
} from '../analysis/index.js'
import type { ConsultationService } from '../consultations/index.js'
import type { ParticipationService } from '../participation/index.js'
import {
  countTable,
  differencesOf,
  headlineOf,
  questionTable,
  reachTableOf,
  themeDifferencesOf,
} from './evidence-tables.js'
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

/** Late postal returns and how they were decided, taken by shape from the paper feature. */
export interface ReportLateReturns {
  countLateReturns(
    consultationId: string,
  ): Promise<{ late: number; admitted: number; refused: number; undecided: number }>
}

export interface GatherDeps {
  consultations: Pick<ConsultationService, 'getById'>
  analysis: Pick<AnalysisService, 'tablesOverallAndByChannel' | 'disclosureThreshold'>
  coding: Pick<CodingService, 'themeCounts' | 'listQuotes' | 'codeframe' | 'listSamples' | 'agreement'>
  participation: Pick<ParticipationService, 'reportFigures' | 'detectionStatus'>
  events: ReportEvents
  lateReturns: ReportLateReturns
}

/** The groups themes are compared across: channel, and who people said they were. */
const themeBreakdowns = ['channel', 'relationship'] as const

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
  // One scan of the answers gives every question overall and by channel.
  const counted = await deps.analysis.tablesOverallAndByChannel(consultationId, defaultInclusion)
  await onStep(2)
  // One read of the responses gives the profile, reach and the people estimate.
  const { profile, reach, estimate } = await deps.participation.reportFigures(consultationId, threshold)
  const lateReturns = await deps.lateReturns.countLateReturns(consultationId)
  await onStep(3)
  const themeCounts = await deps.coding.themeCounts(consultationId, { kind: 'none' })
  const themeGroups = await Promise.all(
    themeBreakdowns.flatMap((key) => {
      const choice = counted.breakdowns.find((b) => b.key === key)
      if (!choice) return []
      const breakdown =
        choice.breakdown.kind === 'question'
          ? ({ kind: 'answer', questionKey: choice.breakdown.key } as const)
          : ({ kind: 'channel' } as const)
      return [deps.coding.themeCounts(consultationId, breakdown).then((counts) => ({ choice, counts }))]
    }),
  )
  await onStep(4)
  const quotes = await deps.coding.listQuotes(consultationId)
  const samples = await deps.coding.listSamples(consultationId)
  const agreement = samples[0] ? await deps.coding.agreement(consultationId, samples[0].id) : undefined
  const { events } = await deps.events.list(consultationId)
  const overall = { footnote: counted.footnote, proposals: counted.proposals }

  const settings = (breakdown?: string): ReportTable['source']['settings'] => [
    [t('reports.settings.counted'), overall.footnote],
    [t('reports.settings.breakdown'), breakdown ?? t('reports.settings.none')],
    [t('reports.settings.threshold'), String(threshold)],
  ]
  const tables = counted.tables.map((q) => ({
    proposal: q.question.proposal,
    key: q.question.key,
    crosstab: q.overall,
    table: questionTable(
      q.question.key,
      q.question.title,
      q.overall,
      { href: resultsHref(consultationId, q.question.key), settings: settings() },
      overall.footnote,
    ),
    differences: differencesOf(q.question.title, q.byChannel, t('reports.byChannel')),
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

  // A theme differs by group when its share of a group's coded comments differs from the rest's,
  // tested as the results test a question with several answers, under the same suppression.
  const themeDifferences = themeGroups.flatMap(({ choice, counts }) => {
    const top = counts.themes.filter((th) => th.depth === 0)
    const known = new Set(choice.groups.map((g) => g.value))
    const columns = [
      ...choice.groups,
      ...counts.groups
        .filter((g) => !known.has(g.group))
        .map((g) => ({ value: g.group, label: g.group || t('analysis.notStated') })),
    ]
    const table = buildCrosstab(
      {
        rows: top.map((th) => ({ value: th.code, label: th.label })),
        columns,
        counts: top.map((th) => columns.map((c) => th.counts[c.value] ?? 0)),
        columnBases: columns.map((c) => counts.groups.find((g) => g.group === c.value)?.codedComments ?? 0),
        notAnswered: columns.map(() => 0),
        multiple: true,
      },
      threshold,
    )
    return themeDifferencesOf(table, choice.key === 'channel' ? t('reports.byChannel') : choice.label)
  })

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
      people: basis.detectedAt ? estimate.people : null,
      lateReturns,
      channels,
      coding: {
        themes: topLevel.length,
        codedComments,
        agreement: agreement
          ? {
              units: agreement.report.units,
              alpha: agreement.report.alpha ?? null,
              alphaInterval: agreement.report.alphaInterval ?? null,
              exactMatch: agreement.report.exactMatch ?? null,
              perQuestion: agreement.report.perQuestion.map((q) => ({
                question: agreement.questions.find((c) => c.key === q.questionKey)?.title ?? q.questionKey,
                units: q.units,
                alpha: q.alpha ?? null,
                alphaInterval: q.alphaInterval ?? null,
              })),
            }
          : null,
      },
    },
    whoResponded: [...whoResponded, ...reachTables],
    proposals,
    otherTables: tables.filter((q) => q.proposal === undefined).map((q) => q.table),
    themes,
    themeDifferences,
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
