import type { Kysely } from 'kysely'
import { type AuditActor, featureAudit, systemActor } from '../../platform/audit/audit-log.js'
import { isUniqueViolation } from '../../platform/db/constraint-errors.js'
import type {
  ConsiderationOutcome,
  ConsultationRow,
  Database,
  FollowUpStatus,
  ResolutionOutcome,
} from '../../platform/db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js'
import { isRecordId } from '../../platform/http/schemas.js'
import { t } from '../../platform/i18n/translate.js'
import type { Mailer } from '../../platform/mail/mailer.js'
import { londonWallClock } from '../../platform/time/london.js'
import type { CodingService } from '../analysis/index.js'
import type { ConsultationService, ConsultationSetupService } from '../consultations/index.js'
import {
  editionAsDocx,
  editionAsHtml,
  editionAsPdf,
  type ReportService,
  type ReportSnapshot,
} from '../reports/index.js'
import {
  type BusinessCaseSnapshot,
  businessCaseDocument,
  businessCaseHash,
  suppress,
} from './business-case.js'
import {
  approveBusinessCase,
  findAction,
  findApprovedBusinessCase,
  findBusinessCaseDraft,
  findConsultationBySlug,
  findMeetingAbout,
  findThemes,
  insertAction,
  insertBusinessCaseDraft,
  insertDecision,
  insertWorkstream,
  listActionLinks,
  listActions,
  listBusinessCaseVersions,
  listConsiderations,
  listDecisionRecords,
  listDigestRecipients,
  listEquality,
  listMeetingsAbout,
  listOverdueActions,
  listProgress,
  listProposals,
  listResolutions,
  listThemes,
  listWorkstreams,
  recordProgress,
  signOff,
  updateBusinessCaseIntroduction,
  upsertConsideration,
  upsertEquality,
} from './repository.js'
import {
  businessCaseRefusals,
  type CitedPaper,
  type DecisionRefusal,
  decisionRefusals,
  isOverdue,
  missingConsiderations,
  type ThemeOnProposal,
  themesThatMatter,
} from './rules.js'
import { createTranslationMethods } from './translation-service.js'
import { youSaidWeDid } from './you-said-we-did.js'

// The decision trail: how the feedback was considered, the business case built from it, the
// decision record, and the co-production actions that follow, with the public page drawn from
// them. Every write is one transaction with its audit entry; the decision is never rewritten.

export interface DecisionDeps {
  db: Kysely<Database>
  now: () => Date
  /** The disclosure threshold every output suppresses counts under. */
  threshold: number
  consultations: Pick<ConsultationService, 'getById' | 'getLatestQuestionnaire' | 'getPublishedQuestionnaire'>
  consultationSetup: Pick<ConsultationSetupService, 'markDecidedWithin'>
  coding: Pick<CodingService, 'themeCounts'>
  reports: Pick<ReportService, 'approvedVersion'>
  mailer: Mailer
}

export class DecisionRefusedError extends Error {
  override name = 'DecisionRefusedError'
  constructor(readonly refusals: DecisionRefusal[]) {
    super(`The decision cannot be recorded: ${refusals.join(', ')}`)
  }
}

export class BusinessCaseRefusedError extends Error {
  override name = 'BusinessCaseRefusedError'
  constructor(readonly refusals: string[]) {
    super(`The business case cannot be approved: ${refusals.join(', ')}`)
  }
}

export interface ConsiderationInput {
  proposalId: string
  themeId: string
  outcome: ConsiderationOutcome
  response: string
}

export interface EqualityInput {
  group: string
  basis: 'under_heard' | 'difference'
  conclusion: string
  action: string
}

export interface DecisionInput {
  body: string
  meetingId: string | null
  meetingOn: string
  heldInPublic: boolean
  conditions: string
  minutesUrl: string
  resolutions: { proposalId: string; outcome: ResolutionOutcome; note: string }[]
  /** Given only for a correction of the decision already recorded. */
  correctionReason: string | null
}

export interface WorkstreamInput {
  title: string
  description: string
  partners: string
  involvement: { group: string; count: number }[]
}

export interface ActionInput {
  workstreamId: string | null
  title: string
  owner: string
  dueOn: string
  themeIds: string[]
  proposalIds: string[]
}

export interface ProgressInput {
  status: FollowUpStatus
  note: string
  evidence: string
}

