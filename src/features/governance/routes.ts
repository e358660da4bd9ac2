import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../platform/auth/guards.js'
import { canMaintainGovernance, canViewGovernance, hasAnyRole } from '../../platform/auth/roles.js'
import type { Role } from '../../platform/db/schema.js'
import { ValidationError } from '../../platform/errors.js'
import type { FormResult } from '../../platform/http/forms.js'
import { type IdParams, idParams } from '../../platform/http/schemas.js'
import { HttpStatus } from '../../platform/http/status.js'
import { t } from '../../platform/i18n/translate.js'
import { type ConsultationService, loadConsultationInPath } from '../consultations/index.js'
import {
  parseClosureForm,
  parseCommitteeForm,
  parseCorrectionForm,
  parseItemForm,
  parseMeetingForm,
  parsePaperForm,
  parseQuestionForm,
  parseResolutionForm,
  parseStatusForm,
} from './forms.js'
import {
  committeePath,
  itemPath,
  meetingPath,
  presentCommittee,
  presentCommitteeForm,
  presentConsultationGovernance,
  presentHome,
  presentItem,
  presentItemForm,
  presentMeeting,
  presentMeetingForm,
  presentResolutionCorrection,
  staffBase,
} from './presenters.js'
import type { GovernanceService } from './service.js'

export interface GovernanceRouteOptions {
  governance: GovernanceService
  consultations: ConsultationService
}

type WithId = { Params: IdParams }
type FormState = { errors?: Record<string, string>; values?: Record<string, string> }

const views = 'features/governance/views'

/** The form's errors and what was typed, from a failed parse or a service's refusal. */
const refused = (error: ValidationError, body: unknown): FormState => ({
  errors: error.fieldErrors,
  values: Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  ),
})

/**
 * Parses the form and runs the change; a refusal, by the form or the service, shows the page again
 * with its errors, and success redirects with a flash message.
 */
async function submit<T>(
  reply: FastifyReply,
  body: unknown,
  form: FormResult<T>,
  change: (value: T) => Promise<{ href: string; flash: string }>,
  showAgain: (state: FormState) => Promise<FastifyReply>,
) {
  if (!form.ok) return showAgain({ errors: form.errors, values: form.values })
  try {
    const done = await change(form.value)
    return reply.redirectWithFlash(done.href, done.flash)
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return showAgain(refused(error, body))
  }
}

