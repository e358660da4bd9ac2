import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import { suppressTable } from '../../../platform/disclosure/suppression.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions, type Question } from '../../../questionnaire/definition.js'
import type { RecordedChannelDeps } from '../recorded/entry.js'
import { isUuid } from '../submission-checks.js'
import {
  countByPartner,
  countEntries,
  countPartnerAnswers,
  countPartnerSingleAnswers,
  findEntry,
  findOrganisationByName,
  findUserOrganisation,
  listConsultationsEnteredBy,
  listEntries,
  setUserOrganisation,
} from './repository.js'

// Voluntary and community sector partners. A collector (role partner_collector, linked to one
// organisation) keys responses for the people they support and sees only their organisation's
// entries; staff see how many people each partner reached and from which groups, small counts hidden.

const notStatedValue = '__not_stated'

/** Choice questions about who someone is (not about a proposal): the groups a partner reached. */
function groupQuestions(questions: readonly Question[]) {
  return questions.flatMap((q) =>
    (q.type === 'single_choice' || q.type === 'multiple_choice') && q.proposal === undefined ? [q] : [],
  )
}

/**
 * Who a partner reached, as the participation feature profiles it. Named here by its shape, so that
 * responses does not depend on participation, which itself reads responses.
 */
export interface PartnerProfiles<Profile> {
  profile(consultationId: string, filter: { partnerId: string }, threshold: number): Promise<Profile>
}

