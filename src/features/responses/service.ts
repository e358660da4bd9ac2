import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AuditActor, publicActor, recordAudit } from '../../platform/audit/audit-log.js'
import type { AuditSealer } from '../../platform/audit/audit-sealer.js'
import type { StaffActor } from '../../platform/auth/guards.js'
import { isUniqueViolation } from '../../platform/db/constraint-errors.js'
import { countedSummary } from '../../platform/db/counted.js'
import type { Database, ResponseChannel, ResponseFlag } from '../../platform/db/schema.js'
import { getOrCreateSetting } from '../../platform/db/settings.js'
import { ConflictError, type FieldErrors, NotFoundError } from '../../platform/errors.js'
import { countHit, countHitUnless } from '../../platform/http/rate-limit-store.js'
import { t } from '../../platform/i18n/translate.js'
import type { RespondentIdentity } from '../../platform/identity/identity-fields.js'
import { allQuestions } from '../../questionnaire/definition.js'
import type { ConsultationService, OpenQuestionnaire } from '../consultations/index.js'
import { type Answers, checkSubmission } from './answer-validation.js'
import {
  hashAddress,
  honeypotFilled,
  judgeAddress,
  responseFlags,
  type SubmitLimits,
  submitWindowMs,
  withoutHoneypot,
} from './online/abuse.js'
import { generateReference } from './receipt-reference.js'
import {
  countFilteredResponses,
  countResponsesPerDay,
  findReceipt,
  findResponse,
  insertResponseAudited,
  listResponses,
  markExcluded,
  markReinstated,
  receiptExists,
} from './repository.js'
import type { ListPosition, ResponseFilters } from './staff/filters.js'
import { findProvenance } from './staff/repository.js'
import { checkEnvelope, isUuid, typedValues } from './submission-checks.js'

export interface StoredResponse {
  consultationId: string
  questionnaireVersionId: string
  submissionKey: string
  channel: ResponseChannel
  answers: Answers
  submittedAt: Date
  actor: AuditActor
  /** When the person began the form, for responses sent page by page. */
  startedAt?: Date
  respondingFor?: string
  /** Sent after the close, within the grace period, by someone who started before it. */
  admittedUnderGrace?: boolean
  /** Who the person said they are, kept apart from the answers, and whether they may be contacted. */
  contact?: Partial<RespondentIdentity> & { consentToContact: boolean }
  flags?: ResponseFlag[]
  addressHash?: string
}

/** Where an online submission came from, and the limits that apply to it. */
export interface SubmitContext {
  address: string
  limits: SubmitLimits
}

/** What the anti-abuse checks make of an online submission. */
export type Screened =
  | { kind: 'limited'; retryAfterMs: number }
  | { kind: 'allowed'; addressHash: string; flags: ResponseFlag[] }

export type SubmitResult = OpenQuestionnaire &
  (
    | { kind: 'accepted'; submissionKey: string }
    | { kind: 'invalid'; errors: FieldErrors; values: Record<string, string | string[]> }
    | { kind: 'closed' }
    /** Far more responses from this address in the window than people could send; `retryAfterMs` until it ends. */
    | { kind: 'limited'; retryAfterMs: number }
  )

