import contentDisposition from 'content-disposition'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireRole, staffActor } from '../../../../platform/auth/guards.js'
import { canRecordChannels, canViewResponses, hasAnyRole } from '../../../../platform/auth/roles.js'
import { ValidationError } from '../../../../platform/errors.js'
import { field } from '../../../../platform/http/forms.js'
import { type IdParams, idParams } from '../../../../platform/http/schemas.js'
import { HttpStatus } from '../../../../platform/http/status.js'
import { registerOneFileForms } from '../../../../platform/http/uploads.js'
import { t } from '../../../../platform/i18n/translate.js'
import { channelLabel } from '../../presenters.js'
import { isUuid } from '../../submission-checks.js'
import { parseCorrespondenceForm } from '../forms.js'
import type { FormState } from '../presenters.js'
import { type ResponseParams, responseParams } from '../schemas.js'
import { presentCorrespondence, presentCorrespondenceForm, presentCorrespondenceList } from './presenters.js'
import type { CorrespondenceService, UploadedDocument } from './service.js'

export interface CorrespondenceRouteOptions {
  correspondence: CorrespondenceService
  uploadLimitBytes: number
}

type ConsultationParams = { Params: IdParams }
type ItemParams = { Params: ResponseParams }

function uploadOf(body: unknown): UploadedDocument | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).document : undefined
  return value && typeof value === 'object' && Buffer.isBuffer((value as UploadedDocument).data)
    ? (value as UploadedDocument)
    : undefined
}

export async function correspondenceRoutes(app: FastifyInstance, options: CorrespondenceRouteOptions) {
  const { correspondence, uploadLimitBytes } = options
  await registerOneFileForms(app, { fileSizeBytes: uploadLimitBytes, fields: 20 })
  const canView = { schema: { params: idParams }, preHandler: requireRole(...canViewResponses) }
  const canRecord = { schema: { params: idParams }, preHandler: requireRole(...canRecordChannels) }
  const canViewItem = { schema: { params: responseParams }, preHandler: requireRole(...canViewResponses) }

  app.get<ConsultationParams>('/admin/consultations/:id/correspondence', canView, async (request, reply) => {
    const canRecordHere = hasAnyRole(request.currentUser?.roles ?? [], canRecordChannels)
    return reply.page(
      'features/responses/recorded/correspondence/views/list.njk',
      presentCorrespondenceList(await correspondence.list(request.params.id), canRecordHere),
    )
  })

  const renderForm = async (reply: FastifyReply, consultationId: string, form: FormState, status: number) =>
    reply.page(
      'features/responses/recorded/correspondence/views/form.njk',
      presentCorrespondenceForm(await correspondence.entryForm(consultationId), form, uploadLimitBytes),
      status,
    )

  app.get<ConsultationParams>('/admin/consultations/:id/correspondence/new', canRecord, (request, reply) =>
    renderForm(reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<ConsultationParams>(
    '/admin/consultations/:id/correspondence',
    canRecord,
    async (request, reply) => {
      const { id } = request.params
      const { commentQuestions } = await correspondence.entryForm(id)
      const submissionKey = field(request.body, 'submission_key')
      const form = parseCorrespondenceForm(
        request.body,
        commentQuestions.map((q) => q.key),
        correspondence.today(),
      )
      const typed = (values: Record<string, string>) => ({ ...values, submission_key: submissionKey ?? '' })
      if (!form.ok || !isUuid(submissionKey)) {
        const errors = form.ok ? { form: t('validation.response.unknownField') } : form.errors
        return renderForm(
          reply,
          id,
          { errors, values: typed(form.ok ? {} : form.values) },
          HttpStatus.badRequest,
        )
      }
      try {
        const stored = await correspondence.record(
          id,
          submissionKey,
          form.value,
          uploadOf(request.body),
          uploadLimitBytes,
          staffActor(request),
        )
        return reply.redirectWithFlash(
          `/admin/correspondence/${stored.id}`,
          t('channelRecords.flash.correspondence', {
            channel: channelLabel(form.value.channel),
            reference: stored.reference,
          }),
        )
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const values = Object.fromEntries(
          Object.entries(form.value).map(([k, v]) => [k, k === 'receivedAt' ? '' : String(v)]),
        )
        values.receivedDate = field(request.body, 'receivedDate') ?? ''
        return renderForm(
          reply,
          id,
          { errors: error.fieldErrors, values: typed(values) },
          HttpStatus.unprocessable,
        )
      }
    },
  )

  app.get<ItemParams>('/admin/correspondence/:responseId', canViewItem, async (request, reply) => {
    return reply.page(
      'features/responses/recorded/correspondence/views/show.njk',
      presentCorrespondence(await correspondence.get(request.params.responseId)),
    )
  })

  app.get<ItemParams>('/admin/correspondence/:responseId/document', canViewItem, async (request, reply) => {
    const file = await correspondence.getDocument(request.params.responseId)
    return reply
      .type(file.media_type)
      .header('content-disposition', contentDisposition(file.file_name, { type: 'attachment' }))
      .header('cache-control', 'private, no-store')
      .send(file.content)
  })
}