export function createPartnerService<Profile>(
  deps: RecordedChannelDeps & { participation: PartnerProfiles<Profile> },
) {
  const { db, now, consultations, participation, recorded } = deps

  /** The organisation this collector speaks for; without one they may not enter anything. */
  async function organisationOf(userId: string) {
    const organisation = await findUserOrganisation(db, userId)
    if (!organisation) throw new ForbiddenError('This account is not linked to a partner organisation')
    return organisation
  }

  async function openConsultation(consultationId: string) {
    const consultation = await consultations.getById(consultationId)
    const at = now()
    if (consultation.status !== 'open' || at < consultation.opens_at || at >= consultation.closes_at)
      throw new ConflictError('This consultation is not open for responses')
    return consultation
  }

  return {
    organisationOf,

    /**
     * The collector's organisation and, for each open consultation and each closed one it entered
     * responses to, how many entries it has made: its work stays in view after the close.
     */
    async collectorHome(userId: string) {
      const organisation = await organisationOf(userId)
      const open = await consultations.listOpen()
      const closed = await listConsultationsEnteredBy(
        db,
        organisation.id,
        open.map((c) => c.id),
      )
      const withCounts = (list: typeof open) =>
        Promise.all(
          list.map(async (c) => ({ consultation: c, counts: await countEntries(db, c.id, organisation.id) })),
        )
      return { organisation, consultations: await withCounts(open), closed: await withCounts(closed) }
    },

    /** The collector's own entries in a consultation, its counts, and who they reached (small counts hidden). */
    async collectorConsultation(userId: string, consultationId: string, threshold: number) {
      const organisation = await organisationOf(userId)
      const consultation = await consultations.getById(consultationId)
      const [counts, entries, profile] = await Promise.all([
        countEntries(db, consultation.id, organisation.id),
        listEntries(db, consultation.id, organisation.id, 200),
        participation.profile(consultation.id, { partnerId: organisation.id }, threshold),
      ])
      return { organisation, consultation, counts, entries, profile }
    },

    async entryForm(userId: string, consultationId: string) {
      const organisation = await organisationOf(userId)
      const consultation = await openConsultation(consultationId)
      const questionnaire = await recorded.questionnaireOf(consultation.id)
      return { organisation, consultation, questionnaire }
    },

    /** Assisted completion: the whole questionnaire keyed for someone, tagged with the collector's organisation. */
    async recordEntry(
      userId: string,
      consultationId: string,
      body: Record<string, unknown>,
      actor: AuditActor,
    ) {
      const organisation = await organisationOf(userId)
      const consultation = await openConsultation(consultationId)
      const keyed = await recorded.checkKeyed(consultation.id, body)
      const stored = await recorded.store(
        {
          consultationId: consultation.id,
          questionnaireVersionId: keyed.questionnaire.id,
          submissionKey: keyed.submissionKey,
          channel: 'partner',
          answers: keyed.answers,
          receivedAt: now(),
          partnerOrganisationId: organisation.id,
        },
        actor,
        { kind: 'partner_entry', partnerOrganisationId: organisation.id },
      )
      return { ...stored, organisation }
    },

    /** One of the collector's own entries; another organisation's is not found, so nothing about it leaks. */
    async getEntry(userId: string, responseId: string) {
      const organisation = await organisationOf(userId)
      const entry = isUuid(responseId) ? await findEntry(db, responseId) : undefined
      if (!entry || entry.partner_organisation_id !== organisation.id)
        throw new NotFoundError(`No entry ${responseId} for this organisation`)
      const [version, consultation] = await Promise.all([
        consultations.getQuestionnaireVersion(entry.questionnaire_version_id),
        consultations.getById(entry.consultation_id),
      ])
      const questions = allQuestions(version.definition).map((question) => ({
        question,
        value: entry.answers[question.key],
      }))
      return { organisation, entry, consultation, questions }
    },

    /**
     * For staff: each partner's counted responses, and their spread over the groups of one
     * About-you question, as a table with small counts hidden (and what would give them away).
     */
    async reach(consultationId: string, by: string | undefined, threshold: number) {
      const consultation = await consultations.getById(consultationId)
      const questionnaire = await consultations.getPublishedQuestionnaire(consultation.id)
      const questions = questionnaire ? groupQuestions(allQuestions(questionnaire.definition)) : []
      const question =
        questions.find((q) => q.key === by) ?? questions.find((q) => q.key === 'relationship') ?? questions[0]
      const partners = await countByPartner(db, consultation.id)
      // A question with one answer is read from the kept totals; several answers a person are
      // counted from the responses, each choice once.
      const answers = !question
        ? []
        : question.type === 'single_choice'
          ? await countPartnerSingleAnswers(db, consultation.id, question.key)
          : await countPartnerAnswers(db, consultation.id, question.key)
      const groups = question
        ? [
            ...question.options.map((o) => ({ value: o.value, label: o.label })),
            { value: notStatedValue, label: t('participation.notStated') },
          ]
        : []
      const known = new Set(groups.map((g) => g.value))
      const cells = groups.map((g) =>
        partners.map((p) =>
          answers
            .filter(
              (a) =>
                a.partner === p.id &&
                (g.value === notStatedValue ? a.value === null || !known.has(a.value) : a.value === g.value),
            )
            .reduce((sum, a) => sum + a.n, 0),
        ),
      )
      const columnTotals = partners.map((p) => p.n)
      const hidden = suppressTable(
        { cells, columnTotals, columnsAdd: question?.type === 'single_choice' },
        threshold,
      )
      const shown = (n: number, reason: unknown) => (reason ? undefined : n)
      return {
        consultation,
        questions: questions.map((q) => ({ key: q.key, title: q.title })),
        question: question ? { key: question.key, title: question.title } : undefined,
        partners: partners.map((p, j) => ({
          id: p.id,
          name: p.name,
          reached: shown(p.n, hidden.columnTotals[j]),
        })),
        rows: groups.map((g, i) => ({
          label: g.label,
          counts: partners.map((_, j) => shown(cells[i]?.[j] ?? 0, hidden.cells[i]?.[j])),
        })),
        total: shown(
          columnTotals.reduce((a, b) => a + b, 0),
          hidden.grandTotal,
        ),
      }
    },

    /** For staff: one partner's full respondent profile, from the participation feature. */
    async partnerProfile(consultationId: string, organisationId: string, threshold: number) {
      const consultation = await consultations.getById(consultationId)
      const partner = (await countByPartner(db, consultation.id)).find((p) => p.id === organisationId)
      if (!partner) throw new NotFoundError(`No partner ${organisationId} in this consultation`)
      const profile = await participation.profile(consultation.id, { partnerId: partner.id }, threshold)
      return { consultation, partner: { id: partner.id, name: partner.name }, profile }
    },

    async organisationNamed(name: string) {
      const organisation = await findOrganisationByName(db, name)
      if (!organisation) throw new NotFoundError(`No organisation called ${name}`)
      return organisation
    },

    /** Links a collector account to the organisation it collects for, by the organisation's name. */
    async linkCollector(userId: string, organisationName: string, actor: AuditActor) {
      const organisation = await findOrganisationByName(db, organisationName)
      if (!organisation) throw new NotFoundError(`No organisation called ${organisationName}`)
      await db.transaction().execute(async (trx) => {
        await setUserOrganisation(trx, userId, organisation.id)
        await recordAudit(
          trx,
          {
            actor,
            action: 'user.organisation_linked',
            entityType: 'user',
            entityId: userId,
            details: { organisationId: organisation.id },
          },
          now(),
        )
      })
      return organisation
    },
  }
}

export type PartnerService = ReturnType<typeof createPartnerService<unknown>>