export function createResponseService(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
  auditSealer: AuditSealer
}) {
  const { db, now, consultations, auditSealer } = deps
  let addressSalt: Promise<string> | undefined
  // Shared by every process through the settings table; asked again if the first asking failed.
  const salt = () => {
    addressSalt ??= getOrCreateSetting(db, 'address_hash_salt', () => randomBytes(32).toString('base64url'))
    addressSalt.catch(() => {
      addressSalt = undefined
    })
    return addressSalt
  }

  const openQuestionnaire = (slug: string) => consultations.openQuestionnaire(slug)

  /**
   * Stores one response and its answers exactly once per submission key, with its audit entry.
   * The entry is queued in the same transaction rather than chained there, so that concurrent
   * submissions do not queue for the chain's lock through each other's commits; it is chained
   * before this returns, unless sealing fails, when it stays queued for the next sealing.
   */
  async function storeResponse(input: StoredResponse): Promise<void> {
    await insertAudited(input)
    await auditSealer.sealQueued()
  }

  async function insertAudited(input: StoredResponse): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Someone else's request with the same key may have got there first: theirs is the response.
        await insertResponseAudited(
          db,
          {
            consultationId: input.consultationId,
            questionnaireVersionId: input.questionnaireVersionId,
            reference: generateReference(),
            submissionKey: input.submissionKey,
            channel: input.channel,
            answers: input.answers,
            startedAt: input.startedAt ?? null,
            submittedAt: input.submittedAt,
            flags: input.flags ?? [],
            addressHash: input.addressHash ?? null,
            respondingFor: input.respondingFor,
            admittedUnderGrace: input.admittedUnderGrace,
          },
          input.contact,
          {
            actor: input.actor,
            action: 'response.submitted',
            entityType: 'response',
            details: {
              channel: input.channel,
              ...(input.flags?.length ? { flags: input.flags } : {}),
              ...(input.admittedUnderGrace ? { admittedUnderGrace: true } : {}),
            },
          },
          now(),
        )
        return
      } catch (error) {
        // A clash of random references is rare but possible; draw again.
        if (attempt < 5 && isUniqueViolation(error, 'responses_reference_key')) continue
        throw error
      }
    }
  }

  /** A version id that belongs to this consultation but is not the one open now: the questions changed. */
  async function isEarlierVersion(consultationId: string, versionId: string): Promise<boolean> {
    try {
      const version = await consultations.getQuestionnaireVersion(versionId)
      return version.consultation_id === consultationId
    } catch (error) {
      if (error instanceof NotFoundError) return false
      throw error
    }
  }

  /** Excluding and counting again share one shape: change the row if it is in the state expected, and audit why. */
  function changeExclusion(step: {
    id: string
    reason: string
    actor: StaffActor
    action: 'response.excluded' | 'response.reinstated'
    refusal: string
    change: (trx: Kysely<Database>) => Promise<{ reference: string } | undefined>
  }) {
    const { id, reason, actor, action, refusal, change } = step
    return db.transaction().execute(async (trx) => {
      const changed = await change(trx)
      if (!changed) throw new ConflictError(refusal)
      await recordAudit(trx, { actor, action, entityType: 'response', entityId: id, details: { reason } })
      return changed
    })
  }

  /**
   * Counts an online submission against its address and judges it: refused far over the hard
   * limit, otherwise the flags it earns (a busy address, a filled-in honeypot) and the address hash.
   */
  async function screenOnline(body: Record<string, unknown>, context: SubmitContext): Promise<Screened> {
    const addressHash = hashAddress(await salt(), context.address)
    const hits = await countHit(db, `submit:${addressHash}`, submitWindowMs)
    return judge(body, context, addressHash, hits)
  }

  function judge(
    body: Record<string, unknown>,
    context: SubmitContext,
    addressHash: string,
    hits: { current: number; ttl: number },
  ): Screened {
    const verdict = judgeAddress(hits.current, context.limits)
    if (verdict === 'refuse') return { kind: 'limited', retryAfterMs: hits.ttl }
    return { kind: 'allowed', addressHash, flags: responseFlags({ honeypot: honeypotFilled(body), verdict }) }
  }

  return {
    openQuestionnaire,
    storeResponse,
    screenOnline,

    /**
     * Idempotent: the same submission key always gives the same single response. A busy address
     * or a filled-in honeypot flags the response for staff rather than losing it; only an address
     * far over the hard limit is refused.
     */
    async submitOnline(
      slug: string,
      body: Record<string, unknown>,
      context: SubmitContext,
    ): Promise<SubmitResult> {
      const open = await openQuestionnaire(slug)
      const { consultation, questionnaire } = open
      if (!questionnaire) return { ...open, kind: 'closed' }
      const envelope = checkEnvelope(body, questionnaire.id)
      if (!envelope.ok) {
        const changed =
          envelope.problem === 'otherVersion' && (await isEarlierVersion(consultation.id, envelope.versionId))
        const message = changed ? 'validation.response.versionChanged' : 'validation.response.unknownField'
        return {
          ...open,
          kind: 'invalid',
          errors: { form: t(message) },
          values: changed ? typedValues(body) : {},
        }
      }
      const { submissionKey } = envelope
      // A retry of an accepted response gets its receipt, and is not counted against its address.
      const addressHash = hashAddress(await salt(), context.address)
      const hits = await countHitUnless(
        db,
        `submit:${addressHash}`,
        submitWindowMs,
        receiptExists(consultation.id, submissionKey),
      )
      if (!hits) return { ...open, kind: 'accepted', submissionKey }
      const screened = judge(body, context, addressHash, hits)
      if (screened.kind === 'limited') return { ...open, ...screened }
      const check = checkSubmission(questionnaire.definition, withoutHoneypot(body))
      if (!check.ok) return { ...open, kind: 'invalid', errors: check.errors, values: check.values }
      await storeResponse({
        consultationId: consultation.id,
        questionnaireVersionId: questionnaire.id,
        submissionKey,
        channel: 'online',
        answers: check.answers,
        submittedAt: now(),
        actor: publicActor,
        flags: screened.flags,
        addressHash: screened.addressHash,
      })
      return { ...open, kind: 'accepted', submissionKey }
    },

    async getReceipt(slug: string, submissionKey: string) {
      const consultation = await consultations.getBySlug(slug)
      const receipt = isUuid(submissionKey)
        ? await findReceipt(db, consultation.id, submissionKey)
        : undefined
      if (!receipt) throw new NotFoundError('No such receipt')
      return { consultation, reference: receipt.reference, submittedAt: receipt.submitted_at }
    },

    /** The responses that count, and how many were left out and why. */
    countedSummary: (consultationId: string) => countedSummary(db, consultationId),

    /** How many responses count. */
    countResponses: async (consultationId: string) => (await countedSummary(db, consultationId)).counted,

    /** One page of the responses that match, newest first, and how many match in all. */
    /** One page of the filtered list, from a position, and how many match (up to a cap when filtered). */
    async findResponses(
      consultationId: string,
      filters: ResponseFilters,
      position: ListPosition = { at: 'newest' },
      pageSize = 50,
    ) {
      const [total, page] = await Promise.all([
        countFilteredResponses(db, consultationId, filters),
        listResponses(db, consultationId, filters, pageSize, position),
      ])
      return { total: total.n, capped: total.capped, position, ...page }
    },

    countResponsesPerDay: (consultationId: string) => countResponsesPerDay(db, consultationId),

    /** Leaves the response on record but out of every count, saying who excluded it and why. */
    excludeResponse: (id: string, reason: string, actor: StaffActor) =>
      changeExclusion({
        id,
        reason,
        actor,
        action: 'response.excluded',
        refusal: 'This response is already excluded, or does not exist',
        change: (trx) => markExcluded(trx, id, { at: now(), by: actor.userId, reason }),
      }),

    reinstateResponse: (id: string, reason: string, actor: StaffActor) =>
      changeExclusion({
        id,
        reason,
        actor,
        action: 'response.reinstated',
        refusal: 'This response is not excluded, or does not exist',
        change: (trx) => markReinstated(trx, id),
      }),

    /** A response with its answers labelled by the questionnaire version it answered. */
    async getResponse(id: string) {
      const response = isUuid(id) ? await findResponse(db, id) : undefined
      if (!response) throw new NotFoundError(`No response ${id}`)
      const [version, consultation] = await Promise.all([
        consultations.getQuestionnaireVersion(response.questionnaire_version_id),
        consultations.getById(response.consultation_id),
      ])
      const questions = allQuestions(version.definition).map((question) => ({
        question,
        value: response.answers[question.key],
      }))
      return { response, consultation, version: version.version, questions }
    },

    /** Where a response came from and every decision taken on it, for its staff page. */
    async getProvenance(id: string) {
      const provenance = isUuid(id) ? await findProvenance(db, id) : undefined
      if (!provenance) throw new NotFoundError(`No response ${id}`)
      return provenance
    },
  }
}

export type ResponseService = ReturnType<typeof createResponseService>