export const businessCaseFormats = ['html', 'docx', 'pdf'] as const
export type BusinessCaseFormat = (typeof businessCaseFormats)[number]

const digestLimit = 200
const londonDay = (at: Date | string) => londonWallClock(at).date

export function createDecisionService(deps: DecisionDeps) {
  const { db, now, threshold } = deps
  const today = () => londonDay(now())
  const staffHref = (id: string) => `/admin/consultations/${id}/decisions`

  const audit = featureAudit('decisions', now)

  /** Each proposal's comments question, found by the questionnaire's own link to the proposal. */
  async function commentKeys(consultationId: string): Promise<Map<number, string>> {
    const questionnaire = await deps.consultations
      .getLatestQuestionnaire(consultationId)
      .catch(() => undefined)
    const keys = new Map<number, string>()
    for (const section of questionnaire?.definition.sections ?? [])
      for (const q of section.questions)
        if (q.type === 'free_text' && q.proposal !== undefined && !keys.has(q.proposal))
          keys.set(q.proposal, q.key)
    return keys
  }

  /** For each proposal, the themes of its coded comments, with counts and who they came from. */
  async function themesOnProposals(consultationId: string, onlyProposalId?: string) {
    const [all, keys] = await Promise.all([listProposals(db, consultationId), commentKeys(consultationId)])
    const proposals = onlyProposalId ? all.filter((p) => p.id === onlyProposalId) : all
    const rows: (ThemeOnProposal & {
      theme: string
      code: string
      groups: { group: string; count: number }[]
    })[] = []
    const countsOf = (key: string) =>
      Promise.all([
        deps.coding.themeCounts(consultationId, { kind: 'none' }, key),
        deps.coding.themeCounts(consultationId, { kind: 'answer', questionKey: 'relationship' }, key),
      ])
    // Two proposals at a time: each count is a few indexed reads, and one page should not take
    // every connection a process has.
    const counted: (Awaited<ReturnType<typeof countsOf>> | undefined)[] = []
    for (let i = 0; i < proposals.length; i += 2) {
      const pair = proposals.slice(i, i + 2).map((p) => keys.get(p.position))
      counted.push(...(await Promise.all(pair.map((key) => (key ? countsOf(key) : undefined)))))
    }
    for (const [i, proposal] of proposals.entries()) {
      const found = counted[i]
      if (!found) continue
      const [overall, byGroup] = found
      const codedComments = overall.groups.reduce((n, g) => n + g.codedComments, 0)
      for (const theme of overall.themes) {
        if (theme.total === 0) continue
        const groups = Object.entries(byGroup.themes.find((x) => x.themeId === theme.themeId)?.counts ?? {})
          .filter(([, count]) => count > 0)
          .map(([group, count]) => ({ group: group || t('decisions.groupNotGiven'), count }))
        rows.push({
          proposalId: proposal.id,
          themeId: theme.themeId,
          theme: theme.label,
          code: theme.code,
          count: theme.total,
          codedComments,
          groups,
        })
      }
    }
    return { proposals: all, themes: rows }
  }

  async function requireConsultation(id: string): Promise<ConsultationRow> {
    if (!isRecordId(id)) throw new NotFoundError(`No consultation ${id}`)
    return deps.consultations.getById(id)
  }

  /** The newest approved report, as a paper a decision or business case may cite. */
  async function approvedReport(consultationId: string) {
    const found = await deps.reports.approvedVersion(consultationId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined
      throw error
    })
    return found ? { snapshot: found.snapshot as ReportSnapshot, hash: found.hash } : undefined
  }

  async function citedPapers(consultationId: string) {
    const [report, businessCase] = await Promise.all([
      approvedReport(consultationId),
      findApprovedBusinessCase(db, consultationId),
    ])
    const title = report?.snapshot.evidence.consultation.title ?? ''
    return {
      report: report
        ? ({
            kind: 'report',
            title: t('decisions.papers.report', { title }),
            version: report.snapshot.version,
            sha256: report.hash,
            publishedAt: report.snapshot.approvedAt,
          } satisfies CitedPaper)
        : null,
      businessCase:
        businessCase?.content_hash && businessCase.approved_at
          ? ({
              kind: 'business_case',
              title: t('decisions.papers.businessCase', { title }),
              version: businessCase.version,
              sha256: businessCase.content_hash,
              publishedAt: new Date(businessCase.approved_at).toISOString(),
            } satisfies CitedPaper)
          : null,
    }
  }

  async function actionsWithLinks(consultationId: string) {
    const actions = await listActions(db, consultationId)
    const ids = actions.map((a) => a.id)
    const [links, progress] = await Promise.all([listActionLinks(db, ids), listProgress(db, ids)])
    const day = today()
    return actions.map((a) => ({
      ...a,
      overdue: isOverdue(a, day),
      themeIds: links.themes.filter((l) => l.action_id === a.id).map((l) => l.theme_id),
      proposalIds: links.proposals.filter((l) => l.action_id === a.id).map((l) => l.proposal_id),
      progress: progress.filter((p) => p.action_id === a.id),
    }))
  }

  async function decisionHistory(consultationId: string) {
    const records = await listDecisionRecords(db, consultationId)
    const resolutions = await listResolutions(
      db,
      records.map((r) => r.id),
    )
    const withResolutions = records.map((r) => ({
      ...r,
      resolutions: resolutions.filter((x) => x.decision_id === r.id),
    }))
    const superseded = new Set(records.map((r) => r.supersedes).filter(Boolean))
    return { records: withResolutions, current: withResolutions.find((r) => !superseded.has(r.id)) }
  }

  async function freezeBusinessCase(
    consultation: ConsultationRow,
    version: number,
    introduction: string,
    at: Date,
  ) {
    const report = await approvedReport(consultation.id)
    const [{ proposals }, considerations, equality] = await Promise.all([
      listProposals(db, consultation.id).then((p) => ({ proposals: p })),
      listConsiderations(db, consultation.id),
      listEquality(db, consultation.id),
    ])
    const refusals = businessCaseRefusals({
      reportApproved: report !== undefined,
      considerations: considerations.map((c) => ({ signedOff: c.signed_off_at !== null })),
      equality: equality.map((e) => ({ signedOff: e.signed_off_at !== null })),
    })
    if (refusals.length > 0 || !report) throw new BusinessCaseRefusedError(refusals)
    const snapshot: BusinessCaseSnapshot = {
      version,
      approvedAt: at.toISOString(),
      consultation: { title: consultation.title, slug: consultation.slug },
      introduction,
      report: { version: report.snapshot.version, hash: report.hash, approvedAt: report.snapshot.approvedAt },
      threshold,
      proposals: proposals.map((p) => ({
        title: p.title,
        considerations: considerations
          .filter((c) => c.proposal_id === p.id)
          .map((c) => {
            const count = suppress(c.theme_count, threshold)
            return {
              theme: c.theme_label,
              count,
              codedComments: c.coded_comments,
              share: count === null || c.coded_comments === 0 ? null : c.theme_count / c.coded_comments,
              groups: c.groups.map((g) => ({ group: g.group, count: suppress(g.count, threshold) })),
              outcome: c.outcome,
              response: c.response,
              writtenBy: c.written_by_label,
              signedOffBy: c.signed_off_label ?? '',
              signedOffAt: c.signed_off_at ? new Date(c.signed_off_at).toISOString() : '',
            }
          }),
      })),
      equality: equality.map((e) => ({
        group: e.group_label,
        basis: e.basis,
        conclusion: e.conclusion,
        action: e.action,
        writtenBy: e.written_by_label,
        signedOffBy: e.signed_off_label ?? '',
      })),
    }
    return snapshot
  }

  const service = {
    /** The decision page: considerations by proposal, equality, business case, decision and follow-up. */
    async overview(consultationId: string) {
      const consultation = await requireConsultation(consultationId)
      const [onProposals, allThemes, considerations, equality, versions, draft, papers, decision, meetings] =
        await Promise.all([
          themesOnProposals(consultationId),
          listThemes(db, consultationId),
          listConsiderations(db, consultationId),
          listEquality(db, consultationId),
          listBusinessCaseVersions(db, consultationId),
          findBusinessCaseDraft(db, consultationId),
          citedPapers(consultationId),
          decisionHistory(consultationId),
          listMeetingsAbout(db, consultationId),
        ])
      const [workstreams, actions] = await Promise.all([
        listWorkstreams(db, consultationId),
        actionsWithLinks(consultationId),
      ])
      const missing = missingConsiderations(
        onProposals.themes,
        considerations.map((c) => ({ proposalId: c.proposal_id, themeId: c.theme_id })),
      )
      const caseRefusals = businessCaseRefusals({
        reportApproved: papers.report !== null,
        considerations: considerations.map((c) => ({ signedOff: c.signed_off_at !== null })),
        equality: equality.map((e) => ({ signedOff: e.signed_off_at !== null })),
      })
      return {
        consultation,
        proposals: onProposals.proposals,
        themesOnProposals: onProposals.themes,
        themesThatMatter: themesThatMatter(onProposals.themes),
        allThemes,
        considerations,
        missing,
        equality,
        businessCase: { versions, draft, refusals: caseRefusals },
        papers,
        decision,
        meetings,
        workstreams,
        actions,
        threshold,
        today: today(),
      }
    },

    async saveConsideration(consultationId: string, input: ConsiderationInput, actor: AuditActor) {
      await requireConsultation(consultationId)
      const proposals = await listProposals(db, consultationId)
      if (!isRecordId(input.proposalId) || !proposals.some((p) => p.id === input.proposalId))
        throw new ValidationError({ proposalId: t('decisions.errors.proposal') })
      const [theme] = isRecordId(input.themeId) ? await findThemes(db, [input.themeId]) : []
      if (!theme || theme.consultation_id !== consultationId)
        throw new ValidationError({ themeId: t('decisions.errors.themeElsewhere') })
      const { themes } = await themesOnProposals(consultationId, input.proposalId)
      const found = themes.find((x) => x.proposalId === input.proposalId && x.themeId === input.themeId)
      const proposalBase = themes.find((x) => x.proposalId === input.proposalId)?.codedComments ?? 0
      const at = now()
      return db.transaction().execute(async (trx) => {
        const id = await upsertConsideration(trx, {
          consultationId,
          proposalId: input.proposalId,
          themeId: input.themeId,
          outcome: input.outcome,
          response: input.response,
          themeCount: found?.count ?? 0,
          codedComments: found?.codedComments ?? proposalBase,
          groups: found?.groups ?? [],
          by: actor,
          at,
        })
        await audit(
          trx,
          actor,
          'consideration_written',
          { type: 'decision_consideration', id },
          {
            proposal: input.proposalId,
            theme: theme.label,
            outcome: input.outcome,
          },
        )
        return id
      })
    },

    async signOffConsideration(consultationId: string, id: string, actor: AuditActor) {
      if (!isRecordId(id)) throw new NotFoundError(`No consideration ${id}`)
      await db.transaction().execute(async (trx) => {
        if (!(await signOff(trx, 'decision_considerations', consultationId, id, actor, now())))
          throw new ConflictError('This consideration is signed off already or does not exist')
        await audit(trx, actor, 'consideration_signed_off', { type: 'decision_consideration', id }, {})
      })
    },

    async saveEquality(consultationId: string, input: EqualityInput, actor: AuditActor) {
      await requireConsultation(consultationId)
      return db.transaction().execute(async (trx) => {
        const id = await upsertEquality(trx, { consultationId, ...input, by: actor, at: now() })
        await audit(
          trx,
          actor,
          'equality_written',
          { type: 'decision_equality_record', id },
          {
            group: input.group,
            basis: input.basis,
          },
        )
        return id
      })
    },

    async signOffEquality(consultationId: string, id: string, actor: AuditActor) {
      if (!isRecordId(id)) throw new NotFoundError(`No equality record ${id}`)
      await db.transaction().execute(async (trx) => {
        if (!(await signOff(trx, 'decision_equality_records', consultationId, id, actor, now())))
          throw new ConflictError('This equality record is signed off already or does not exist')
        await audit(trx, actor, 'equality_signed_off', { type: 'decision_equality_record', id }, {})
      })
    },

    /** Starts the business case's next version, keeping the last approved introduction. */
    async startBusinessCase(consultationId: string, actor: AuditActor) {
      await requireConsultation(consultationId)
      const last = await findApprovedBusinessCase(db, consultationId)
      const introduction = (last?.snapshot as BusinessCaseSnapshot | undefined)?.introduction ?? ''
      try {
        return await db.transaction().execute(async (trx) => {
          if (await findBusinessCaseDraft(trx, consultationId))
            throw new ConflictError('This business case already has a draft')
          const version = await insertBusinessCaseDraft(trx, {
            consultationId,
            introduction,
            by: actor.userId,
          })
          await audit(
            trx,
            actor,
            'business_case_started',
            { type: 'consultation', id: consultationId },
            { version },
          )
          return version
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('This business case already has a draft')
        throw error
      }
    },

    async updateBusinessCaseIntroduction(consultationId: string, introduction: string, actor: AuditActor) {
      const draft = await findBusinessCaseDraft(db, consultationId)
      if (!draft) throw new NotFoundError('This business case has no draft')
      await db.transaction().execute(async (trx) => {
        await updateBusinessCaseIntroduction(trx, consultationId, introduction)
        await audit(
          trx,
          actor,
          'business_case_edited',
          { type: 'business_case_version', id: draft.id },
          {
            version: draft.version,
          },
        )
      })
    },

    /** Freezes the draft from the signed-off records and the approved report, or says why not. */
    async approveBusinessCase(consultationId: string, actor: AuditActor) {
      const consultation = await requireConsultation(consultationId)
      const draft = await findBusinessCaseDraft(db, consultationId)
      if (!draft) throw new NotFoundError('This business case has no draft')
      const at = now()
      const snapshot = await freezeBusinessCase(consultation, draft.version, draft.introduction, at)
      const hash = businessCaseHash(snapshot)
      await db.transaction().execute(async (trx) => {
        if (!(await approveBusinessCase(trx, draft.id, { snapshot, hash, by: actor.userId, at })))
          throw new ConflictError('This draft was approved or replaced meanwhile')
        await audit(
          trx,
          actor,
          'business_case_approved',
          { type: 'business_case_version', id: draft.id },
          {
            version: draft.version,
            hash,
            report: snapshot.report,
          },
        )
      })
      return { version: draft.version, hash }
    },

    /** An approved business case in one format, from its snapshot alone. */
    async buildBusinessCase(consultationId: string, format: BusinessCaseFormat, version?: number) {
      const found = await findApprovedBusinessCase(db, consultationId, version)
      if (!found?.content_hash) throw new NotFoundError('This business case has no approved version')
      const snapshot = found.snapshot as BusinessCaseSnapshot
      const doc = businessCaseDocument(snapshot, found.content_hash, staffHref(consultationId))
      const body =
        format === 'html'
          ? Buffer.from(editionAsHtml(doc))
          : format === 'docx'
            ? await editionAsDocx(doc)
            : await editionAsPdf(doc)
      return { body, snapshot, hash: found.content_hash }
    },

    /**
     * Records the decision, or a correction of it as a new entry. The first record moves the
     * consultation to decided in the same transaction; a refusal gives every reason at once.
     */
    async recordDecision(consultationId: string, input: DecisionInput, actor: AuditActor) {
      const consultation = await requireConsultation(consultationId)
      const [proposals, papers, history] = await Promise.all([
        listProposals(db, consultationId),
        citedPapers(consultationId),
        decisionHistory(consultationId),
      ])
      const correcting = input.correctionReason !== null
      if (correcting && !history.current)
        throw new ValidationError({ correctionReason: t('decisions.errors.nothingToCorrect') })
      if (!correcting && history.current)
        throw new ConflictError('A decision is recorded: record a correction instead')
      const proposalIds = new Set(proposals.map((p) => p.id))
      if (input.resolutions.some((r) => !proposalIds.has(r.proposalId)))
        throw new ValidationError({ resolutions: t('decisions.errors.proposal') })
      const meeting = input.meetingId
        ? await findMeetingAbout(db, consultationId, input.meetingId)
        : undefined
      if (input.meetingId && !meeting) throw new ValidationError({ meetingId: t('decisions.errors.meeting') })
      const meetingOn = meeting ? londonDay(meeting.starts_at) : input.meetingOn
      const refusals = decisionRefusals({
        status: consultation.status,
        correcting,
        meetingOn,
        today: today(),
        papers,
        dayOf: londonDay,
        proposalIds: [...proposalIds],
        resolvedProposalIds: input.resolutions.map((r) => r.proposalId),
      })
      if (refusals.length > 0) throw new DecisionRefusedError(refusals)
      const cited = [papers.report, papers.businessCase].filter((p): p is CitedPaper => p !== null)
      const at = now()
      return db.transaction().execute(async (trx) => {
        const id = await insertDecision(trx, {
          consultationId,
          body: input.body,
          meetingId: meeting?.id ?? null,
          meetingOn,
          heldInPublic: meeting ? meeting.session === 'public' : input.heldInPublic,
          conditions: input.conditions,
          minutesUrl: input.minutesUrl || meeting?.webcast_url || '',
          papers: cited,
          by: actor,
          at,
          supersedes: correcting ? (history.current?.id ?? null) : null,
          correctionReason: input.correctionReason,
          resolutions: input.resolutions,
        })
        await audit(
          trx,
          actor,
          correcting ? 'decision_corrected' : 'decision_recorded',
          { type: 'decision_record', id },
          {
            body: input.body,
            meetingOn,
            resolutions: input.resolutions.map((r) => ({ proposal: r.proposalId, outcome: r.outcome })),
            papers: cited.map((p) => ({ kind: p.kind, version: p.version, sha256: p.sha256 })),
            ...(correcting ? { supersedes: history.current?.id, reason: input.correctionReason } : {}),
          },
        )
        if (!correcting) await deps.consultationSetup.markDecidedWithin(trx, consultationId, actor, at)
        return id
      })
    },

    async addWorkstream(consultationId: string, input: WorkstreamInput, actor: AuditActor) {
      await requireConsultation(consultationId)
      return db.transaction().execute(async (trx) => {
        const id = await insertWorkstream(trx, { consultationId, ...input, by: actor.userId, at: now() })
        await audit(
          trx,
          actor,
          'workstream_added',
          { type: 'follow_up_workstream', id },
          { title: input.title },
        )
        return id
      })
    },

    async addAction(consultationId: string, input: ActionInput, actor: AuditActor) {
      await requireConsultation(consultationId)
      const [themes, proposals, workstreams] = await Promise.all([
        findThemes(db, input.themeIds.filter(isRecordId)),
        listProposals(db, consultationId),
        listWorkstreams(db, consultationId),
      ])
      if (
        themes.length !== input.themeIds.length ||
        themes.some((theme) => theme.consultation_id !== consultationId)
      )
        throw new ValidationError({ themeIds: t('decisions.errors.themeElsewhere') })
      const proposalIds = new Set(proposals.map((p) => p.id))
      if (input.proposalIds.some((p) => !proposalIds.has(p)))
        throw new ValidationError({ proposalIds: t('decisions.errors.proposal') })
      if (input.workstreamId && !workstreams.some((w) => w.id === input.workstreamId))
        throw new ValidationError({ workstreamId: t('decisions.errors.workstream') })
      return db.transaction().execute(async (trx) => {
        const id = await insertAction(trx, { consultationId, ...input, by: actor.userId, at: now() })
        await audit(
          trx,
          actor,
          'action_added',
          { type: 'follow_up_action', id },
          {
            title: input.title,
            owner: input.owner,
            dueOn: input.dueOn,
            themes: input.themeIds,
            proposals: input.proposalIds,
          },
        )
        return id
      })
    },

    async action(consultationId: string, id: string) {
      const action = isRecordId(id) ? await findAction(db, consultationId, id) : undefined
      if (!action) throw new NotFoundError(`No action ${id}`)
      const progress = await listProgress(db, [id])
      return { ...action, overdue: isOverdue(action, today()), progress }
    },

    async recordProgress(consultationId: string, id: string, input: ProgressInput, actor: AuditActor) {
      const action = await this.action(consultationId, id)
      await db.transaction().execute(async (trx) => {
        await recordProgress(trx, { actionId: action.id, ...input, by: actor, at: now() })
        await audit(
          trx,
          actor,
          'action_progress',
          { type: 'follow_up_action', id: action.id },
          {
            from: action.status,
            to: input.status,
            note: input.note,
          },
        )
      })
    },

    /**
     * What the public may read: signed-off considerations, the decision as last corrected, the
     * actions and their progress, and only approved quotes. Undefined until a decision is recorded.
     */
    async published(slug: string) {
      const consultation = await findConsultationBySlug(db, slug)
      if (!consultation) return undefined
      const { current } = await decisionHistory(consultation.id)
      if (!current) return undefined
      const [proposals, considerations, actions, workstreams, report, businessCase] = await Promise.all([
        listProposals(db, consultation.id),
        listConsiderations(db, consultation.id),
        actionsWithLinks(consultation.id),
        listWorkstreams(db, consultation.id),
        approvedReport(consultation.id),
        findApprovedBusinessCase(db, consultation.id),
      ])
      const signed = considerations.filter((c) => c.signed_off_at !== null)
      const rows = youSaidWeDid({
        considerations: signed.map((c) => {
          const count = suppress(c.theme_count, threshold)
          return {
            themeId: c.theme_id,
            theme: c.theme_label,
            proposalId: c.proposal_id,
            proposal: proposals.find((p) => p.id === c.proposal_id)?.title ?? '',
            count,
            share: count === null || c.coded_comments === 0 ? null : c.theme_count / c.coded_comments,
            outcome: c.outcome,
            response: c.response,
          }
        }),
        quotes: (report?.snapshot.evidence.quotes ?? []).filter((q) => q.reviewed),
        resolutions: new Map(
          current.resolutions.map((r) => [r.proposal_id, { outcome: r.outcome, note: r.note }]),
        ),
        actions: actions.map((a) => ({
          id: a.id,
          title: a.title,
          owner: a.owner,
          dueOn: a.due_on,
          status: a.status,
          themeIds: a.themeIds,
          proposalIds: a.proposalIds,
          latestNote: a.progress.at(-1)?.note ?? null,
        })),
        today: today(),
      })
      return {
        consultation,
        decision: current,
        corrected: current.supersedes !== null,
        proposals: proposals.map((p) => ({
          ...p,
          resolution: current.resolutions.find((r) => r.proposal_id === p.id) ?? null,
        })),
        rows,
        workstreams: workstreams.map((w) => ({
          ...w,
          actions: actions.filter((a) => a.workstream_id === w.id),
        })),
        actions,
        businessCase: businessCase?.content_hash ? { version: businessCase.version } : undefined,
        today: today(),
      }
    },

    /** Where the public reads the trail, once a decision is recorded: for the consultation's public page. */
    async publicLink(slug: string) {
      const consultation = await findConsultationBySlug(db, slug)
      if (!consultation) return undefined
      const recorded = await listDecisionRecords(db, consultation.id)
      return recorded.length > 0 ? { href: `/consultations/${slug}/you-said-we-did` } : undefined
    },

    /** The weekly digest of overdue actions, sent through the mailer (or kept in its outbox). */
    async sendOverdueDigest() {
      const overdue = await listOverdueActions(db, today(), digestLimit)
      if (overdue.length === 0) return { sent: 0, overdue: 0 }
      const recipients = await listDigestRecipients(db)
      const lines = overdue.map((a) =>
        t('decisions.digest.line', {
          title: a.title,
          owner: a.owner,
          due: a.due_on,
          consultation: a.consultation_title,
        }),
      )
      for (const { email } of recipients)
        await deps.mailer.send({
          to: email,
          subject: t('decisions.digest.subject', { n: overdue.length }),
          text: [t('decisions.digest.intro'), '', ...lines].join('\n'),
        })
      await db.transaction().execute((trx) =>
        audit(
          trx,
          systemActor,
          'overdue_digest_sent',
          { type: 'follow_up_actions', id: today() },
          {
            overdue: overdue.length,
            recipients: recipients.length,
          },
        ),
      )
      return { sent: recipients.length, overdue: overdue.length }
    },

    /** How many of a consultation's actions are overdue, for its workspace. */
    async overdueCount(consultationId: string) {
      const actions = await listActions(db, consultationId)
      const day = today()
      return actions.filter((a) => isOverdue(a, day)).length
    },

    /** The trail as the evidence pack reads it: Gunning 4's records, or worded gaps. */
    async evidence(consultationId: string) {
      const [considerations, equality, versions, history, actions] = await Promise.all([
        listConsiderations(db, consultationId),
        listEquality(db, consultationId),
        listBusinessCaseVersions(db, consultationId),
        decisionHistory(consultationId),
        listActions(db, consultationId),
      ])
      return { considerations, equality, versions, history, actions, today: today() }
    },

    ...createTranslationMethods({
      db,
      now,
      consultations: deps.consultations,
      texts: async (consultationId) => {
        const [proposals, considerations, history, actions] = await Promise.all([
          listProposals(db, consultationId),
          listConsiderations(db, consultationId),
          decisionHistory(consultationId),
          actionsWithLinks(consultationId),
        ])
        return { proposals, considerations, decision: history.current, actions }
      },
    }),
  }
  return service
}

export type DecisionService = ReturnType<typeof createDecisionService>
