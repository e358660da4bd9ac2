import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireRole, staffActor } from '../../../../platform/auth/guards.js'
import {
  canManageEvents,
  canRecordChannels,
  canViewResponses,
  hasAnyRole,
} from '../../../../platform/auth/roles.js'
import { ValidationError } from '../../../../platform/errors.js'
import { field, formModel } from '../../../../platform/http/forms.js'
import { HttpStatus } from '../../../../platform/http/status.js'
import { t } from '../../../../platform/i18n/translate.js'
import { isUuid } from '../../submission-checks.js'
import { eventFormValues, parseEventForm, parseRecordedText } from '../forms.js'
import {
  excerptOf,
  type FormState,
  formatItems,
  type KeyedEntryState,
  keyedEntryRefused,
  organisationItems,
  presentKeyedEntry,
  questionItems,
} from '../presenters.js'
import type { EventService } from './service.js'

export interface EventRouteOptions {
  events: EventService
}

type ConsultationParams = { Params: { id: string } }
type EventParams = { Params: { eventId: string } }

export async function eventRoutes(app: FastifyInstance, options: EventRouteOptions) {
  const { events } = options
  const canView = { preHandler: requireRole(...canViewResponses) }
  const canManage = { preHandler: requireRole(...canManageEvents) }
  const canRecord = { preHandler: requireRole(...canRecordChannels) }
  const eventPath = (id: string) => `/admin/events/${id}`

  app.get<ConsultationParams>('/admin/consultations/:id/events', canView, async (request, reply) => {
    const { consultation, events: list } = await events.list(request.params.id)
    return reply.page('features/responses/recorded/events/views/list.njk', {
      pageTitle: `Events: ${consultation.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${consultation.id}/responses`,
      consultation,
      events: list,
      canManage: hasAnyRole(request.currentUser?.roles ?? [], canManageEvents),
    })
  })

  const renderEventForm = async (
    reply: FastifyReply,
    target: { consultationId: string; eventId?: string },
    form: FormState,
    status: number,
  ) => {
    const { consultation } = await events.list(target.consultationId)
    return reply.page(
      'features/responses/recorded/events/views/form.njk',
      {
        pageTitle: target.eventId ? 'Change event' : 'Add an event',
        activeNav: 'consultations',
        backHref: target.eventId
          ? eventPath(target.eventId)
          : `/admin/consultations/${consultation.id}/events`,
        consultation,
        action: target.eventId ? eventPath(target.eventId) : `/admin/consultations/${consultation.id}/events`,
        formatItems: formatItems(form.values?.format),
        organisationItems: organisationItems(await events.listOrganisations(), form.values?.organisationId),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<ConsultationParams>('/admin/consultations/:id/events/new', canManage, (request, reply) =>
    renderEventForm(reply, { consultationId: request.params.id }, {}, HttpStatus.ok),
  )

  app.post<ConsultationParams>('/admin/consultations/:id/events', canManage, async (request, reply) => {
    const target = { consultationId: request.params.id }
    const form = parseEventForm(request.body)
    if (!form.ok) return renderEventForm(reply, target, form, HttpStatus.badRequest)
    try {
      const id = await events.create(request.params.id, form.value, staffActor(request))
      return reply.redirectWithFlash(eventPath(id), t('channelRecords.flash.eventCreated'))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const values = Object.fromEntries(Object.entries(form.value).map(([k, v]) => [k, String(v ?? '')]))
      return renderEventForm(reply, target, { errors: error.fieldErrors, values }, HttpStatus.badRequest)
    }
  })

  app.get<EventParams>('/admin/events/:eventId', canView, async (request, reply) => {
    const { event, consultation, records } = await events.get(request.params.eventId)
    const roles = request.currentUser?.roles ?? []
    return reply.page('features/responses/recorded/events/views/show.njk', {
      pageTitle: event.title,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${consultation.id}/events`,
      consultation,
      event,
      formatLabel: t(`channelRecords.format.${event.format}`),
      records: records.map((r) => ({ ...r, isNote: r.note_id !== null, excerpt: excerptOf(r.answers) })),
      canManage: hasAnyRole(roles, canManageEvents),
      canRecord: hasAnyRole(roles, canRecordChannels),
    })
  })

  app.get<EventParams>('/admin/events/:eventId/edit', canManage, async (request, reply) => {
    const { event } = await events.get(request.params.eventId)
    return renderEventForm(
      reply,
      { consultationId: event.consultation_id, eventId: event.id },
      { values: eventFormValues(event) },
      HttpStatus.ok,
    )
  })

  app.post<EventParams>('/admin/events/:eventId', canManage, async (request, reply) => {
    const { event } = await events.get(request.params.eventId)
    const target = { consultationId: event.consultation_id, eventId: event.id }
    const form = parseEventForm(request.body)
    if (!form.ok) return renderEventForm(reply, target, form, HttpStatus.badRequest)
    try {
      await events.update(event.id, form.value, staffActor(request))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const values = Object.fromEntries(Object.entries(form.value).map(([k, v]) => [k, String(v ?? '')]))
      return renderEventForm(reply, target, { errors: error.fieldErrors, values }, HttpStatus.badRequest)
    }
    return reply.redirectWithFlash(eventPath(event.id), t('channelRecords.flash.eventUpdated'))
  })

  const renderResponseForm = async (
    reply: FastifyReply,
    eventId: string,
    state: KeyedEntryState,
    status: number,
  ) => {
    const { event, consultation, questionnaire } = await events.entryForm(eventId)
    return reply.page(
      'features/responses/recorded/events/views/response.njk',
      {
        pageTitle: `Record a response from ${event.title}`,
        activeNav: 'consultations',
        backHref: eventPath(event.id),
        consultation,
        event,
        action: `${eventPath(event.id)}/responses`,
        ...presentKeyedEntry(questionnaire, state),
      },
      status,
    )
  }

  app.get<EventParams>('/admin/events/:eventId/responses/new', canRecord, (request, reply) =>
    renderResponseForm(reply, request.params.eventId, {}, HttpStatus.ok),
  )

  app.post<EventParams>('/admin/events/:eventId/responses', canRecord, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    try {
      const stored = await events.recordResponse(request.params.eventId, body, staffActor(request))
      return reply.redirectWithFlash(
        eventPath(request.params.eventId),
        t('channelRecords.flash.eventResponse', { reference: stored.reference }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const shown = keyedEntryRefused(error, body)
      return renderResponseForm(reply, request.params.eventId, shown, HttpStatus.badRequest)
    }
  })

  const renderNotesForm = async (reply: FastifyReply, eventId: string, form: FormState, status: number) => {
    const { event, consultation, commentQuestions } = await events.entryForm(eventId)
    const submissionKey = form.values?.submission_key
    return reply.page(
      'features/responses/recorded/events/views/notes.njk',
      {
        pageTitle: `Record notes from ${event.title}`,
        activeNav: 'consultations',
        backHref: eventPath(event.id),
        consultation,
        event,
        action: `${eventPath(event.id)}/notes`,
        submissionKey: isUuid(submissionKey) ? submissionKey : randomUUID(),
        questionItems: questionItems(commentQuestions, form.values?.questionKey),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<EventParams>('/admin/events/:eventId/notes/new', canRecord, (request, reply) =>
    renderNotesForm(reply, request.params.eventId, {}, HttpStatus.ok),
  )

  app.post<EventParams>('/admin/events/:eventId/notes', canRecord, async (request, reply) => {
    const { eventId } = request.params
    const { commentQuestions } = await events.entryForm(eventId)
    const submissionKey = field(request.body, 'submission_key')
    const form = parseRecordedText(
      request.body,
      commentQuestions.map((q) => q.key),
    )
    if (!form.ok || !isUuid(submissionKey)) {
      const errors = form.ok ? { form: t('validation.response.unknownField') } : form.errors
      const values = { ...(form.ok ? {} : form.values), submission_key: submissionKey ?? '' }
      return renderNotesForm(reply, eventId, { errors, values }, HttpStatus.badRequest)
    }
    const stored = await events.recordNotes(eventId, submissionKey, form.value, staffActor(request))
    return reply.redirectWithFlash(
      eventPath(eventId),
      t('channelRecords.flash.eventNotes', { reference: stored.reference }),
    )
  })
}
