import type { Kysely } from 'kysely'
import { answerDecoder, type ClosedAnswerPlan, slotsOf } from '../../../platform/db/closed-answer-codes.js'
import { findPlan } from '../../../platform/db/closed-answer-plans.js'
import { countedSummary } from '../../../platform/db/counted.js'
import { type Database, responseChannels } from '../../../platform/db/schema.js'
import type { ReadSnapshot } from '../../../platform/db/snapshot.js'
import { NotFoundError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions, choicesOf } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import type { ParticipationService } from '../../participation/index.js'
import { buildCrosstab, type Category, type Crosstab } from './crosstab.js'
import { countingLanes, inLanes } from './in-lanes.js'
import { describeInclusion, type InclusionRules } from './inclusion.js'
import {
  type CodeCount,
  type Counted,
  countCodes,
  countCodesByQuestionAndChannel,
  countCodesByWeightingCells,
  countCodesFromKeptTotals,
  countKeptCodesByQuestionAndChannel,
  type Grouping,
  keptTotalsServe,
  type QuestionCodeCount,
  type ResponseIds,
} from './repository.js'
import {
  type ClosedQuestion,
  canBreakDown,
  type GroupedCount,
  isClosedQuestion,
  tabulate,
} from './tabulate.js'
import { weightCounts } from './weighted-counts.js'
import type { RakingResult, TargetMargins } from './weighting.js'

export type Breakdown = { kind: 'question'; key: string } | { kind: 'channel' } | { kind: 'campaign' }

export interface BreakdownChoice {
  /** As written in the URL: `channel`, `campaign`, or the key of a question with one answer per person. */
  key: string
  label: string
  breakdown: Breakdown
  groups: Category[]
}

export interface QuestionTable {
  question: ClosedQuestion
  table: Crosstab
}

/** The variables weighting rakes on, by question key: age band, sex and area. */
export const weightingVariables = ['age_band', 'sex', 'area'] as const

const emptyPlan: ClosedAnswerPlan = { slotKeys: [], slotKinds: [], slotBases: [], codes: {} }

/** What results can be broken down by: channel, campaign or not, and each question with one answer per person. */
function breakdownsOf(closed: readonly ClosedQuestion[]): BreakdownChoice[] {
  return [
    {
      key: 'channel',
      label: t('analysis.breakdown.channel'),
      breakdown: { kind: 'channel' },
      groups: responseChannels.map((value) => ({ value, label: t(`analysis.channels.${value}`) })),
    },
    {
      key: 'campaign',
      label: t('analysis.breakdownCampaign'),
      breakdown: { kind: 'campaign' },
      groups: ['campaign', 'other'].map((value) => ({ value, label: t(`analysis.campaign.${value}`) })),
    },
    ...closed.filter(canBreakDown).map((q) => ({
      key: q.key,
      label: q.title,
      breakdown: { kind: 'question', key: q.key } as const,
      groups: [...(choicesOf(q) ?? [])],
    })),
  ]
}

