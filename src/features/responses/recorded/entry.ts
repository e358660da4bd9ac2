import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import { isUniqueViolation } from '../../../platform/db/constraint-errors.js'
import type { Database } from '../../../platform/db/schema.js'
import { ConflictError, type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { commentQuestionsOf } from '../../../questionnaire/comment-questions.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService, PublishedQuestionnaire } from '../../consultations/index.js'
import { type Answers, checkSubmission } from '../answer-validation.js'
import { generateReference } from '../receipt-reference.js'
import { checkEnvelope } from '../submission-checks.js'
import { findBySubmissionKey, insertRecordedResponse, type RecordedInsert } from './repository.js'

// What event, correspondence and partner entry share: a response recorded by someone on the
// respondent's behalf, stored once per submission key, in one transaction with what comes with it
// and its audit entry.

export interface RecordedResult {
  id: string
  reference: string
  /** False when the same submission key had already made this response (a double click, a retry). */
  created: boolean
}

export function createRecordedEntry(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
}) {
  const { db, now, consultations } = deps

  /** The questionnaire responses are recorded against; refused clearly when there is none. */
  async function questionnaireOf(consultationId: string): Promise<PublishedQuestionnaire> {
    const questionnaire = await consultations.getPublishedQuestionnaire(consultationId)
    if (!questionnaire) throw new ValidationError({ form: t('channelRecords.validation.noQuestionnaire') })
    return questionnaire
  }

  /** The free-text questions a recorded text can be filed under, for coding. */
  async function commentQuestions(consultationId: string) {
    const questionnaire = await questionnaireOf(consultationId)
    const questions = commentQuestionsOf(allQuestions(questionnaire.definition))
    if (questions.length === 0)
      throw new ValidationError({ form: t('channelRecords.validation.noCommentQuestion') })
    return { questionnaire, questions }
  }

  /**
   * Checks a questionnaire keyed on one page as the online form checks it; a form made for an
   * earlier version is refused rather than stored against the wrong questions.
   */
  async function checkKeyed(
    consultationId: string,
    body: Record<string, unknown>,
  ): Promise<{ questionnaire: PublishedQuestionnaire; submissionKey: string; answers: Answers }> {
    const questionnaire = await questionnaireOf(consultationId)
    const envelope = checkEnvelope(body, questionnaire.id)
    if (!envelope.ok) {
      const message =
        envelope.problem === 'otherVersion'
          ? 'validation.response.versionChanged'
          : 'validation.response.unknownField'
      throw new ValidationError({ form: t(message) })
    }
    const check = checkSubmission(questionnaire.definition, body)
    if (!check.ok) throw new KeyedFormError(check.errors, check.values)
    return { questionnaire, submissionKey: envelope.submissionKey, answers: check.answers }
  }

  /**
   * Stores the response and, in the same transaction, what comes with it and the audit entry.
   * The same submission key gives the same response again, but only for the same source.
   */
  async function store(
    input: Omit<RecordedInsert, 'reference' | 'submittedAt'>,
    actor: AuditActor,
    details: Record<string, unknown>,
    alongside: (trx: Kysely<Database>, responseId: string) => Promise<unknown> = async () => {},
  ): Promise<RecordedResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(async (trx) => {
          const reference = generateReference()
          const id = await insertRecordedResponse(trx, { ...input, reference, submittedAt: now() })
          if (!id) {
            const existing = await findBySubmissionKey(trx, input.submissionKey)
            const same =
              existing &&
              existing.consultation_id === input.consultationId &&
              existing.channel === input.channel &&
              existing.event_id === (input.eventId ?? null) &&
              existing.partner_organisation_id === (input.partnerOrganisationId ?? null)
            if (!same) throw new ConflictError('This form was already used for another record')
            return { id: existing.id, reference: existing.reference, created: false }
          }
          await alongside(trx, id)
          await recordAudit(
            trx,
            {
              actor,
              action: 'response.recorded',
              entityType: 'response',
              entityId: id,
              details: { channel: input.channel, ...details },
            },
            now(),
          )
          return { id, reference, created: true }
        })
      } catch (error) {
        // A clash of random references is rare but possible; draw again.
        if (attempt < 5 && isUniqueViolation(error, 'responses_reference_key')) continue
        throw error
      }
    }
  }

  return { questionnaireOf, commentQuestions, checkKeyed, store }
}

/** A keyed questionnaire with answers that do not pass: the errors, and what was typed to show again. */
export class KeyedFormError extends ValidationError {
  constructor(
    fieldErrors: FieldErrors,
    readonly values: Record<string, string | string[]>,
  ) {
    super(fieldErrors)
  }
}

export type RecordedEntry = ReturnType<typeof createRecordedEntry>

/** What a channel that records responses on someone's behalf (events, correspondence, partners) is built from. */
export interface RecordedChannelDeps {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
  recorded: RecordedEntry
}
