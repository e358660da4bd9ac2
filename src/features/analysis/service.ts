import type { Kysely } from 'kysely'
import { type AnswerValue, type Database, responseChannels } from '../../platform/db/schema.js'
import { NotFoundError } from '../../platform/errors.js'
import { t } from '../../platform/i18n/translate.js'
import { allQuestions, choicesOf } from '../consultations/questionnaire-definition.js'
import type { ConsultationService } from '../consultations/service.js'
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
import { type Breakdown, countAllAnswers, countAnswers, countAnswersByWeightingCells } from './repository.js'

export interface BreakdownChoice {
  /** As written in the URL: `channel`, or the key of a question with one answer per person. */
  key: string
  label: string
  breakdown: Breakdown
  groups: Category[]
}

export interface QuestionTable {
  question: ClosedQuestion
  table: Crosstab
}

export function createAnalysisService(deps: {
  db: Kysely<Database>
  consultations: ConsultationService
  disclosureThreshold: number
}) {
  const { db, consultations, disclosureThreshold } = deps

  async function load(consultationId: string) {
    const consultation = await consultations.getById(consultationId)
    const questionnaire = await consultations.getLatestQuestionnaire(consultation.id)
    const questions = allQuestions(questionnaire.definition)
    const closed = questions.filter(isClosedQuestion)
    const breakdowns: BreakdownChoice[] = [
      {
        key: 'channel',
        label: t('analysis.breakdown.channel'),
        breakdown: { kind: 'channel' },
        groups: responseChannels.map((value) => ({ value, label: t(`analysis.channels.${value}`) })),
      },
      ...closed.filter(canBreakDown).map((q) => ({
        key: q.key,
        label: q.title,
        breakdown: { kind: 'question', key: q.key } as const,
        groups: [...(choicesOf(q) ?? [])],
      })),
    ]
    return { consultation, closed, breakdowns }
  }

  function chooseBreakdown(breakdowns: BreakdownChoice[], key: string | undefined) {
    if (!key) return undefined
    const found = breakdowns.find((b) => b.key === key)
    if (!found) throw new NotFoundError(`No breakdown ${key}`)
    return found
  }

  const build = (q: ClosedQuestion, chosen: BreakdownChoice | undefined, rows: readonly GroupedCount[]) =>
    buildCrosstab(tabulate(q, chosen?.groups, rows, t('analysis.notStated')), disclosureThreshold)

  const grouped = (rows: readonly { value: AnswerValue | null; grp: string | null; n: number }[]) =>
    rows.map((r): GroupedCount => ({ value: r.value, group: r.grp, n: r.n }))

  return {
    disclosureThreshold,

    /** Every closed question's table, by one breakdown (or none). */
    async allTables(consultationId: string, breakdownKey: string | undefined, rules: InclusionRules) {
      const { consultation, closed, breakdowns } = await load(consultationId)
      const chosen = chooseBreakdown(breakdowns, breakdownKey)
      const counted = await countAllAnswers(
        db,
        consultation.id,
        closed.map((q) => q.key),
        chosen?.breakdown,
        rules,
      )
      const tables: QuestionTable[] = closed.map((q) => ({
        question: q,
        table: build(q, chosen, grouped(counted.get(q.key) ?? [])),
      }))
      return {
        consultation,
        breakdowns,
        breakdown: chosen,
        tables,
        proposals: await consultations.listProposals(consultation.id),
        footnote: describeInclusion(rules),
      }
    },

    /** One question's table by one breakdown (or none). */
    async questionTable(
      consultationId: string,
      questionKey: string,
      breakdownKey: string | undefined,
      rules: InclusionRules,
      /** Reference population margins by question key (age, sex, area), to show weighted figures too. */
      margins?: TargetMargins,
    ) {
      const { consultation, closed, breakdowns } = await load(consultationId)
      const question = closed.find((q) => q.key === questionKey)
      if (!question) throw new NotFoundError(`No closed question ${questionKey}`)
      const chosen = chooseBreakdown(
        breakdowns.filter((b) => b.key !== questionKey),
        breakdownKey,
      )
      const counted = await countAnswers(db, consultation.id, question.key, chosen?.breakdown, rules)
      const counts = tabulate(question, chosen?.groups, grouped(counted), t('analysis.notStated'))
      let weighting: RakingResult | undefined
      if (margins) {
        const cells = await countAnswersByWeightingCells(
          db,
          consultation.id,
          question.key,
          chosen?.breakdown,
          Object.keys(margins),
          rules,
        )
        const weighted = weightCounts(cells, margins)
        weighting = weighted.raking
        counts.weighted = tabulate(question, chosen?.groups, weighted.counts, t('analysis.notStated'))
      }
      return {
        consultation,
        breakdowns: breakdowns.filter((b) => b.key !== questionKey),
        breakdown: chosen,
        question,
        table: buildCrosstab(counts, disclosureThreshold),
        weighting,
        footnote: describeInclusion(rules),
      }
    },
  }
}

export type AnalysisService = ReturnType<typeof createAnalysisService>