export function createAnalysisService(deps: {
  readSnapshot: ReadSnapshot
  consultations: ConsultationService
  participation: Pick<ParticipationService, 'analysisGroups' | 'weightingMargins'>
  disclosureThreshold: number
}) {
  const { readSnapshot, consultations, participation, disclosureThreshold } = deps

  /** The consultation and its closed questions, read before the snapshot the counting shares. */
  async function describe(consultationId: string) {
    // The consultation's own lookup is awaited first so that an unknown consultation is reported
    // as such, whichever query fails first.
    const questionnaire = consultations.getLatestQuestionnaire(consultationId)
    questionnaire.catch(() => {})
    const consultation = await consultations.getById(consultationId)
    const closed = allQuestions((await questionnaire).definition).filter(isClosedQuestion)
    return { consultation, closed, breakdowns: breakdownsOf(closed) }
  }

  /**
   * The plan, who is left out and the footnote saying so, read through `reader`: the snapshot the
   * tables are then counted in, so a detection run or a decision landing meanwhile changes neither.
   */
  async function load(
    reader: Kysely<Database>,
    described: Awaited<ReturnType<typeof describe>>,
    rules: InclusionRules,
  ) {
    const { consultation } = described
    const [plan, groups] = await Promise.all([
      findPlan(reader, consultation.id),
      participation.analysisGroups(consultation.id, reader),
    ])
    // Left out in the database; a rule that would leave nobody out adds nothing to the query.
    const leftOut = [
      ...(rules.includeRepeats || groups.repeats === 0 ? [] : [groups.repeatIds]),
      ...(rules.includeCampaigns || groups.campaignResponses === 0 ? [] : [groups.campaignIds]),
    ]
    const counted: Counted = {
      consultationId: consultation.id,
      includeExcluded: rules.includeExcluded,
      includeLate: rules.includeLate,
      leftOut,
    }
    const footnote = describeInclusion(rules, groups)
    return { ...described, plan: plan ?? emptyPlan, groups, counted, footnote }
  }

  function chooseBreakdown(breakdowns: BreakdownChoice[], key: string | undefined) {
    if (!key) return undefined
    const found = breakdowns.find((b) => b.key === key)
    if (!found) throw new NotFoundError(`No breakdown ${key}`)
    return found
  }

  /** How the database groups the columns, and how to read a group back. */
  function grouping(plan: ClosedAnswerPlan, chosen: BreakdownChoice | undefined, campaigns: ResponseIds) {
    const breakdown = chosen?.breakdown
    const asText = (g: CodeCount['grp']) => (g === null ? null : String(g))
    if (!breakdown) return { grouping: undefined, groupOf: asText }
    if (breakdown.kind === 'channel') return { grouping: { kind: 'channel' } as Grouping, groupOf: asText }
    if (breakdown.kind === 'campaign')
      return { grouping: { kind: 'campaign', members: campaigns } as Grouping, groupOf: asText }
    const slots = slotsOf(plan, breakdown.key)
    if (!slots) return { grouping: undefined, groupOf: () => null }
    const decode = answerDecoder(plan, slots)
    return {
      grouping: { kind: 'slot', slot: slots.first } as Grouping,
      groupOf: (g: CodeCount['grp']) => {
        const value = decode(typeof g === 'number' ? g : null)
        return typeof value === 'string' ? value : null
      },
    }
  }

  /** A question's counts as the stored answers and groups `tabulate` reads. */
  async function countQuestion(
    reader: Kysely<Database>,
    loaded: Awaited<ReturnType<typeof load>>,
    q: ClosedQuestion,
    chosen: BreakdownChoice | undefined,
  ): Promise<GroupedCount[]> {
    const slots = slotsOf(loaded.plan, q.key)
    if (!slots) return []
    const { grouping: by, groupOf } = grouping(loaded.plan, chosen, loaded.groups.campaignIds)
    if (chosen?.breakdown.kind === 'question' && !by) return []
    const decode = answerDecoder(loaded.plan, slots)
    const rows = keptTotalsServe(slots, by, slotsOf(loaded.plan, 'relationship')?.first)
      ? await countCodesFromKeptTotals(reader, loaded.counted, slots, by)
      : await countCodes(reader, loaded.counted, slots, by)
    return rows.map((r) => ({ value: decode(r.value), group: groupOf(r.grp), n: r.n }))
  }

  const build = (q: ClosedQuestion, chosen: BreakdownChoice | undefined, rows: readonly GroupedCount[]) =>
    buildCrosstab(tabulate(q, chosen?.groups, rows, t('analysis.notStated')), disclosureThreshold)

  /** Weighted counts of one question, raked on the weighting variables the questionnaire asks. */
  async function weighQuestion(
    reader: Kysely<Database>,
    loaded: Awaited<ReturnType<typeof load>>,
    q: ClosedQuestion,
    chosen: BreakdownChoice | undefined,
    margins: TargetMargins,
  ) {
    const slots = slotsOf(loaded.plan, q.key)
    const variables = Object.keys(margins).flatMap((key) => {
      const found = slotsOf(loaded.plan, key)
      return found ? [{ key, slots: found, decode: answerDecoder(loaded.plan, found) }] : []
    })
    if (!slots || variables.length === 0) return undefined
    const { grouping: by, groupOf } = grouping(loaded.plan, chosen, loaded.groups.campaignIds)
    const decode = answerDecoder(loaded.plan, slots)
    const rows = await countCodesByWeightingCells(
      reader,
      loaded.counted,
      slots,
      by,
      variables.map((v) => v.slots.first),
    )
    const used = Object.fromEntries(variables.map((v) => [v.key, margins[v.key] ?? {}]))
    return weightCounts(
      rows.map((r) => ({
        value: decode(r.value),
        grp: groupOf(r.grp),
        levels: variables.map((v, i) => {
          const level = v.decode(r.levels[i] ?? null)
          return typeof level === 'string' ? level : null
        }),
        n: r.n,
      })),
      used,
    )
  }

  return {
    disclosureThreshold,

    /**
     * The breakdowns the results offer, with a query of the responses in a campaign (for the campaign one),
     * so other analyses such as theme counts break down the same way.
     */
    async breakdownChoices(consultationId: string) {
      const questionnaire = await consultations.getLatestQuestionnaire(consultationId)
      const { campaignIds } = await participation.analysisGroups(consultationId)
      const closed = allQuestions(questionnaire.definition).filter(isClosedQuestion)
      return { breakdowns: breakdownsOf(closed), campaignMembers: campaignIds }
    },

    /** Every closed question's table, by one breakdown (or none). */
    async allTables(consultationId: string, breakdownKey: string | undefined, rules: InclusionRules) {
      const described = await describe(consultationId)
      const chosen = chooseBreakdown(described.breakdowns, breakdownKey)
      const { tables, footnote, counted } = await readSnapshot(countingLanes, async (reader) => {
        const loaded = await load(reader(0), described, rules)
        const tables: QuestionTable[] = await inLanes(loaded.closed, countingLanes, async (q, lane) => ({
          question: q,
          table: build(q, chosen, await countQuestion(reader(lane), loaded, q, chosen)),
        }))
        return { tables, footnote: loaded.footnote, counted: await countedSummary(reader(0), consultationId) }
      })
      return {
        consultation: described.consultation,
        breakdowns: described.breakdowns,
        breakdown: chosen,
        tables,
        proposals: await consultations.listProposals(described.consultation.id),
        footnote,
        counted,
      }
    },

    /**
     * Every closed question's table overall and by channel, as `allTables` gives them without and
     * with the channel breakdown (for reports, which need both): from the kept totals, and one scan
     * of the answers for any question they do not serve.
     */
    async tablesOverallAndByChannel(consultationId: string, rules: InclusionRules) {
      const described = await describe(consultationId)
      const channel = chooseBreakdown(described.breakdowns, 'channel')
      const { tables, footnote } = await readSnapshot(1, async (reader) => {
        const loaded = await load(reader(0), described, rules)
        const present = loaded.closed.flatMap((q) => {
          const slots = slotsOf(loaded.plan, q.key)
          return slots ? [{ key: q.key, slots, decode: answerDecoder(loaded.plan, slots) }] : []
        })
        // Questions in one slot are read from the kept totals; the rest in one scan of the answers.
        const byChannel = { kind: 'channel' } as const
        const kept = present.filter((p) => keptTotalsServe(p.slots, byChannel, undefined))
        const scanned = present.filter((p) => !keptTotalsServe(p.slots, byChannel, undefined))
        const counts = new Map<string, GroupedCount[]>(present.map((p) => [p.key, []]))
        const add = (questions: typeof present, rows: readonly QuestionCodeCount[]) => {
          for (const r of rows) {
            const p = questions[r.question]
            if (p) counts.get(p.key)?.push({ value: p.decode(r.value), group: r.channel, n: r.n })
          }
        }
        const slots = (questions: typeof present) => questions.map((p) => p.slots)
        add(kept, await countKeptCodesByQuestionAndChannel(reader(0), loaded.counted, slots(kept)))
        add(scanned, await countCodesByQuestionAndChannel(reader(0), loaded.counted, slots(scanned)))
        const tables = loaded.closed.map((q) => {
          const grouped = counts.get(q.key) ?? []
          // Without a breakdown, tabulate puts every group in its one column: the sum over channels.
          return { question: q, overall: build(q, undefined, grouped), byChannel: build(q, channel, grouped) }
        })
        return { tables, footnote: loaded.footnote }
      })
      return {
        consultation: described.consultation,
        breakdowns: described.breakdowns,
        tables,
        proposals: await consultations.listProposals(described.consultation.id),
        footnote,
      }
    },

    /** One question's table by one breakdown (or none), weighted as well when asked. */
    async questionTable(
      consultationId: string,
      questionKey: string,
      breakdownKey: string | undefined,
      rules: InclusionRules,
      options: { weighted?: boolean } = {},
    ) {
      const described = await describe(consultationId)
      const question = described.closed.find((q) => q.key === questionKey)
      if (!question) throw new NotFoundError(`No closed question ${questionKey}`)
      const breakdowns = described.breakdowns.filter((b) => b.key !== questionKey)
      const chosen = chooseBreakdown(breakdowns, breakdownKey)
      // Read first: the population is not in the snapshot, and PGlite's one connection is held by it.
      const population = options.weighted ? await participation.weightingMargins(consultationId) : undefined
      const { counts, weighting, weightingUnavailable, footnote } = await readSnapshot(1, async (reader) => {
        const using = reader(0)
        const loaded = await load(using, described, rules)
        const counts = tabulate(
          question,
          chosen?.groups,
          await countQuestion(using, loaded, question, chosen),
          t('analysis.notStated'),
        )
        let weighting: { raking: RakingResult; sources: string[]; variables: string[] } | undefined
        let weightingUnavailable = false
        if (population) {
          const weighed = population.available
            ? await weighQuestion(using, loaded, question, chosen, population.margins)
            : undefined
          if (population.available && weighed) {
            weighting = {
              raking: weighed.raking,
              sources: population.sources,
              variables: weightingVariables.filter((v) => slotsOf(loaded.plan, v)),
            }
            counts.weighted = {
              ...tabulate(question, chosen?.groups, weighed.counts, t('analysis.notStated')),
              columnSquares: tabulate(question, chosen?.groups, weighed.squares, t('analysis.notStated'))
                .columnBases,
            }
          } else weightingUnavailable = true
        }
        return { counts, weighting, weightingUnavailable, footnote: loaded.footnote }
      })
      return {
        consultation: described.consultation,
        breakdowns,
        breakdown: chosen,
        question,
        table: buildCrosstab(counts, disclosureThreshold),
        weighting,
        weightingUnavailable,
        footnote,
      }
    },
  }
}

export type AnalysisService = ReturnType<typeof createAnalysisService>
