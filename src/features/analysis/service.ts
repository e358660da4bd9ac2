import type { Kysely } from 'kysely'
import { type Database, responseChannels } from '../../platform/db/schema.js'
import { NotFoundError } from '../../platform/errors.js'
import { t } from '../../platform/i18n/translate.js'
import { allQuestions, choicesOf } from '../consultations/questionnaire-definition.js'
import type { ConsultationService } from '../consultations/service.js'
import type { ParticipationService } from '../participation/service.js'
import { countingLanes, inLanes } from './in-lanes.js'
import { answerDecoder, type ClosedAnswerPlan, slotsOf } from './quantitative/closed-answer-codes.js'
import { buildCrosstab, type Category, type Crosstab } from './quantitative/crosstab.js'
import { describeInclusion, type InclusionRules } from './quantitative/inclusion.js'
import {
  type ClosedQuestion,
  canBreakDown,
  type GroupedCount,
  isClosedQuestion,
  tabulate,
} from './quantitative/tabulate.js'
import { weightCounts } from './quantitative/weighted-counts.js'
import type { RakingResult, TargetMargins } from './quantitative/weighting.js'
import {
  type CodeCount,
  type Counted,
  countCodes,
  countCodesByWeightingCells,
  findPlan,
  type Grouping,
  type ResponseIds,
} from './repository.js'

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
  db: Kysely<Database>
  consultations: ConsultationService
  participation: Pick<ParticipationService, 'analysisGroups' | 'weightingMargins'>
  disclosureThreshold: number
}) {
  const { db, consultations, participation, disclosureThreshold } = deps

  async function load(consultationId: string, rules: InclusionRules) {
    // One round of queries at once; the consultation's own lookup is awaited first so that an
    // unknown consultation is reported as such, whichever query fails first.
    const rest = Promise.all([
      consultations.getLatestQuestionnaire(consultationId),
      findPlan(db, consultationId),
      participation.analysisGroups(consultationId),
    ])
    rest.catch(() => {})
    const consultation = await consultations.getById(consultationId)
    const [questionnaire, plan, groups] = await rest
    const closed = allQuestions(questionnaire.definition).filter(isClosedQuestion)
    const breakdowns = breakdownsOf(closed)
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
    return { consultation, closed, breakdowns, plan: plan ?? emptyPlan, groups, counted, footnote }
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
    loaded: Awaited<ReturnType<typeof load>>,
    q: ClosedQuestion,
    chosen: BreakdownChoice | undefined,
  ): Promise<GroupedCount[]> {
    const slots = slotsOf(loaded.plan, q.key)
    if (!slots) return []
    const { grouping: by, groupOf } = grouping(loaded.plan, chosen, loaded.groups.campaignIds)
    if (chosen?.breakdown.kind === 'question' && !by) return []
    const decode = answerDecoder(loaded.plan, slots)
    const rows = await countCodes(db, loaded.counted, slots, by)
    return rows.map((r) => ({ value: decode(r.value), group: groupOf(r.grp), n: r.n }))
  }

  const build = (q: ClosedQuestion, chosen: BreakdownChoice | undefined, rows: readonly GroupedCount[]) =>
    buildCrosstab(tabulate(q, chosen?.groups, rows, t('analysis.notStated')), disclosureThreshold)

  /** Weighted counts of one question, raked on the weighting variables the questionnaire asks. */
  async function weighQuestion(
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
      db,
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
      const loaded = await load(consultationId, rules)
      const chosen = chooseBreakdown(loaded.breakdowns, breakdownKey)
      const tables: QuestionTable[] = await inLanes(loaded.closed, countingLanes, async (q) => ({
        question: q,
        table: build(q, chosen, await countQuestion(loaded, q, chosen)),
      }))
      return {
        consultation: loaded.consultation,
        breakdowns: loaded.breakdowns,
        breakdown: chosen,
        tables,
        proposals: await consultations.listProposals(loaded.consultation.id),
        footnote: loaded.footnote,
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
      const loaded = await load(consultationId, rules)
      const question = loaded.closed.find((q) => q.key === questionKey)
      if (!question) throw new NotFoundError(`No closed question ${questionKey}`)
      const breakdowns = loaded.breakdowns.filter((b) => b.key !== questionKey)
      const chosen = chooseBreakdown(breakdowns, breakdownKey)
      const counts = tabulate(
        question,
        chosen?.groups,
        await countQuestion(loaded, question, chosen),
        t('analysis.notStated'),
      )
      let weighting: { raking: RakingResult; sources: string[]; variables: string[] } | undefined
      let weightingUnavailable = false
      if (options.weighted) {
        const population = await participation.weightingMargins(loaded.consultation.id)
        const weighed = population.available
          ? await weighQuestion(loaded, question, chosen, population.margins)
          : undefined
        if (population.available && weighed) {
          weighting = {
            raking: weighed.raking,
            sources: population.sources,
            variables: weightingVariables.filter((v) => slotsOf(loaded.plan, v)),
          }
          counts.weighted = tabulate(question, chosen?.groups, weighed.counts, t('analysis.notStated'))
        } else weightingUnavailable = true
      }
      return {
        consultation: loaded.consultation,
        breakdowns,
        breakdown: chosen,
        question,
        table: buildCrosstab(counts, disclosureThreshold),
        weighting,
        weightingUnavailable,
        footnote: loaded.footnote,
      }
    },
  }
}

export type AnalysisService = ReturnType<typeof createAnalysisService>
