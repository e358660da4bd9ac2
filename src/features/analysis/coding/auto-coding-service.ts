import type { Kysely } from 'kysely'
import { recordAudit, systemActor } from '../../../platform/audit/audit-log.js'
import type { StaffActor } from '../../../platform/auth/guards.js'
import type { Database } from '../../../platform/db/schema.js'
import { NotFoundError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { createJobQueue, type JobQueue } from '../../../platform/jobs/jobs.js'
import { modelVersion } from '../text-models/multilabel-model.js'
import { discover as discoverCandidates, type ThemeCountChoice } from '../text-models/theme-discovery.js'
import { type AutoCodingRound, evenlySpread, runAutoCoding } from './auto-coding.js'
import type { ThemeForm } from './forms.js'
import { humanTruth } from './human-truth.js'
import { redact } from './redaction.js'
import {
  type CommentText,
  claimQueuedRun,
  countModels,
  failStaleRuns,
  findRun,
  findUnfinishedRun,
  finishRun,
  insertRun,
  listCodedThemes,
  listCommentTexts,
  listRuns,
  type RunKind,
} from './runs-repository.js'
import type { CodingService } from './service.js'

// Auto-coding and theme discovery as background work: an analyst queues a run, a job claims and
// does it (training takes seconds, too long for a request), and the pages show its status and
// what it found. Suggestions go through the coding service, which keeps their provenance.

/** The job that does queued runs: sent when a run is asked for, and on a cron as a safety net. */
export const runQueuedJob = 'coding.run-queued'

/** Comments proposed as "code these next" after each training run. */
const nextCount = 100
const folds = 5
const validationLimit = 3_000
/** Discovery reads at most this many comments, spread evenly, so a large consultation stays quick. */
const discoveryLimit = 20_000
const typicalLength = 500
const typicalCount = 3
/** A run still running after this long was left behind by a process that stopped. */
const staleAfterMs = 60 * 60 * 1000

export interface Candidate {
  terms: string[]
  /** Absent in runs made before labels came from distinctive phrases. */
  label?: string
  size: number
  share: number
  typical: { responseId: string; questionKey: string; reference: string; text: string }[]
}

export interface DiscoveryResult {
  read: number
  of: number
  candidates: Candidate[]
  /** How the number of candidates was settled (absent in older runs). */
  choice?: ThemeCountChoice
}

/** What a training run stores: the round without its suggestions, which live in theme_suggestions. */
export type TrainingResult =
  | Extract<AutoCodingRound, { ok: false }>
  | (Omit<Extract<AutoCodingRound, { ok: true }>, 'suggestions'> & {
      suggested: number
      /** Coded comments left out because their coding holds the model's themes (absent in older runs). */
      keptApart?: number
      confirmedBlind?: number
    })

const keyOf = (c: { response_id: string; question_key: string }) => `${c.response_id}|${c.question_key}`

/** The comments closest to a group's centre with distinct wording, since the same words often come in many times. */
function typicalComments(members: readonly string[], byKey: ReadonlyMap<string, CommentText>) {
  const seen = new Set<string>()
  const chosen: Candidate['typical'] = []
  for (const id of members) {
    const c = byKey.get(id)
    const wording = c?.text.trim().toLowerCase()
    if (!c || !wording || seen.has(wording)) continue
    seen.add(wording)
    chosen.push({
      responseId: c.response_id,
      questionKey: c.question_key,
      reference: c.reference,
      text: c.text.slice(0, typicalLength),
    })
    if (chosen.length === typicalCount) break
  }
  return chosen
}

export function createAutoCodingService(deps: {
  db: Kysely<Database>
  now: () => Date
  coding: CodingService
  /** Where the run job is sent so a run starts at once; without a started queue, the cron picks it up. */
  jobs?: JobQueue
}) {
  const { db, now, coding } = deps
  const jobs = deps.jobs ?? createJobQueue()

  async function commentsOf(consultationId: string) {
    const keys = (await coding.commentQuestions(consultationId)).map((q) => q.key)
    return listCommentTexts(db, consultationId, keys)
  }

  async function train(consultationId: string): Promise<{
    result: TrainingResult
    model?: { name: string; version: string }
  }> {
    const [comments, coded, frame] = await Promise.all([
      commentsOf(consultationId),
      listCodedThemes(db, consultationId),
      coding.codeframe(consultationId),
    ])
    // Only what people chose trains and measures the model; comments coded with its help are
    // neither truth nor left uncoded.
    const truth = humanTruth(coded)
    const firstPass = new Set(coded.filter((row) => row.pass === 1).map(keyOf))
    const round = runAutoCoding({
      coded: comments.flatMap((c) => {
        const themes = truth.themes.get(keyOf(c))
        return themes
          ? [{ responseId: c.response_id, questionKey: c.question_key, text: c.text, themes }]
          : []
      }),
      uncoded: comments
        .filter((c) => !firstPass.has(keyOf(c)) && !truth.themes.has(keyOf(c)))
        .map((c) => ({ responseId: c.response_id, questionKey: c.question_key, text: c.text })),
      themeQuestions: new Map(
        frame.themes.filter((th) => th.status === 'active').map((th) => [th.id, th.questionKey]),
      ),
      nextCount,
      folds,
      validationLimit,
    })
    if (!round.ok) return { result: round }
    const model = { name: modelVersion, version: String((await countModels(db, consultationId)) + 1) }
    await coding.storeSuggestions(consultationId, model, round.suggestions, systemActor, {
      replacePending: true,
    })
    const { suggestions, ...rest } = round
    return {
      result: {
        ...rest,
        suggested: suggestions.length,
        keptApart: truth.keptApart,
        confirmedBlind: truth.confirmedBlind,
      },
      model,
    }
  }

  async function discover(consultationId: string, settings: { themes?: number }): Promise<DiscoveryResult> {
    const comments = await commentsOf(consultationId)
    const read = evenlySpread(comments, discoveryLimit)
    const byKey = new Map<string, CommentText>(read.map((c) => [keyOf(c), c]))
    const { candidates, choice } = discoverCandidates(
      read.map((c) => ({ id: keyOf(c), text: c.text })),
      settings.themes === undefined ? {} : { themes: settings.themes },
    )
    return {
      read: read.length,
      of: comments.length,
      choice,
      candidates: candidates.map((candidate) => ({
        terms: candidate.terms,
        label: candidate.label,
        size: candidate.size,
        share: candidate.share,
        typical: typicalComments(candidate.members, byKey),
      })),
    }
  }

  return {
    /**
     * Queues a run and sends the job to do it now, or returns the run of the same kind already
     * waiting or under way. `started` says whether the job was sent; if not, the cron does the run.
     */
    async requestRun(
      consultationId: string,
      kind: RunKind,
      actor: StaffActor,
      settings: { themes?: number } = {},
    ) {
      const run = await db.transaction().execute(async (trx) => {
        const unfinished = await findUnfinishedRun(trx, consultationId, kind)
        if (unfinished) return { runId: unfinished.id, queued: false }
        const runId = await insertRun(trx, {
          consultationId,
          kind,
          requestedBy: actor.userId,
          at: now(),
          settings,
        })
        await recordAudit(
          trx,
          {
            actor,
            action: `coding_run.requested`,
            entityType: 'coding_run',
            entityId: runId,
            details: { kind, ...settings },
          },
          now(),
        )
        return { runId, queued: true }
      })
      if (!run.queued) return { ...run, started: false }
      // The run is already safely queued, so a queue that is down only delays it until the cron.
      const started = await jobs.send(runQueuedJob, { runId: run.runId }).catch(() => false)
      return { ...run, started }
    },

    /** Does every queued run, one after another; the job calls this. */
    async runQueued() {
      let done = 0
      let failed = await failStaleRuns(db, new Date(now().getTime() - staleAfterMs), now())
      for (;;) {
        const run = await claimQueuedRun(db, now())
        if (!run) break
        try {
          const outcome =
            run.kind === 'train'
              ? await train(run.consultation_id)
              : { result: await discover(run.consultation_id, run.settings ?? {}), model: undefined }
          await db.transaction().execute(async (trx) => {
            await finishRun(trx, run.id, { status: 'done', at: now(), ...outcome })
            await recordAudit(
              trx,
              {
                actor: systemActor,
                action: 'coding_run.done',
                entityType: 'coding_run',
                entityId: run.id,
                details: { kind: run.kind, model: outcome.model },
              },
              now(),
            )
          })
          done++
        } catch (error) {
          // A run that fails is recorded as failed, so the page says so and the queue moves on.
          await finishRun(db, run.id, { status: 'failed', at: now(), error: String(error).slice(0, 500) })
          failed++
        }
      }
      return { done, failed }
    },

    /** The latest runs of a kind, newest first, with what the newest finished one found. */
    async runs(consultationId: string, kind: RunKind) {
      const runs = await listRuns(db, consultationId, kind, 5)
      const latest = runs.find((r) => r.status === 'done')
      return { runs, latest }
    },

    /** The comments the latest model is least sure about and nobody has coded since, most uncertain first. */
    async nextToCode(consultationId: string) {
      const latest = (await listRuns(db, consultationId, 'train', 20)).find(
        (r) => r.status === 'done' && (r.result as TrainingResult | null)?.ok,
      )
      const result = latest?.result as (TrainingResult & { ok: true }) | undefined
      if (!result) return { model: undefined, comments: [] }
      const coded = new Set(
        (await listCodedThemes(db, consultationId)).filter((row) => row.pass === 1).map(keyOf),
      )
      const texts = new Map((await commentsOf(consultationId)).map((c) => [keyOf(c), c]))
      return {
        model: { name: latest?.model_name ?? '', version: latest?.model_version ?? '' },
        comments: result.next.flatMap((n) => {
          const comment = texts.get(`${n.responseId}|${n.questionKey}`)
          return comment && !coded.has(keyOf(comment))
            ? [{ ...n, reference: comment.reference, text: comment.text }]
            : []
        }),
      }
    },

    /** Makes a discovered candidate a codeframe theme: its top terms describe it, its typical comments (redacted) are its examples. */
    async adoptCandidate(
      consultationId: string,
      runId: string,
      index: number,
      naming: { code: string; label: string },
      actor: StaffActor,
    ) {
      const run = await findRun(db, consultationId, runId)
      const candidate = (run?.result as DiscoveryResult | null)?.candidates?.[index]
      if (run?.kind !== 'discover' || !candidate) throw new NotFoundError('No such candidate theme')
      const form: ThemeForm = {
        code: naming.code,
        label: naming.label,
        description: t('coding.discovery.description', { terms: candidate.terms.join(', ') }),
        examples: candidate.typical.map((c) => redact(c.text).text.slice(0, 300)),
        parentId: null,
        questionKey: null,
      }
      return coding.addTheme(consultationId, form, actor)
    },
  }
}

export type AutoCodingService = ReturnType<typeof createAutoCodingService>
