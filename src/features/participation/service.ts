import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit, systemActor } from '../../platform/audit/audit-log.js'
import type { StaffActor } from '../../platform/auth/guards.js'
import type { AnswerValue, Database, ResponseChannel } from '../../platform/db/schema.js'
import { ConflictError, NotFoundError } from '../../platform/errors.js'
import { t } from '../../platform/i18n/translate.js'
import { createJobQueue, type JobQueue } from '../../platform/jobs/jobs.js'
import { allQuestions, type Question } from '../../questionnaire/definition.js'
import { specialCategoryKeys } from '../../questionnaire/library.js'
import type { ConsultationService } from '../consultations/index.js'
import type { ResponseService } from '../responses/index.js'
import { campaignSettings, detectCampaigns } from './campaigns/campaigns.js'
import { type DetectionProgress, findDuplicateGroups } from './duplicates/detection.js'
import {
  type DuplicateGroup,
  detectionSettings,
  estimateFromRepeats,
  estimatePeople,
} from './duplicates/duplicates.js'
import { linkageSettings } from './duplicates/linkage.js'
import { areasFrom, countedFrom, type StoredFigures } from './figures.js'
import { readKeptAreaRows, readKeptFigureRows, readKeptFigures } from './kept-figures.js'
import {
  basesOf,
  type PopulationExpectations,
  parsePopulationCsv,
  populationDimensions,
  populationOf,
  residentsByArea,
} from './profile/population-csv.js'
import { leDistricts } from './profile/postcode-districts.js'
import {
  comparisonGroups,
  type ProfileQuestion,
  profileTable,
  reachTable,
  tallyAnswers,
} from './profile/profile.js'
import {
  campaignMembersQuery,
  countAnalysisGroups,
  countByArea,
  countChangedSince,
  countCounted,
  countGroups,
  countProfile,
  decidedRepeatsQuery,
  findFigures,
  findGroup,
  findRun,
  groupExtent,
  isGroupMember,
  listFreeTexts,
  listGroupMembers,
  listGroups,
  listPartners,
  listRepeatCodes,
  lockRuns,
  type MemberPage,
  markRunQueued,
  type ProfileFilter,
  readSnapshot,
  replaceGroups,
  type StoredGroup,
  storeFigures,
  sumGroupRepeats,
  updateRun,
  upsertDecision,
} from './repository.js'

/** The background job that finds duplicates and campaigns for one consultation. */
export const detectionJob = 'participation.detect'

/** The shipped reference population: Leicester, Leicestershire and Rutland, Census 2021. */
export const shippedPopulation = new URL('./profile/population/llr-census-2021.csv', import.meta.url)
export const populationAreas = ['leicester', 'leicestershire', 'rutland'] as const

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const withoutPreferNot = (q: ProfileQuestion | undefined) =>
  q ? q.options.filter((o) => o.value !== 'prefer_not_to_say') : []

/** Postcode districts and the area each lies in, for placing respondents who did not say their area. */
const districts = Object.entries(leDistricts).map(([district, d]) => ({ district, area: d.area }))

/** Counted answers and totals by channel and partner, as the profile tables are made from. */
interface Counted {
  answers: readonly { key: string; value: AnswerValue | null; n: number }[]
  channels: readonly { channel: ResponseChannel; partner: string | null; n: number }[]
}

/** Respondents counted by the area they are placed in and one answer. */
interface AreaCount {
  area: string | null
  key: string
  value: string | null
  n: number
}

/** The estimate of people, from the counted figure and the groups with the decisions on them. */
const peopleOf = (counted: number, groups: Awaited<ReturnType<typeof listGroups>>) =>
  estimatePeople(
    counted,
    groups.map((g) => ({
      tier: g.tier,
      counted: Number(g.counted),
      decision: g.decision,
      probability: g.match_probability,
    })),
  )

/** The questions that describe who someone is: every choice question not about a proposal. */
function profileQuestions(questions: readonly Question[]): ProfileQuestion[] {
  return questions.flatMap((q) =>
    (q.type === 'single_choice' || q.type === 'multiple_choice') && q.proposal === undefined
      ? [{ key: q.key, title: q.title, options: q.options, multiple: q.type === 'multiple_choice' }]
      : [],
  )
}