export async function governanceRoutes(app: FastifyInstance, options: GovernanceRouteOptions) {
  const { governance } = options
  const loadConsultation = loadConsultationInPath(options.consultations)
  const guard = (roles: readonly Role[]) => ({
    schema: { params: idParams },
    preHandler: requireRole(...roles),
  })
  const mayMaintain = (request: FastifyRequest) =>
    hasAnyRole(request.currentUser?.roles ?? [], canMaintainGovernance)

  app.get(staffBase, { preHandler: requireRole(...canViewGovernance) }, async (request, reply) =>
    reply.page(`${views}/home.njk`, presentHome(await governance.home(), mayMaintain(request))),
  )

  app.get(
    `${staffBase}/committees/new`,
    { preHandler: requireRole(...canMaintainGovernance) },
    (_request, reply) => reply.page(`${views}/committee-form.njk`, presentCommitteeForm({})),
  )

  app.post(
    `${staffBase}/committees`,
    { preHandler: requireRole(...canMaintainGovernance) },
    (request, reply) =>
      submit(
        reply,
        request.body,
        parseCommitteeForm(request.body),
        async (value) => ({
          href: committeePath(await governance.createCommittee(value, staffActor(request))),
          flash: t('governance.flash.committeeCreated', { name: value.name }),
        }),
        async (state) =>
          reply.page(`${views}/committee-form.njk`, presentCommitteeForm(state), HttpStatus.badRequest),
      ),
  )

  app.get<WithId>(`${staffBase}/committees/:id`, guard(canViewGovernance), async (request, reply) =>
    reply.page(
      `${views}/committee.njk`,
      presentCommittee(await governance.committee(request.params.id), mayMaintain(request)),
    ),
  )

  const meetingForm = async (reply: FastifyReply, committeeId: string, state: FormState, status: number) => {
    const { committee } = await governance.meetingForm(committeeId)
    return reply.page(`${views}/meeting-form.njk`, presentMeetingForm(committee, state), status)
  }

  app.get<WithId>(
    `${staffBase}/committees/:id/meetings/new`,
    guard(canMaintainGovernance),
    (request, reply) => meetingForm(reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<WithId>(`${staffBase}/committees/:id/meetings`, guard(canMaintainGovernance), (request, reply) =>
    submit(
      reply,
      request.body,
      parseMeetingForm(request.body),
      async (value) => ({
        href: meetingPath(await governance.createMeeting(request.params.id, value, staffActor(request))),
        flash: t('governance.flash.meetingCreated'),
      }),
      (state) => meetingForm(reply, request.params.id, state, HttpStatus.badRequest),
    ),
  )

  const meetingPage = async (
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    state: FormState,
    status: number,
  ) =>
    reply.page(
      `${views}/meeting.njk`,
      presentMeeting(await governance.meeting(request.params.id), mayMaintain(request), state),
      status,
    )

  app.get<WithId>(`${staffBase}/meetings/:id`, guard(canViewGovernance), (request, reply) =>
    meetingPage(request, reply, {}, HttpStatus.ok),
  )

  app.post<WithId>(`${staffBase}/meetings/:id/status`, guard(canMaintainGovernance), (request, reply) =>
    submit(
      reply,
      request.body,
      parseStatusForm(request.body),
      async (value) => {
        await governance.setStatus(request.params.id, value.status, staffActor(request))
        return { href: meetingPath(request.params.id), flash: t(`governance.flash.status.${value.status}`) }
      },
      (state) => meetingPage(request, reply, state, HttpStatus.badRequest),
    ),
  )

  app.post<WithId>(`${staffBase}/meetings/:id/minutes`, guard(canMaintainGovernance), (request, reply) =>
    submit(
      reply,
      request.body,
      parseCorrectionForm(request.body, { text: 'minutes', reason: 'minutesReason' }, false),
      async (value) => {
        const corrected = await governance.recordMinutes(request.params.id, value, staffActor(request))
        const flash = t(corrected ? 'governance.flash.minutesCorrected' : 'governance.flash.minutesRecorded')
        return { href: meetingPath(request.params.id), flash }
      },
      (state) => meetingPage(request, reply, state, HttpStatus.badRequest),
    ),
  )

  const itemForm = async (reply: FastifyReply, meetingId: string, state: FormState, status: number) =>
    reply.page(`${views}/item-form.njk`, presentItemForm(await governance.itemForm(meetingId), state), status)

  app.get<WithId>(`${staffBase}/meetings/:id/items/new`, guard(canMaintainGovernance), (request, reply) =>
    itemForm(reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<WithId>(`${staffBase}/meetings/:id/items`, guard(canMaintainGovernance), (request, reply) =>
    submit(
      reply,
      request.body,
      parseItemForm(request.body),
      async (value) => ({
        href: itemPath(await governance.addItem(request.params.id, value, staffActor(request))),
        flash: t('governance.flash.itemCreated'),
      }),
      (state) => itemForm(reply, request.params.id, state, HttpStatus.badRequest),
    ),
  )

  const itemPage = async (
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    state: FormState,
    status: number,
  ) =>
    reply.page(
      `${views}/item.njk`,
      presentItem(await governance.item(request.params.id), mayMaintain(request), state),
      status,
    )

  app.get<WithId>(`${staffBase}/items/:id`, guard(canViewGovernance), (request, reply) =>
    itemPage(request, reply, {}, HttpStatus.ok),
  )

  /** One of the forms on an item's page: on a refusal, the page again with that form's errors. */
  const onItem = <T>(
    path: string,
    parse: (body: unknown) => FormResult<T>,
    change: (itemId: string, value: T, request: FastifyRequest) => Promise<unknown>,
    flash: string,
  ) =>
    app.post<WithId>(`${staffBase}/items/:id/${path}`, guard(canMaintainGovernance), (request, reply) =>
      submit(
        reply,
        request.body,
        parse(request.body),
        async (value) => {
          await change(request.params.id, value, request)
          return { href: itemPath(request.params.id), flash: t(flash) }
        },
        (state) => itemPage(request, reply, state, HttpStatus.badRequest),
      ),
    )

  onItem(
    'papers',
    parsePaperForm,
    (id, v, r) => governance.addPaper(id, v, staffActor(r)),
    'governance.flash.paperAdded',
  )
  onItem(
    'questions',
    parseQuestionForm,
    (id, v, r) => governance.addQuestion(id, v, staffActor(r)),
    'governance.flash.questionRecorded',
  )
  onItem(
    'resolutions',
    parseResolutionForm,
    (id, v, r) => governance.addResolution(id, v, staffActor(r)),
    'governance.flash.resolutionRecorded',
  )
  onItem(
    'closures',
    parseClosureForm,
    (id, v, r) => governance.closeAction(id, v.actionId, staffActor(r)),
    'governance.flash.actionClosed',
  )

  const correctionPage = async (id: string, reply: FastifyReply, state: FormState, status: number) =>
    reply.page(
      `${views}/resolution-correction.njk`,
      presentResolutionCorrection(await governance.resolution(id), state),
      status,
    )

  app.get<WithId>(`${staffBase}/resolutions/:id/correction`, guard(canMaintainGovernance), (request, reply) =>
    correctionPage(request.params.id, reply, {}, HttpStatus.ok),
  )

  app.post<WithId>(
    `${staffBase}/resolutions/:id/correction`,
    guard(canMaintainGovernance),
    (request, reply) =>
      submit(
        reply,
        request.body,
        parseCorrectionForm(request.body, { text: 'text', reason: 'reason' }, true),
        async (value) => {
          const resolution = await governance.correctResolution(request.params.id, value, staffActor(request))
          return {
            href: itemPath(resolution.agenda_item_id),
            flash: t('governance.flash.resolutionCorrected'),
          }
        },
        (state) => correctionPage(request.params.id, reply, state, HttpStatus.badRequest),
      ),
  )

  app.get<WithId>(
    '/admin/consultations/:id/governance',
    { schema: { params: idParams }, preHandler: [requireRole(...canViewGovernance), loadConsultation] },
    async (request, reply) =>
      reply.page(
        `${views}/consultation.njk`,
        presentConsultationGovernance(await governance.forConsultation(request.params.id)),
      ),
  )
}
