import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import type { StaffActor } from '../../../platform/auth/guards.js'
import { isUniqueViolation } from '../../../platform/db/constraint-errors.js'
import type { ConsultationRow, Database } from '../../../platform/db/schema.js'
import { ConflictError, type FieldErrors, NotFoundError, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { londonToUtc } from '../../../platform/time/london.js'
import { allQuestions, type QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import { checkSubmission } from '../answer-validation.js'
import { generateReference } from '../receipt-reference.js'
import { insertResponseOnce } from '../repository.js'
import { isUuid } from '../submission-checks.js'
import {
  answersOf,
  batchField,
  compareKeyings,
  type FieldDifference,
  keyerAccuracy,
  type PaperFields,
  paperFields,
  type ReconciledPaper,
  receivedField,
} from './double-entry.js'
import {
  answersToFields,
  asPaper,
  type Body,
  checkReceivedOn,
  detailFields,
  type PaperDetails,
  parseBatch,
  parsePaperForm,
  parseReceivedDate,
  postedFields,
  receivedErrorKey,
  typedFormValues,
} from './forms.js'
import { isLateReturn, type LateCounts, postalDeadline } from './late-returns.js'
import {
  claimPaperReturn,
  countLate,
  countPaperReturns,
  decideLate,
  findLateReturn,
  findPaperReturn,
  findScan,
  insertKeying,
  insertScan,
  isDoubleEntry,
  listKeyings,
  listLateReturns,
  listMismatched,
  listReconciledKeyings,
  listUsersNamed,
  lockPaperReturn,
  markLate,
  markPaperReturn,
  setDoubleEntry,
} from './repository.js'

export type KeyingOutcome = 'response' | 'awaitingSecond' | 'matched' | 'mismatched'

export type KeyingResult =
  | { kind: 'invalid'; errors: FieldErrors; values: Record<string, string | string[]> }
  | { kind: 'stored'; reference: string; outcome: KeyingOutcome; late: boolean; details: PaperDetails }

export type ResolveResult =
  | { kind: 'invalid'; errors: FieldErrors; values: Record<string, string | string[]> }
  | { kind: 'reconciled'; reference: string; late: boolean }

export interface Scan {
  mediaType: string
  data: Buffer
}

/** A supervisor's choice for a field the two keyings differ on: the name of its radios. */
export const choiceName = (field: string) => `choice_${field.replace(':', '__')}`
export const resolvedBatchName = 'resolved_batch'
export const resolvedReceivedPrefix = 'resolved_received'

const refuse = (field: string, message: string) => new ValidationError({ [field]: message })

export function createPaperService(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
}) {
  const { db, now, consultations } = deps

  /** Random receipt references rarely clash; the whole transaction is tried again if one does. */
  async function withFreshReference<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work()
      } catch (error) {
        if (attempt < 5 && isUniqueViolation(error, 'responses_reference_key')) continue
        throw error
      }
    }
  }

  /** Makes the response a reconciled paper stands for: received that day, late if after the deadline. */
  async function createPaperResponse(
    trx: Kysely<Database>,
    consultation: ConsultationRow,
    paper: { id: string; questionnaire_version_id: string; paper_reference: string },
    fields: PaperFields,
    actor: AuditActor,
  ) {
    const receivedOn = String(fields[receivedField])
    const receivedAt = londonToUtc(receivedOn, '00:00') ?? new Date(`${receivedOn}T00:00:00Z`)
    const late = isLateReturn(receivedOn, postalDeadline(consultation))
    const id = await insertResponseOnce(trx, {
      consultationId: consultation.id,
      questionnaireVersionId: paper.questionnaire_version_id,
      reference: generateReference(),
      // A paper becomes one response however often this is tried.
      submissionKey: paper.id,
      channel: 'paper',
      answers: answersOf(fields),
      startedAt: null,
      submittedAt: receivedAt,
    })
    if (!id) throw new ConflictError('This paper is already a response')
    if (late) await markLate(trx, id)
    await recordAudit(
      trx,
      {
        actor,
        action: 'response.submitted',
        entityType: 'response',
        entityId: id,
        details: { channel: 'paper', paperReference: paper.paper_reference, late },
      },
      now(),
    )
    return { id, late }
  }

  async function keyingForm(consultationId: string) {
    const consultation = await consultations.getById(consultationId)
    const questionnaire = await consultations.getLatestQuestionnaire(consultation.id)
    return { consultation, questionnaire, doubleEntry: consultation.paper_double_entry }
  }

  async function loadMismatch(paperId: string) {
    const paper = isUuid(paperId) ? await findPaperReturn(db, paperId) : undefined
    if (!paper) throw new NotFoundError(`No paper ${paperId}`)
    const [keyings, version] = await Promise.all([
      listKeyings(db, paper.id),
      consultations.getQuestionnaireVersion(paper.questionnaire_version_id),
    ])
    const [first, second] = keyings.map((k) =>
      paperFields({ receivedOn: k.received_on, batch: k.batch, answers: k.answers }),
    )
    const comparison = first && second ? compareKeyings(first, second) : { agreed: {}, differences: [] }
    return { paper, keyings, definition: version.definition, version: version.version, ...comparison }
  }

  /** The final fields from a supervisor's choices, checked as a keying is; errors by form field. */
  function resolveFields(
    definition: QuestionnaireDefinition,
    agreed: PaperFields,
    differences: FieldDifference[],
    body: Body,
    bounds: { opensAt: Date; now: Date },
  ): { ok: true; fields: PaperFields } | { ok: false; errors: FieldErrors } {
    const errors: FieldErrors = {}
    const chosen: PaperFields = { ...agreed }
    const typed = new Set<string>()
    for (const d of differences) {
      const choice = body[choiceName(d.field)]
      if (choice === 'first' || choice === 'second') {
        const value = choice === 'first' ? d.first : d.second
        if (value === undefined) delete chosen[d.field]
        else chosen[d.field] = value
      } else if (choice === 'other') typed.add(d.field)
      else errors[choiceName(d.field)] = t('paper.validation.choiceMissing')
    }
    if (typed.has(batchField)) {
      const batch = parseBatch(
        typeof body[resolvedBatchName] === 'string' ? String(body[resolvedBatchName]) : '',
      )
      if (batch.value) chosen[batchField] = batch.value
      else errors[resolvedBatchName] = batch.error ?? ''
    }
    if (typed.has(receivedField)) {
      const received = parseReceivedDate(body, resolvedReceivedPrefix)
      if (received.value) chosen[receivedField] = received.value
      else errors[receivedErrorKey(resolvedReceivedPrefix)] = received.error ?? ''
    }
    const receivedOn = chosen[receivedField]
    if (typeof receivedOn === 'string') {
      const problem = checkReceivedOn(receivedOn, bounds)
      const at = typed.has(receivedField)
        ? receivedErrorKey(resolvedReceivedPrefix)
        : choiceName(receivedField)
      if (problem && !errors[at]) errors[at] = problem
    }
    const answerBody: Body = answersToFields(definition, answersOf(chosen))
    for (const q of allQuestions(definition)) {
      if (typed.has(q.key)) Object.assign(answerBody, postedFields(q, body))
    }
    const check = checkSubmission(asPaper(definition), answerBody)
    if (!check.ok) Object.assign(errors, check.errors)
    if (!check.ok || Object.keys(errors).length > 0) return { ok: false, errors }
    return {
      ok: true,
      fields: paperFields({
        receivedOn: String(chosen[receivedField]),
        batch: String(chosen[batchField]),
        answers: check.answers,
      }),
    }
  }

  return {
    keyingForm,

    /**
     * Keys one paper. With double entry off it becomes a response at once; with it on, the first
     * keying waits for a second by someone else, and the second either matches (a response) or
     * waits for a supervisor. Every refusal leaves nothing written.
     */
    async keyPaper(
      consultationId: string,
      body: Body,
      scan: Scan | undefined,
      actor: StaffActor,
    ): Promise<KeyingResult> {
      const { consultation, questionnaire } = await keyingForm(consultationId)
      const invalid = (errors: FieldErrors) => ({
        kind: 'invalid' as const,
        errors,
        values: typedFormValues(body),
      })
      if (body[detailFields.versionId] !== questionnaire.id)
        return invalid({ form: t('paper.validation.versionChanged') })
      const form = parsePaperForm(questionnaire.definition, body)
      if (!form.ok) return { kind: 'invalid', errors: form.errors, values: form.values }
      const { details, answers } = form
      const tooEarlyOrLate = checkReceivedOn(details.receivedOn, {
        opensAt: consultation.opens_at,
        now: now(),
      })
      if (tooEarlyOrLate) return invalid({ [receivedErrorKey(detailFields.received)]: tooEarlyOrLate })
      const refusal = (key: string) =>
        refuse(detailFields.reference, t(key, { reference: details.reference }))
      try {
        return await withFreshReference(() =>
          db.transaction().execute(async (trx) => {
            const doubleEntry = await isDoubleEntry(trx, consultation.id)
            const paper = await claimPaperReturn(trx, {
              consultationId: consultation.id,
              versionId: questionnaire.id,
              reference: details.reference,
              doubleEntry,
            })
            const earlier = paper.isNew ? [] : await listKeyings(trx, paper.id)
            if (!paper.isNew) {
              if (!paper.double_entry || paper.status !== 'awaiting_second')
                throw refusal(
                  paper.double_entry ? 'paper.validation.keyedTwice' : 'paper.validation.duplicateReference',
                )
              if (earlier.some((k) => k.keyed_by === actor.userId))
                throw refusal('paper.validation.sameKeyer')
              if (paper.questionnaire_version_id !== questionnaire.id)
                throw refusal('paper.validation.otherVersion')
            }
            const copy = earlier.length === 0 ? 1 : 2
            const keyingId = await insertKeying(trx, {
              paperReturnId: paper.id,
              copy,
              keyedBy: actor.userId,
              keyedAt: now(),
              receivedOn: details.receivedOn,
              batch: details.batch,
              answers,
            })
            if (scan) {
              const sha256 = createHash('sha256').update(scan.data).digest('hex')
              await insertScan(trx, { keyingId, mediaType: scan.mediaType, sha256, content: scan.data })
            }
            await recordAudit(
              trx,
              {
                actor,
                action: 'paper.keyed',
                entityType: 'paper_return',
                entityId: paper.id,
                details: { reference: details.reference, copy, batch: details.batch, scan: Boolean(scan) },
              },
              now(),
            )
            const fields = paperFields({ ...details, answers })
            const stored = (outcome: KeyingOutcome, late = false) =>
              ({ kind: 'stored', reference: details.reference, outcome, late, details }) as const
            if (!paper.double_entry) {
              const response = await createPaperResponse(trx, consultation, paper, fields, actor)
              await markPaperReturn(trx, paper.id, { status: 'reconciled', responseId: response.id })
              return stored('response', response.late)
            }
            const [first] = earlier
            if (!first) return stored('awaitingSecond')
            const comparison = compareKeyings(
              paperFields({ receivedOn: first.received_on, batch: first.batch, answers: first.answers }),
              fields,
            )
            if (comparison.differences.length > 0) {
              await markPaperReturn(trx, paper.id, { status: 'mismatched' })
              return stored('mismatched')
            }
            const response = await createPaperResponse(trx, consultation, paper, fields, actor)
            await markPaperReturn(trx, paper.id, {
              status: 'reconciled',
              responseId: response.id,
              resolvedFields: fields,
              resolvedAt: now(),
            })
            return stored('matched', response.late)
          }),
        )
      } catch (error) {
        if (error instanceof ValidationError) return invalid(error.fieldErrors)
        // Two people keying the same new paper at once: the loser is told as if it came second.
        if (isUniqueViolation(error, 'paper_keyings_paper_return_id_keyed_by_key'))
          return invalid({
            [detailFields.reference]: t('paper.validation.sameKeyer', { reference: details.reference }),
          })
        throw error
      }
    },

    async setDoubleEntry(consultationId: string, on: boolean, actor: AuditActor) {
      const consultation = await consultations.getById(consultationId)
      await db.transaction().execute(async (trx) => {
        await setDoubleEntry(trx, consultation.id, on)
        await recordAudit(
          trx,
          {
            actor,
            action: on ? 'paper.double_entry_on' : 'paper.double_entry_off',
            entityType: 'consultation',
            entityId: consultation.id,
          },
          now(),
        )
      })
    },

    /** What a supervisor sees: papers by state, those to resolve, and late counts. */
    async overview(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      const [counts, mismatched, late] = await Promise.all([
        countPaperReturns(db, consultation.id),
        listMismatched(db, consultation.id),
        countLate(db, consultation.id),
      ])
      return { consultation, counts, mismatched, late }
    },

    getMismatch: loadMismatch,

    /** Reconciles a mismatched paper from a supervisor's choices, making its response. */
    async resolveMismatch(paperId: string, body: Body, actor: StaffActor): Promise<ResolveResult> {
      const mismatch = await loadMismatch(paperId)
      const { paper, definition, agreed, differences } = mismatch
      if (paper.status !== 'mismatched') throw new ConflictError(t('paper.validation.notMismatched'))
      const consultation = await consultations.getById(paper.consultation_id)
      const resolved = resolveFields(definition, agreed, differences, body, {
        opensAt: consultation.opens_at,
        now: now(),
      })
      if (!resolved.ok) return { kind: 'invalid', errors: resolved.errors, values: typedFormValues(body) }
      return withFreshReference(() =>
        db.transaction().execute(async (trx) => {
          const locked = await lockPaperReturn(trx, paper.id)
          if (locked?.status !== 'mismatched') throw new ConflictError(t('paper.validation.notMismatched'))
          const response = await createPaperResponse(trx, consultation, paper, resolved.fields, actor)
          await markPaperReturn(trx, paper.id, {
            status: 'reconciled',
            responseId: response.id,
            resolvedFields: resolved.fields,
            resolvedBy: actor.userId,
            resolvedAt: now(),
          })
          await recordAudit(
            trx,
            {
              actor,
              action: 'paper.reconciled',
              entityType: 'paper_return',
              entityId: paper.id,
              details: {
                reference: paper.paper_reference,
                fields: differences.map((d) => ({
                  field: d.field,
                  first: d.first ?? null,
                  second: d.second ?? null,
                  resolved: resolved.fields[d.field] ?? null,
                })),
              },
            },
            now(),
          )
          return { kind: 'reconciled' as const, reference: paper.paper_reference, late: response.late }
        }),
      )
    },

    async getScan(keyingId: string) {
      const scan = isUuid(keyingId) ? await findScan(db, keyingId) : undefined
      if (!scan) throw new NotFoundError(`No scan ${keyingId}`)
      return scan
    },

    /** Per keyer, over double-entered papers reconciled: fields keyed and how many matched the resolved value. */
    async keyerAccuracy(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      const rows = await listReconciledKeyings(db, consultation.id)
      const papers = new Map<string, ReconciledPaper>()
      for (const row of rows) {
        const paper = papers.get(row.id) ?? { keyings: [], resolved: row.resolved_fields ?? {} }
        paper.keyings.push({
          keyedBy: row.keyed_by,
          fields: paperFields({ receivedOn: row.received_on, batch: row.batch, answers: row.answers }),
        })
        papers.set(row.id, paper)
      }
      const tallies = keyerAccuracy([...papers.values()])
      const people = new Map(
        (
          await listUsersNamed(
            db,
            tallies.map((a) => a.keyedBy),
          )
        ).map((u) => [u.id, u]),
      )
      return {
        consultation,
        keyers: tallies
          .map((a) => ({ ...a, name: people.get(a.keyedBy)?.display_name ?? a.keyedBy }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }
    },

    async listLateReturns(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      const [rows, counts] = await Promise.all([
        listLateReturns(db, consultation.id),
        countLate(db, consultation.id),
      ])
      return { consultation, rows, counts, deadline: postalDeadline(consultation) }
    },

    /** For the methodology: late returns, and how many were admitted, refused and not yet decided. */
    countLateReturns: (consultationId: string): Promise<LateCounts> => countLate(db, consultationId),

    async getLateReturn(responseId: string) {
      const row = isUuid(responseId) ? await findLateReturn(db, responseId) : undefined
      if (!row?.late) throw new NotFoundError(`No late return ${responseId}`)
      const consultation = await consultations.getById(row.consultation_id)
      return { response: row, consultation, deadline: postalDeadline(consultation) }
    },

    /** Admits a late return to the analysis or refuses it, once, with who, when and why. */
    async decideLateReturn(
      responseId: string,
      decision: { decision: 'admitted' | 'refused'; reason: string },
      actor: StaffActor,
    ) {
      if (!isUuid(responseId)) throw new NotFoundError(`No late return ${responseId}`)
      return db.transaction().execute(async (trx) => {
        const decided = await decideLate(trx, responseId, { ...decision, by: actor.userId, at: now() })
        if (!decided) {
          const row = await findLateReturn(trx, responseId)
          if (!row?.late) throw new NotFoundError(`No late return ${responseId}`)
          throw new ConflictError(t('paper.validation.alreadyDecided'))
        }
        await recordAudit(
          trx,
          {
            actor,
            action: decision.decision === 'admitted' ? 'response.late_admitted' : 'response.late_refused',
            entityType: 'response',
            entityId: responseId,
            details: { reason: decision.reason },
          },
          now(),
        )
        return decided
      })
    },
  }
}

export type PaperService = ReturnType<typeof createPaperService>
