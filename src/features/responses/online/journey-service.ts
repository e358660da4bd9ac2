import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { publicActor } from '../../../platform/audit/audit-log.js'
import { isUniqueViolation } from '../../../platform/db/constraint-errors.js'
import type { ConsultationRow, Database, DraftRespondent } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import type { Mailer } from '../../../platform/mail/mailer.js'
import type { QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import { languagesOf } from '../../../questionnaire/localise.js'
import type { ConsultationService } from '../../consultations/index.js'
import type { Answers } from '../answer-validation.js'
import { generateReference } from '../receipt-reference.js'
import { findReceipt } from '../repository.js'
import type { ResponseService, SubmitContext } from '../service.js'
import {
  type DraftRow,
  deleteDraft,
  deleteExpiredDrafts,
  findDraftByCode,
  findDraftByToken,
  insertDraft,
  replaceDraftToken,
  setResumeCode,
  updateDraft,
} from './draft-repository.js'
import {
  admission,
  answersToSave,
  asksAboutRespondent,
  checkAllAnswers,
  checkSection,
  firstIncompleteSection,
  firstPage,
  type JourneyPage,
  resumeSection,
  type SectionCheck,
} from './journey.js'

// The online form page by page: a draft holds the answers until the response is sent. The
// respondent's browser holds a random token (in a cookie); only its hash is stored.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const newToken = () => randomBytes(32).toString('base64url')

/** A draft being answered, with the questionnaire version it answers. */
export interface Journey {
  consultation: ConsultationRow
  draft: DraftRow
  definition: QuestionnaireDefinition
  /** 'grace' after the close, for a form started before it. */
  state: 'open' | 'grace'
}

export type Loaded =
  | { kind: 'ok'; journey: Journey }
  | { kind: 'missing'; consultation: ConsultationRow }
  | { kind: 'closed'; consultation: ConsultationRow }

export type Submitted =
  | { kind: 'accepted'; consultation: ConsultationRow; submissionKey: string }
  | { kind: 'missing'; consultation: ConsultationRow }
  | { kind: 'closed'; consultation: ConsultationRow }
  | { kind: 'incomplete'; consultation: ConsultationRow; page: JourneyPage }
  | { kind: 'limited'; consultation: ConsultationRow; retryAfterMs: number }

/** The language code when the questionnaire offers it, English included. */
function offeredLanguage(definition: QuestionnaireDefinition, language: unknown): string | undefined {
  return languagesOf(definition).find((l) => l.code === language)?.code
}

export function createJourneyService(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
  responses: ResponseService
  mailer: Mailer
  graceMinutes: number
}) {
  const { db, now, consultations, responses, mailer, graceMinutes } = deps

  async function load(slug: string, token: string | undefined): Promise<Loaded> {
    const consultation = await consultations.getBySlug(slug)
    const draft = token ? await findDraftByToken(db, consultation.id, hashToken(token)) : undefined
    if (!draft) return { kind: 'missing', consultation }
    const state = admission(
      { status: consultation.status, opensAt: consultation.opens_at, closesAt: consultation.closes_at },
      draft.started_at,
      now(),
      graceMinutes,
    )
    if (state === 'closed') return { kind: 'closed', consultation }
    const { definition } = await consultations.getQuestionnaireVersion(draft.questionnaire_version_id)
    return { kind: 'ok', journey: { consultation, draft, definition, state } }
  }

  /** Where someone coming back should carry on: the first page not complete, or checking answers. */
  function resumePage(definition: QuestionnaireDefinition, answers: Answers, respondent: DraftRespondent) {
    const section = firstIncompleteSection(definition, answers)
    if (section) return { kind: 'section', key: section } as const
    if (asksAboutRespondent(definition) && !aboutComplete(definition, respondent))
      return { kind: 'about' } as const
    return { kind: 'check' } as const
  }

  /** Where someone resuming a saved form carries on: the next page they have not answered. */
  function continuePage(definition: QuestionnaireDefinition, answers: Answers, respondent: DraftRespondent) {
    const section = resumeSection(definition, answers)
    if (section) return { kind: 'section', key: section } as const
    return resumePage(definition, answers, respondent)
  }

  function aboutComplete(definition: QuestionnaireDefinition, respondent: DraftRespondent) {
    return !definition.respondent?.askOrganisation || respondent.respondingAs !== undefined
  }

  return {
    now,
    load,
    resumePage,
    continuePage,
    consultation: (slug: string) => consultations.getBySlug(slug),

    /** Whether no draft of this consultation may be sent any more, grace period included. */
    pastGrace: (consultation: ConsultationRow) =>
      admission(
        { status: consultation.status, opensAt: consultation.opens_at, closesAt: consultation.closes_at },
        consultation.opens_at,
        now(),
        graceMinutes,
      ) === 'closed',

    aboutComplete,

    /**
     * Begins a response: a new draft on the published version, while the consultation is open. The
     * start page's submission key becomes the draft's, unless it is not one or already taken (the
     * start button pressed twice); then the draft gets a fresh one.
     */
    async start(slug: string, offeredKey: unknown, language: unknown) {
      const { consultation, questionnaire } = await responses.openQuestionnaire(slug)
      if (!questionnaire) return { kind: 'closed', consultation } as const
      const token = newToken()
      const draft = {
        consultationId: consultation.id,
        questionnaireVersionId: questionnaire.id,
        tokenHash: hashToken(token),
        startedAt: now(),
        language: offeredLanguage(questionnaire.definition, language) ?? 'en',
      }
      const usable = typeof offeredKey === 'string' && uuidPattern.test(offeredKey)
      try {
        await insertDraft(db, { ...draft, submissionKey: usable ? offeredKey : randomUUID() })
      } catch (error) {
        if (!usable || !isUniqueViolation(error)) throw error
        await insertDraft(db, { ...draft, submissionKey: randomUUID() })
      }
      return { kind: 'started', consultation, token, page: firstPage(questionnaire.definition) } as const
    },

    /** Checks a section's page and keeps its answers when they are valid. */
    async answerSection(
      journey: Journey,
      sectionKey: string,
      body: Record<string, unknown>,
    ): Promise<SectionCheck> {
      const check = checkSection(journey.definition, sectionKey, journey.draft.answers, body)
      if (check.ok) await updateDraft(db, journey.draft.id, { answers: check.answers, updatedAt: now() })
      return check
    },

    /** "Save and come back later": keeps what is valid on the page and gives the draft a resume code. */
    async save(journey: Journey, sectionKey: string | undefined, body: Record<string, unknown>) {
      if (sectionKey) {
        const answers = answersToSave(journey.definition, sectionKey, journey.draft.answers, body)
        await updateDraft(db, journey.draft.id, { answers, updatedAt: now() })
      }
      return this.resumeCode(journey)
    },

    async resumeCode(journey: Journey): Promise<string> {
      if (journey.draft.resume_code) return journey.draft.resume_code
      for (let attempt = 1; ; attempt++) {
        try {
          return await setResumeCode(db, journey.draft.id, generateReference())
        } catch (error) {
          if (attempt < 5 && isUniqueViolation(error)) continue
          throw error
        }
      }
    },

    /** Keeps the language chosen for the wording when the questionnaire offers it; tells which applies. */
    async chooseLanguage(journey: Journey, language: unknown): Promise<string> {
      const chosen = offeredLanguage(journey.definition, language)
      if (!chosen || chosen === journey.draft.language) return journey.draft.language
      await updateDraft(db, journey.draft.id, { language: chosen, updatedAt: now() })
      return chosen
    },

    answerAbout: (journey: Journey, respondent: DraftRespondent) =>
      updateDraft(db, journey.draft.id, { respondent, updatedAt: now() }),

    /** Sends the resume link and code to the person, or keeps the message in the outbox. */
    async emailResumeLink(journey: Journey, email: string, link: string) {
      const code = await this.resumeCode(journey)
      const title = journey.consultation.title
      const closes = journey.consultation.closes_at.toLocaleString('en-GB', {
        timeZone: 'Europe/London',
        dateStyle: 'long',
        timeStyle: 'short',
      })
      return mailer.send({
        to: email,
        subject: t('journey.mailSubject', { title }),
        text: t('journey.mailBody', { title, link, code, closes }),
      })
    },

    /** Hands a saved draft to this browser: a new token, so only the latest browser holds it. */
    async resume(slug: string, code: string) {
      const consultation = await consultations.getBySlug(slug)
      const draft = await findDraftByCode(db, consultation.id, code)
      if (!draft) return { kind: 'missing', consultation } as const
      const token = newToken()
      await replaceDraftToken(db, draft.id, hashToken(token))
      const loaded = await load(slug, token)
      if (loaded.kind !== 'ok') return loaded
      const { definition } = loaded.journey
      return {
        kind: 'resumed',
        consultation,
        token,
        page: continuePage(definition, draft.answers, draft.respondent),
      } as const
    },

    /**
     * Sends the response. Idempotent: the draft's submission key makes one response, and a repeat
     * (a double click, a refresh, the back button, a retry) finds that response's receipt.
     */
    async submit(
      slug: string,
      token: string | undefined,
      body: Record<string, unknown>,
      context: SubmitContext,
    ): Promise<Submitted> {
      const consultation = await consultations.getBySlug(slug)
      const submissionKey = body.submission_key
      if (typeof submissionKey === 'string' && uuidPattern.test(submissionKey)) {
        if (await findReceipt(db, consultation.id, submissionKey))
          return { kind: 'accepted', consultation, submissionKey }
      }
      const loaded = await load(slug, token)
      if (loaded.kind !== 'ok') return loaded
      const { draft, definition, state } = loaded.journey
      const check = checkAllAnswers(definition, draft.answers)
      const respondent = draft.respondent
      if (!check.ok || (asksAboutRespondent(definition) && !aboutComplete(definition, respondent))) {
        return { kind: 'incomplete', consultation, page: resumePage(definition, draft.answers, respondent) }
      }
      const screened = await responses.screenOnline(body, context)
      if (screened.kind === 'limited') return { ...screened, consultation }
      await responses.storeResponse({
        consultationId: consultation.id,
        questionnaireVersionId: draft.questionnaire_version_id,
        submissionKey: draft.submission_key,
        channel: 'online',
        answers: check.answers,
        submittedAt: now(),
        actor: publicActor,
        startedAt: draft.started_at,
        respondingFor: respondent.respondingFor,
        admittedUnderGrace: state === 'grace',
        contact: definition.respondent?.askContact
          ? {
              name: respondent.name ?? null,
              email: respondent.email ?? null,
              phone: respondent.phone ?? null,
              postcode: respondent.postcode ?? null,
              consentToContact: respondent.consentToContact === true,
            }
          : undefined,
        flags: screened.flags,
        addressHash: screened.addressHash,
      })
      await deleteDraft(db, draft.id)
      return { kind: 'accepted', consultation, submissionKey: draft.submission_key }
    },

    /** The housekeeping job: drafts of consultations closed longer ago than the grace period. */
    deleteExpiredDrafts: () => deleteExpiredDrafts(db, now(), graceMinutes),
  }
}

export type JourneyService = ReturnType<typeof createJourneyService>
