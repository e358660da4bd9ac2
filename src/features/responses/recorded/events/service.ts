import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../../platform/audit/audit-log.js'
import type { Database } from '../../../../platform/db/schema.js'
import { NotFoundError, ValidationError } from '../../../../platform/errors.js'
import { t } from '../../../../platform/i18n/translate.js'
import { isUuid } from '../../submission-checks.js'
import type { RecordedChannelDeps } from '../entry.js'
import type { EventDetails, RecordedText } from '../forms.js'
import { findOrganisation, listOrganisations } from '../repository.js'
import {
  findEvent,
  insertEvent,
  insertEventNotes,
  listEventRecords,
  listEvents,
  updateEvent,
} from './repository.js'

// Engagement events: set up by managers; what was heard there is recorded as responses keyed into
// the questionnaire (channel `event`) or as notes filed under a free-text question, to be coded.

export function createEventService(deps: RecordedChannelDeps) {
  const { db, now, consultations, recorded } = deps

  async function requireEvent(id: string) {
    const event = isUuid(id) ? await findEvent(db, id) : undefined
    if (!event) throw new NotFoundError(`No event ${id}`)
    return event
  }

  async function checkOrganisation(details: EventDetails) {
    if (details.organisationId && !(await findOrganisation(db, details.organisationId)))
      throw new ValidationError({ organisationId: t('channelRecords.validation.organisationUnknown') })
  }

  const audit = (trx: Kysely<Database>, actor: AuditActor, action: string, id: string, details: object) =>
    recordAudit(trx, { actor, action, entityType: 'event', entityId: id, details: { ...details } }, now())

  return {
    listOrganisations: () => listOrganisations(db),

    async list(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      return { consultation, events: await listEvents(db, consultation.id) }
    },

    /** What the form to add or change an event offers: the consultation, and organisations to link. */
    async eventForm(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      return { consultation, organisations: await listOrganisations(db) }
    },

    async create(consultationId: string, details: EventDetails, actor: AuditActor) {
      const consultation = await consultations.getById(consultationId)
      await checkOrganisation(details)
      return db.transaction().execute(async (trx) => {
        const id = await insertEvent(trx, consultation.id, details)
        await audit(trx, actor, 'event.created', id, {
          consultationId: consultation.id,
          title: details.title,
        })
        return id
      })
    },

    async update(id: string, details: EventDetails, actor: AuditActor) {
      const event = await requireEvent(id)
      await checkOrganisation(details)
      await db.transaction().execute(async (trx) => {
        if (!(await updateEvent(trx, event.id, details, now()))) throw new NotFoundError(`No event ${id}`)
        await audit(trx, actor, 'event.updated', event.id, { title: details.title })
      })
      return event
    },

    async get(id: string) {
      const event = await requireEvent(id)
      const [consultation, records] = await Promise.all([
        consultations.getById(event.consultation_id),
        listEventRecords(db, event.id),
      ])
      return { event, consultation, records }
    },

    /** The questionnaire to key an event's feedback into, and the free-text questions notes go under. */
    async entryForm(id: string) {
      const event = await requireEvent(id)
      const consultation = await consultations.getById(event.consultation_id)
      const { questionnaire, questions } = await recorded.commentQuestions(consultation.id)
      return { event, consultation, questionnaire, commentQuestions: questions }
    },

    /** One person's feedback at the event, keyed into the questionnaire. */
    async recordResponse(id: string, body: Record<string, unknown>, actor: AuditActor) {
      const event = await requireEvent(id)
      const keyed = await recorded.checkKeyed(event.consultation_id, body)
      return recorded.store(
        {
          consultationId: event.consultation_id,
          questionnaireVersionId: keyed.questionnaire.id,
          submissionKey: keyed.submissionKey,
          channel: 'event',
          answers: keyed.answers,
          receivedAt: event.held_at,
          eventId: event.id,
        },
        actor,
        { kind: 'event_response', eventId: event.id },
      )
    },

    /** Notes of what was said, filed under a free-text question so that they are coded like comments. */
    async recordNotes(id: string, submissionKey: string, notes: RecordedText, actor: AuditActor) {
      const event = await requireEvent(id)
      const { questionnaire } = await recorded.commentQuestions(event.consultation_id)
      return recorded.store(
        {
          consultationId: event.consultation_id,
          questionnaireVersionId: questionnaire.id,
          submissionKey,
          channel: 'event',
          answers: { [notes.questionKey]: notes.text },
          receivedAt: event.held_at,
          eventId: event.id,
        },
        actor,
        { kind: 'event_notes', eventId: event.id, questionKey: notes.questionKey },
        (trx, responseId) =>
          insertEventNotes(trx, { responseId, eventId: event.id, recordedBy: actor.userId, at: now() }),
      )
    },
  }
}

export type EventService = ReturnType<typeof createEventService>
