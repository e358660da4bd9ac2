import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireRole, staffActor } from '../../../../platform/auth/guards.js'
import {
  canManageEvents,
  canRecordChannels,
  canViewEvents,
  canViewResponses,
  hasAnyRole,
} from '../../../../platform/auth/roles.js'
import type { Role } from '../../../../platform/db/schema.js'
import { ValidationError } from '../../../../platform/errors.js'
import { field } from '../../../../platform/http/forms.js'
import { type IdParams, idParams } from '../../../../platform/http/schemas.js'
import { HttpStatus } from '../../../../platform/http/status.js'
import { t } from '../../../../platform/i18n/translate.js'
import { isUuid } from '../../submission-checks.js'
import { eventFormValues, parseEventForm, parseRecordedText } from '../forms.js'
import { type FormState, type KeyedEntryState, keyedEntryRefused } from '../presenters.js'
import { type EventParams, eventParams } from '../schemas.js'
import {
  eventPath,
  presentEvent,
  presentEventForm,
  presentEventList,
  presentEventNotesForm,
  presentEventResponseForm,
} from './presenters.js'
import type { EventService } from './service.js'

export interface EventRouteOptions {
  events: EventService
}

type ConsultationRoute = { Params: IdParams }
type EventRoute = { Params: EventParams }

export async function eventRoutes(app: FastifyInstance, options: EventRouteOptions) {
  const { events } = options
  const inConsultation = (...roles: Role[]) => ({
    schema: { params: idParams },
    preHandler: requireRole(...roles),
  })
  const atEvent = (...roles: Role[]) => ({
    schema: { params: eventParams },
    preHandler: requireRole(...roles),
  })

  app.get<ConsultationRoute>(
    '/admin/consultations/:id/events',
    inConsultation(...canViewEvents),
    async (request, reply) => {
      const canManage = hasAnyRole(request.currentUser?.roles ?? [], canManageEvents)
      return reply.page(
        'features/responses/recorded/events/views/list.njk',
        presentEventList(await events.list(request.params.id), canManage),
      )
    },
  )

  const renderEventForm = async (
    reply: FastifyReply,
    target: { consultationId: string; eventId?: string },
    form: FormState,
    status: number,
  ) =>
    reply.page(
      'features/responses/recorded/events/views/form.njk',
      presentEventForm(await events.eventForm(target.consultationId), target.eventId, form),
      status,
    )

  app.get<ConsultationRoute>(
    '/admin/consultations/:id/events/new',
    inConsultation(...canManageEvents),
    (request, reply) => renderEventForm(reply, { consultationId: request.params.id }, {}, HttpStatus.ok),
  )

  app.post<ConsultationRoute>(
    '/admin/consultations/:id/events',
    inConsultation(...canManageEvents),
    async (request, reply) => {
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
    },
  )

  app.get<EventRoute>('/admin/events/:eventId', atEvent(...canViewEvents), async (request, reply) => {
    const roles = request.currentUser?.roles ?? []
    const may = {
      manage: hasAnyRole(roles, canManageEvents),
      record: hasAnyRole(roles, canRecordChannels),
      readResponses: hasAnyRole(roles, canViewResponses),
    }
    return reply.page(
      'features/responses/recorded/events/views/show.njk',
      presentEvent(await events.get(request.params.eventId), may),
    )
  })

  app.get<EventRoute>('/admin/events/:eventId/edit', atEvent(...canManageEvents), async (request, reply) => {
    const { event } = await events.get(request.params.eventId)
    return renderEventForm(
      reply,
      { consultationId: event.consultation_id, eventId: event.id },
      { values: eventFormValues(event) },
      HttpStatus.ok,
    )
  })

  app.post<EventRoute>('/admin/events/:eventId', atEvent(...canManageEvents), async (request, reply) => {
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
  ) =>
    reply.page(
      'features/responses/recorded/events/views/response.njk',
      presentEventResponseForm(await events.entryForm(eventId), state),
      status,
    )

  app.get<EventRoute>(
    '/admin/events/:eventId/responses/new',
    atEvent(...canRecordChannels),
    (request, reply) => renderResponseForm(reply, request.params.eventId, {}, HttpStatus.ok),
  )

  app.post<EventRoute>(
    '/admin/events/:eventId/responses',
    atEvent(...canRecordChannels),
    async (request, reply) => {
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
    },
  )

  const renderNotesForm = async (reply: FastifyReply, eventId: string, form: FormState, status: number) =>
    reply.page(
      'features/responses/recorded/events/views/notes.njk',
      presentEventNotesForm(await events.entryForm(eventId), form),
      status,
    )

  app.get<EventRoute>('/admin/events/:eventId/notes/new', atEvent(...canRecordChannels), (request, reply) =>
    renderNotesForm(reply, request.params.eventId, {}, HttpStatus.ok),
  )

  app.post<EventRoute>(
    '/admin/events/:eventId/notes',
    atEvent(...canRecordChannels),
    async (request, reply) => {
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
    },
  )
}