export function createParticipationService(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
  responses: ResponseService
  populationCsv?: string
  /** Where detection jobs are sent; the worker runs them through `runDetectionJob`. */
  jobs?: JobQueue
}) {
  const { db, now, consultations, responses } = deps
  const jobs = deps.jobs ?? createJobQueue()
  const populationCsv = deps.populationCsv ?? readFileSync(shippedPopulation, 'utf8')

  async function questionsOf(consultationId: string) {
    const questionnaire = await consultations.getLatestQuestionnaire(consultationId)
    return allQuestions(questionnaire.definition)
  }

  /** The profile tables from counts, whether counted now or stored by the last run. */
  function profileOf(questions: ProfileQuestion[], counted: Counted, threshold: number) {
    const total = counted.channels.reduce((sum, r) => sum + r.n, 0)
    const label = t('participation.notStated')
    const tables = questions.map((q) => {
      const answered = counted.answers
        .filter((r) => r.key === q.key && r.value !== null)
        .reduce((s, r) => s + r.n, 0)
      return profileTable(q, tallyAnswers(counted.answers, q.key), answered, total, threshold, label)
    })
    const byChannel = new Map<string, number>()
    const byPartner = new Map<string, number>()
    for (const r of counted.channels) {
      byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + r.n)
      if (r.partner) byPartner.set(r.partner, (byPartner.get(r.partner) ?? 0) + r.n)
    }
    const asQuestion = (key: string, counts: Map<string, number>): ProfileQuestion => ({
      key,
      title: t(`participation.${key}`),
      options: [...counts.keys()].sort().map((value) => ({ value, label: value })),
    })
    const partnered = [...byPartner.values()].reduce((a, b) => a + b, 0)
    return {
      total,
      tables,
      channels: profileTable(asQuestion('channel', byChannel), byChannel, total, total, threshold, label),
      partners: profileTable(
        asQuestion('partner', byPartner),
        byPartner,
        partnered,
        total,
        threshold,
        t('participation.noPartner'),
      ),
    }
  }

  /** What a population table must hold to compare with this consultation's questionnaire. */
  function populationExpectations(questions: readonly ProfileQuestion[]) {
    const byKey = new Map(questions.map((q) => [q.key, q]))
    const expectations: PopulationExpectations = {
      areas: populationAreas,
      categories: {
        age_band: withoutPreferNot(byKey.get('age_band')).map((o) => o.value),
        sex: withoutPreferNot(byKey.get('sex')).map((o) => o.value),
        ethnicity: withoutPreferNot(byKey.get('ethnicity')).map((o) => o.value),
      },
    }
    const areaQuestion = withoutPreferNot(byKey.get('area')).filter((o) =>
      (populationAreas as readonly string[]).includes(o.value),
    )
    const comparable =
      areaQuestion.length > 0 && populationDimensions.every((d) => expectations.categories[d].length > 0)
    return { byKey, expectations, areaQuestion, comparable }
  }

  // The population table is parsed once a questionnaire's expectations, not on every page.
  const parsedPopulations = new Map<string, ReturnType<typeof parsePopulationCsv>>()
  function parsedPopulation(expectations: PopulationExpectations) {
    const key = JSON.stringify(expectations)
    const known = parsedPopulations.get(key)
    if (known) return known
    const parsed = parsePopulationCsv(populationCsv, expectations)
    parsedPopulations.set(key, parsed)
    return parsed
  }

  /** Whether reach can be compared, and if so the tables from respondents counted by area. */
  function reachOf(questions: readonly ProfileQuestion[], rows: readonly AreaCount[], threshold: number) {
    const { byKey, expectations, areaQuestion, comparable } = populationExpectations(questions)
    if (!comparable) return { available: false as const, problems: [] }
    const parsed = parsedPopulation(expectations)
    if (!parsed.ok) return { available: false as const, problems: parsed.problems }
    const local = rows.filter((r) => r.area !== null)
    const areaCounts = new Map<string, number>()
    for (const r of local.filter((r) => r.key === 'sex'))
      areaCounts.set(r.area ?? '', (areaCounts.get(r.area ?? '') ?? 0) + r.n)
    const areaBase = basesOf(parsed.table, 'age_band')
    const tables = [
      {
        ...reachTable(
          'area',
          byKey.get('area')?.title ?? 'area',
          areaQuestion,
          areaCounts,
          residentsByArea(parsed.table, populationAreas),
          threshold,
        ),
        ...areaBase,
      },
      ...populationDimensions.map((dimension) => {
        const observed = new Map<string, number>()
        for (const r of local)
          if (r.key === dimension && r.value) observed.set(r.value, (observed.get(r.value) ?? 0) + r.n)
        const population = populationOf(parsed.table, populationAreas, dimension)
        return {
          ...reachTable(
            dimension,
            byKey.get(dimension)?.title ?? dimension,
            comparisonGroups(withoutPreferNot(byKey.get(dimension)), population.keys()),
            observed,
            population,
            threshold,
          ),
          ...basesOf(parsed.table, dimension),
        }
      }),
    ]
    const sources = [...new Set(tables.flatMap((table) => table.tables))]
    return { available: true as const, tables, sources }
  }

  /** The profile counted now from the responses: for reports and partners, not for pages that must be quick. */
  async function profile(consultationId: string, filter: ProfileFilter, threshold: number) {
    const questions = profileQuestions(await questionsOf(consultationId))
    const counted = await countProfile(
      db,
      consultationId,
      questions.map((q) => q.key),
      filter,
    )
    return profileOf(questions, counted, threshold)
  }

  /** Reach counted now from the responses: for reports and evidence packs. */
  async function reach(consultationId: string, filter: ProfileFilter, threshold: number) {
    const questions = profileQuestions(await questionsOf(consultationId))
    if (!populationExpectations(questions).comparable) return reachOf(questions, [], threshold)
    const rows = await countByArea(db, consultationId, [...populationDimensions], districts, filter)
    return reachOf(questions, rows, threshold)
  }

  /**
   * The profile, reach and people estimate of the counted responses now, for reports, which need
   * all three: from the kept totals, so a million responses cost a few small reads.
   */
  async function reportFigures(consultationId: string, threshold: number) {
    const questions = profileQuestions(await questionsOf(consultationId))
    const kept = await readKeptFigures(
      db,
      consultationId,
      questions.map((q) => q.key),
      districts,
    )
    const counted = kept.channels.reduce((sum, r) => sum + r.n, 0)
    return {
      profile: profileOf(questions, kept, threshold),
      reach: reachOf(questions, kept.areas, threshold),
      estimate: estimateFromRepeats(counted, await sumGroupRepeats(db, consultationId)),
    }
  }

  /** Finds duplicate groups (and campaigns unless told not to) and stores them in place of the last run's. */
  async function detect(
    consultationId: string,
    actor: AuditActor,
    options: { campaigns?: boolean; onProgress?: (progress: DetectionProgress) => Promise<void> | void } = {},
  ) {
    await consultations.getById(consultationId)
    // Taken before anything is read, so whatever this run does not see is marked as changed since.
    const snapshot = await readSnapshot(db)
    const questions = await questionsOf(consultationId)
    const freeTextKeys = questions.filter((q) => q.type === 'free_text').map((q) => q.key)
    // Campaigns first: a campaign's copies are never one person by their answers.
    const campaignGroups: StoredGroup[] = []
    const campaignOf = new Map<string, string>()
    if (options.campaigns !== false) {
      await options.onProgress?.({ stage: 'campaigns', done: 0, total: 0 })
      const texts = await listFreeTexts(db, consultationId, freeTextKeys, 40)
      const campaigns = detectCampaigns(
        texts.map((r) => ({
          responseId: r.id,
          text: r.text,
          submittedAt: new Date(r.submitted_at).getTime(),
        })),
      )
      for (const c of campaigns) {
        campaignGroups.push({
          tier: 'campaign',
          key: c.key,
          members: c.members,
          evidence: { example: c.example },
        })
        for (const id of c.members) campaignOf.set(id, c.key)
      }
    }
    const duplicates = await findDuplicateGroups(db, consultationId, {
      freeTextKeys,
      // Views, not who someone is: equality-monitoring answers ("no", "no", "yes") are shared by
      // most people and say almost nothing about whether two responses are one person's.
      questionKeys: questions
        .filter((q) => !profileQuestions([q]).length && q.type !== 'postcode')
        .map((q) => q.key),
      // Who someone is, compared apart: one person rarely answers these differently. Special
      // category answers (ethnicity, religion, health...) are left out: they are given for
      // equality monitoring only, and the others alone keep detection at its level.
      profileKeys: profileQuestions(questions)
        .filter((q) => !specialCategoryKeys.has(q.key))
        .map((q) => q.key),
      campaignOf,
      onProgress: options.onProgress,
    })
    // A new list rather than unshift(...): a million responses give more groups than a call's
    // arguments may number.
    const groups: StoredGroup[] = duplicates.map((g: DuplicateGroup) => ({
      tier: g.tier,
      key: g.key,
      members: g.members,
      evidence: { links: g.links },
      ...(g.tier === 'burst' ? {} : { weight: g.weight, probability: g.probability }),
    }))
    for (const g of campaignGroups) groups.push(g)
    await options.onProgress?.({ stage: 'storing', done: 0, total: groups.length })
    const responsesSeen = await countCounted(db, consultationId)
    const at = now()
    const summary: Record<string, number> = { exact: 0, possible: 0, burst: 0, campaign: 0 }
    for (const g of groups) summary[g.tier] = (summary[g.tier] ?? 0) + 1
    await db.transaction().execute(async (trx) => {
      await replaceGroups(trx, consultationId, groups, {
        at,
        responsesSeen,
        summary,
        settings: {
          duplicates: { ...detectionSettings },
          linkage: { ...linkageSettings },
          campaigns: { ...campaignSettings },
        },
      })
      const figures = await countFigures(trx, consultationId, questions)
      await storeFigures(trx, consultationId, {
        at,
        snapshot,
        responsesSeen: figures.estimate.responses,
        figures: { ...figures },
      })
      await recordAudit(
        trx,
        {
          actor,
          action: 'participation.detected',
          entityType: 'consultation',
          entityId: consultationId,
          details: { groups: summary, responsesSeen },
        },
        at,
      )
    })
    return summary
  }

  /**
   * Every figure "Who we heard from" and the scrutiny answer show, counted once from the groups
   * just stored (given their transaction), so the pages read them rather than the responses.
   */
  async function countFigures(
    trx: Kysely<Database>,
    consultationId: string,
    questions: readonly Question[],
  ): Promise<StoredFigures> {
    const profiled = profileQuestions(questions)
    // One after another: a transaction is one connection. Everything comes from the kept totals:
    // totals and answers less the repeats just found, areas over every counted response.
    const rows = [
      ...(await readKeptFigureRows(
        trx,
        consultationId,
        profiled.map((q) => q.key),
        await listRepeatCodes(trx, consultationId),
      )),
      ...(await readKeptAreaRows(trx, consultationId, districts)),
    ]
    const partners = await listPartners(trx, consultationId)
    const repeats = await sumGroupRepeats(trx, consultationId)
    const counted = rows.filter((r) => r.kind === 'total').reduce((sum, r) => sum + r.n, 0)
    return { questions: profiled, partners, rows, estimate: estimateFromRepeats(counted, repeats) }
  }

  /**
   * The figures of the last detection run, when they were counted, and what has changed since:
   * a read of one row and two indexed range reads, whatever the number of responses.
   */
  async function storedFigures(consultationId: string) {
    const [stored, run] = await Promise.all([findFigures(db, consultationId), findRun(db, consultationId)])
    const busy = run?.status === 'queued' || run?.status === 'running'
    if (!stored)
      return { run, busy, figures: undefined, stale: false, changed: { responses: 0, decisions: 0 } }
    const changed = await countChangedSince(db, consultationId, stored.snapshot)
    return {
      run,
      busy,
      figures: stored.figures as unknown as StoredFigures,
      computedAt: stored.computed_at,
      responsesSeen: stored.responses_seen,
      changed,
      stale: changed.responses > 0 || changed.decisions > 0,
    }
  }

  /** "Who we heard from" as the last run counted it, its filter applied to the stored cells. */
  function dashboardFigures(figures: StoredFigures, filter: ProfileFilter, threshold: number) {
    return {
      profile: profileOf(figures.questions, countedFrom(figures, filter), threshold),
      reach: reachOf(figures.questions, areasFrom(figures, filter), threshold),
      estimate: figures.estimate,
    }
  }

  /** A run still queued or running this long after it was asked for is taken to have died with its worker. */
  const abandonedAfterMs = 60 * 60 * 1000

  /**
   * Asks for detection as a background job, unless one is already queued or running. The groups
   * of the last finished run stay in use until the new run is done.
   */
  async function requestDetection(consultationId: string, actor: AuditActor) {
    await consultations.getById(consultationId)
    const at = now()
    const queued = await db.transaction().execute(async (trx) => {
      await lockRuns(trx, consultationId)
      const run = await findRun(trx, consultationId)
      const busy = run && (run.status === 'queued' || run.status === 'running')
      const abandoned = busy && at.getTime() - new Date(run.requested_at ?? 0).getTime() > abandonedAfterMs
      if (busy && !abandoned) return false
      await markRunQueued(trx, consultationId, { at, by: actor.userId })
      await recordAudit(
        trx,
        {
          actor,
          action: 'participation.detection-requested',
          entityType: 'consultation',
          entityId: consultationId,
        },
        at,
      )
      return true
    })
    if (queued) {
      try {
        if (!(await jobs.send(detectionJob, { consultationId })))
          throw new Error(`The job queue is not started, so ${detectionJob} cannot be sent`)
      } catch (error) {
        await updateRun(db, consultationId, { status: 'failed', finishedAt: now() })
        throw error
      }
    }
    return { queued }
  }

  /** The background job: runs a queued detection, saving its stage and progress as it goes. */
  async function runDetectionJob(consultationId: string) {
    const run = await findRun(db, consultationId)
    if (!run || run.status === 'done' || run.status === 'failed') return { skipped: true }
    await updateRun(db, consultationId, {
      status: 'running',
      stage: 'keys',
      done: 0,
      total: 0,
      startedAt: now(),
    })
    try {
      const found = await detect(consultationId, systemActor, {
        onProgress: (p) => updateRun(db, consultationId, { stage: p.stage, done: p.done, total: p.total }),
      })
      return { ...found }
    } catch (error) {
      await updateRun(db, consultationId, { status: 'failed', finishedAt: now() })
      throw error
    }
  }

  /** Where detection stands: the last finished run, any run queued or under way, and whether responses have changed since. */
  async function detectionStatus(consultationId: string) {
    const [run, counted] = await Promise.all([findRun(db, consultationId), countCounted(db, consultationId)])
    return {
      run,
      counted,
      stale: !run?.detected_at || run.responses_seen !== counted,
      busy: run?.status === 'queued' || run?.status === 'running',
    }
  }

  async function estimate(consultationId: string) {
    const [counted, groups, run] = await Promise.all([
      countCounted(db, consultationId),
      listGroups(db, consultationId),
      findRun(db, consultationId),
    ])
    return { ...peopleOf(counted, groups), detectedAt: run?.detected_at, groups }
  }

  /** Groups listed a page at a time, so a million responses' tens of thousands of groups stay readable. */
  const groupsPerPage = 50
  /** A group's responses listed a page at a time: a campaign may have tens of thousands. */
  const membersPerPage = 50

  /** One page of the groups (numbered from 1), with how many pages there are; a page past the last is not found. */
  async function listGroupsPage(consultationId: string, page: number) {
    const total = await countGroups(db, consultationId)
    const pages = Math.max(1, Math.ceil(total / groupsPerPage))
    if (!Number.isInteger(page) || page < 1 || page > pages)
      throw new NotFoundError(`No page ${page} of groups`)
    const offset = (page - 1) * groupsPerPage
    const groups = await listGroups(db, consultationId, { offset, limit: groupsPerPage })
    return { groups, total, page, pages, first: offset + 1 }
  }

  async function loadGroup(groupId: string) {
    const group = uuidPattern.test(groupId) ? await findGroup(db, groupId) : undefined
    if (!group) throw new NotFoundError(`No group ${groupId}`)
    return group
  }

  return {
    profile,
    reach,
    reportFigures,

    /** Checks a population table against a consultation's questionnaire, listing every problem by line. */
    async checkPopulation(consultationId: string, csv: string) {
      const { expectations, comparable } = populationExpectations(
        profileQuestions(await questionsOf(consultationId)),
      )
      if (!comparable)
        throw new ConflictError('This questionnaire does not ask area, age, sex and ethnic group')
      return parsePopulationCsv(csv, expectations)
    },
    detect,
    requestDetection,
    runDetectionJob,
    estimate,
    listGroupsPage,

    detectionStatus,
    storedFigures,
    dashboardFigures,

    /**
     * A group and one page of its responses (a campaign may have tens of thousands), with how many
     * it has and whether there are responses before and after the page.
     */
    async getGroup(groupId: string, page: MemberPage = {}) {
      const group = await loadGroup(groupId)
      const [consultation, members, extent] = await Promise.all([
        consultations.getById(group.consultation_id),
        listGroupMembers(db, group.id, page, membersPerPage),
        groupExtent(db, group.id),
      ])
      if (members.length === 0 && Object.keys(page).length > 0)
        throw new NotFoundError('No such page of this group')
      const first = members[0]?.position
      const last = members.at(-1)?.position
      return {
        group,
        consultation,
        members,
        total: extent.members,
        earlier: first !== undefined && extent.first !== null && first > extent.first ? first : undefined,
        later: last !== undefined && extent.last !== null && last < extent.last ? last : undefined,
      }
    },

    /** Same person (counted once) or different people (each counted); audited, and kept across runs. */
    async decide(
      groupId: string,
      decision: 'same_person' | 'different_people',
      reason: string,
      actor: StaffActor,
    ) {
      const group = await loadGroup(groupId)
      if (group.tier === 'campaign' || group.tier === 'burst')
        throw new ConflictError('Campaigns and bursts are not merged')
      const at = now()
      await db.transaction().execute(async (trx) => {
        await upsertDecision(trx, {
          consultationId: group.consultation_id,
          groupKey: group.group_key,
          decision,
          reason,
          by: actor.userId,
          at,
        })
        await recordAudit(
          trx,
          {
            actor,
            action: 'participation.decided',
            entityType: 'participation_group',
            entityId: group.group_key,
            details: { decision, reason, consultationId: group.consultation_id },
          },
          at,
        )
      })
      return group
    },

    /** Excludes one response of a group through the responses service, which keeps and audits it. */
    async excludeFromGroup(groupId: string, responseId: string, reason: string, actor: StaffActor) {
      const group = await loadGroup(groupId)
      if (!uuidPattern.test(responseId) || !(await isGroupMember(db, group.id, responseId)))
        throw new NotFoundError('That response is not in this group')
      return responses.excludeResponse(responseId, reason, actor)
    },

    listPartners: (consultationId: string) => listPartners(db, consultationId),

    /** The responses found to be part of a campaign, so analysis can show them apart. */
    async campaignResponseIds(consultationId: string): Promise<Set<string>> {
      const groups = await listGroups(db, consultationId)
      const ids = new Set<string>()
      for (const g of groups.filter((g) => g.tier === 'campaign'))
        for (const m of await listGroupMembers(db, g.id)) ids.add(m.id)
      return ids
    },

    /**
     * For analysis: the responses that repeat a person counted already (groups staff decided are
     * the same person) and those found to be part of a campaign, as queries of ids that analysis
     * joins against in the database (never lists shipped through Node), with how many each finds.
     * `reader` is the caller's snapshot, so the counts match what its own queries then leave out.
     */
    async analysisGroups(consultationId: string, reader: Kysely<Database> = db) {
      const counts = await countAnalysisGroups(reader, consultationId)
      return {
        repeats: counts.repeats,
        campaignResponses: counts.campaigns,
        repeatIds: decidedRepeatsQuery(consultationId),
        campaignIds: campaignMembersQuery(consultationId),
      }
    },

    /**
     * The reference population's margins for weighting by age band, sex and area (residents by
     * each questionnaire category), or why there are none.
     */
    async weightingMargins(consultationId: string) {
      const { expectations, areaQuestion, comparable } = populationExpectations(
        profileQuestions(await questionsOf(consultationId)),
      )
      if (!comparable) return { available: false as const, problems: [] }
      const parsed = parsePopulationCsv(populationCsv, expectations)
      if (!parsed.ok) return { available: false as const, problems: parsed.problems }
      const areas = residentsByArea(parsed.table, populationAreas)
      const margins: Record<string, Record<string, number>> = {
        age_band: Object.fromEntries(populationOf(parsed.table, populationAreas, 'age_band')),
        sex: Object.fromEntries(populationOf(parsed.table, populationAreas, 'sex')),
        area: Object.fromEntries(areaQuestion.map((o) => [o.value, areas.get(o.value) ?? 0])),
      }
      const sources = [...new Set(parsed.table.rows.map((r) => r.source.split(' | ')[0] ?? r.source))]
      return { available: true as const, margins, sources }
    },

    /**
     * How many of those who responded were service users, carers, staff...: all responses, and
     * each person once, as the last detection run counted them; no figures before a first run.
     */
    async scrutiny(consultationId: string, threshold: number) {
      const consultation = await consultations.getById(consultationId)
      const status = await storedFigures(consultationId)
      const { figures } = status
      if (!figures) return { consultation, status, threshold, figures: undefined }
      const relationship = figures.questions.find((q) => q.key === 'relationship')
      if (!relationship)
        throw new NotFoundError('This questionnaire does not ask how people relate to the services')
      const pick = (filter: ProfileFilter) =>
        profileOf([relationship], countedFrom(figures, filter), threshold).tables[0]
      return {
        consultation,
        status,
        threshold,
        figures: {
          question: relationship,
          all: pick({}),
          once: pick({ withoutRepeats: true }),
          people: figures.estimate,
        },
      }
    },
  }
}

export type ParticipationService = ReturnType<typeof createParticipationService>
