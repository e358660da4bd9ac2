import fastifyMultipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canKeyPaper, canSupervisePaper } from '../../../platform/auth/roles.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { wantsJson } from '../../../platform/http/error-handler.js'
import { formModel } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import { fileSize } from '../../consultations/index.js'
import { presentForm } from '../presenters.js'
import { batchField, receivedField } from './double-entry.js'
import {
  type Body,
  checkScan,
  detailFields,
  parseBatch,
  parseLateDecision,
  typedFormValues,
  type UploadedScan,
} from './forms.js'
import { presentAccuracy, presentDifferences } from './presenters.js'
import {
  choiceName,
  type KeyingOutcome,
  type PaperService,
  resolvedBatchName,
  resolvedReceivedPrefix,
} from './service.js'

export interface PaperRouteOptions {
  paper: PaperService
  uploadLimitBytes: number
}

type IdParams = { Params: { id: string } }
type FormState = { errors?: FieldErrors; values?: Record<string, string | string[]> }

const views = 'features/responses/paper/views'

const asBody = (body: unknown): Body => (body && typeof body === 'object' ? (body as Body) : {})

/** A refused form: the same page with its errors for people, problem+json for machines. */
function refuseForm(
  request: FastifyRequest,
  errors: FieldErrors,
  render: () => FastifyReply | Promise<FastifyReply>,
) {
  if (wantsJson(request)) throw new ValidationError(errors)
  return render()
}

async function keepUpload(part: MultipartFile & { value?: unknown }) {
  const data = await part.toBuffer()
  const upload: UploadedScan = { fileName: part.filename ?? '', data, truncated: part.file.truncated }
  part.value = upload
}

const keyedMessages: Record<KeyingOutcome, string> = {
  response: 'paper.flash.stored',
  awaitingSecond: 'paper.flash.awaitingSecond',
  matched: 'paper.flash.matched',
  mismatched: 'paper.flash.mismatched',
}

export async function paperRoutes(app: FastifyInstance, options: PaperRouteOptions) {
  const { paper, uploadLimitBytes } = options
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    onFile: keepUpload,
    throwFileSizeLimit: false,
    limits: { fileSize: uploadLimitBytes, files: 1, fields: 500, fieldSize: 64 * 1024 },
  })
  const keyer = { preHandler: requireRole(...canKeyPaper) }
  const supervisor = { preHandler: requireRole(...canSupervisePaper) }
  const base = (id: string) => `/admin/consultations/${id}/paper`

  const renderEntry = async (
    reply: FastifyReply,
    consultationId: string,
    form: FormState,
    status: number,
  ) => {
    const { consultation, questionnaire, doubleEntry } = await paper.keyingForm(consultationId)
    const values = form.values ?? {}
    const errors = form.errors ?? {}
    return reply.page(
      `${views}/entry.njk`,
      {
        pageTitle: `Key a paper questionnaire: ${consultation.title}`,
        activeNav: 'consultations',
        backHref: '/admin',
        consultation,
        version: questionnaire.version,
        versionId: questionnaire.id,
        doubleEntry,
        action: base(consultation.id),
        sections: presentForm(questionnaire.definition, values, errors),
        formError: errors.form,
        limit: fileSize(uploadLimitBytes),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<IdParams>('/admin/consultations/:id/paper/new', keyer, (request, reply) => {
    // The next paper usually comes from the same batch on the same day: both are kept from the last.
    const query = asBody(request.query)
    const values: Record<string, string> = {}
    const batch = parseBatch(typeof query.batch === 'string' ? query.batch : '')
    if (batch.value) values[detailFields.batch] = batch.value
    const received =
      typeof query.received === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(query.received) : null
    if (received) {
      values[`${detailFields.received}[day]`] = String(Number(received[3]))
      values[`${detailFields.received}[month]`] = String(Number(received[2]))
      values[`${detailFields.received}[year]`] = received[1] ?? ''
    }
    return renderEntry(reply, request.params.id, { values }, HttpStatus.ok)
  })

  app.post<IdParams>('/admin/consultations/:id/paper', keyer, async (request, reply) => {
    const { id } = request.params
    const body = asBody(request.body)
    const scan = await checkScan(body[detailFields.scan], uploadLimitBytes, fileSize(uploadLimitBytes))
    const result = scan.ok
      ? await paper.keyPaper(id, body, scan.scan, staffActor(request))
      : {
          kind: 'invalid' as const,
          errors: { [detailFields.scan]: scan.error },
          values: typedFormValues(body),
        }
    if (result.kind === 'invalid')
      return refuseForm(request, result.errors, () =>
        renderEntry(reply, id, { errors: result.errors, values: result.values }, HttpStatus.unprocessable),
      )
    const message =
      result.late && (result.outcome === 'response' || result.outcome === 'matched')
        ? 'paper.flash.storedLate'
        : keyedMessages[result.outcome]
    const next = new URLSearchParams({ batch: result.details.batch, received: result.details.receivedOn })
    return reply.redirectWithFlash(`${base(id)}/new?${next}`, t(message, { reference: result.reference }))
  })

  app.get<IdParams>('/admin/consultations/:id/paper', supervisor, async (request, reply) => {
    const overview = await paper.overview(request.params.id)
    return reply.page(`${views}/overview.njk`, {
      pageTitle: `Paper returns: ${overview.consultation.title}`,
      activeNav: 'consultations',
      backHref: '/admin',
      ...overview,
    })
  })

  app.post<IdParams>('/admin/consultations/:id/paper/double-entry', supervisor, async (request, reply) => {
    const on = asBody(request.body).double_entry === 'on'
    await paper.setDoubleEntry(request.params.id, on, staffActor(request))
    return reply.redirectWithFlash(
      base(request.params.id),
      t(on ? 'paper.flash.doubleEntryOn' : 'paper.flash.doubleEntryOff'),
    )
  })

  app.get<IdParams>('/admin/consultations/:id/paper/accuracy', supervisor, async (request, reply) => {
    const { consultation, keyers } = await paper.keyerAccuracy(request.params.id)
    return reply.page(`${views}/accuracy.njk`, {
      pageTitle: `Keying accuracy: ${consultation.title}`,
      activeNav: 'consultations',
      backHref: base(consultation.id),
      consultation,
      keyers: presentAccuracy(keyers),
    })
  })

  const renderMismatch = async (reply: FastifyReply, paperId: string, form: FormState, status: number) => {
    const mismatch = await paper.getMismatch(paperId)
    const { definition, differences } = mismatch
    const values = form.values ?? {}
    const differing = new Set(differences.map((d) => d.field))
    const typedQuestions = allQuestions(definition)
      .map((q) => q.key)
      .filter((key) => differing.has(key))
    return reply.page(
      `${views}/resolve.njk`,
      {
        pageTitle: `Resolve paper ${mismatch.paper.paper_reference}`,
        activeNav: 'consultations',
        backHref: base(mismatch.paper.consultation_id),
        paper: mismatch.paper,
        keyings: mismatch.keyings,
        version: mismatch.version,
        agreedCount: Object.keys(mismatch.agreed).length,
        differences: presentDifferences(definition, differences, values, choiceName),
        sections:
          typedQuestions.length > 0
            ? presentForm(definition, values, form.errors ?? {}, 'en', typedQuestions)
            : [],
        batchDiffers: differing.has(batchField),
        receivedDiffers: differing.has(receivedField),
        resolvedBatchName,
        resolvedReceivedPrefix,
        ...formModel(form),
      },
      status,
    )
  }

  app.get<{ Params: { paperId: string } }>('/admin/paper/:paperId', supervisor, (request, reply) =>
    renderMismatch(reply, request.params.paperId, {}, HttpStatus.ok),
  )

  app.post<{ Params: { paperId: string } }>('/admin/paper/:paperId', supervisor, async (request, reply) => {
    const { paperId } = request.params
    const result = await paper.resolveMismatch(paperId, asBody(request.body), staffActor(request))
    if (result.kind === 'invalid')
      return refuseForm(request, result.errors, () =>
        renderMismatch(
          reply,
          paperId,
          { errors: result.errors, values: result.values },
          HttpStatus.unprocessable,
        ),
      )
    const found = await paper.getMismatch(paperId)
    return reply.redirectWithFlash(
      base(found.paper.consultation_id),
      t(result.late ? 'paper.flash.storedLate' : 'paper.flash.resolved', { reference: result.reference }),
    )
  })

  app.get<{ Params: { keyingId: string } }>(
    '/admin/paper/scans/:keyingId',
    supervisor,
    async (request, reply) => {
      const scan = await paper.getScan(request.params.keyingId)
      return reply
        .type(scan.media_type)
        .header('content-disposition', `attachment; filename="paper-${scan.paper_reference}-${scan.copy}"`)
        .header('x-content-type-options', 'nosniff')
        .send(scan.content)
    },
  )

  app.get<IdParams>('/admin/consultations/:id/late-returns', supervisor, async (request, reply) => {
    const late = await paper.listLateReturns(request.params.id)
    return reply.page(`${views}/late.njk`, {
      pageTitle: `Late returns: ${late.consultation.title}`,
      activeNav: 'consultations',
      backHref: base(late.consultation.id),
      ...late,
    })
  })

  const renderDecision = async (reply: FastifyReply, responseId: string, form: FormState, status: number) => {
    const found = await paper.getLateReturn(responseId)
    return reply.page(
      `${views}/late-decision.njk`,
      {
        pageTitle: `Late return ${found.response.reference}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${found.consultation.id}/late-returns`,
        ...found,
        ...formModel(form),
      },
      status,
    )
  }

  app.get<IdParams>('/admin/responses/:id/late-decision', supervisor, (request, reply) =>
    renderDecision(reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<IdParams>('/admin/responses/:id/late-decision', supervisor, async (request, reply) => {
    const { id } = request.params
    const form = parseLateDecision(asBody(request.body))
    if (!form.ok)
      return refuseForm(request, form.errors, () => renderDecision(reply, id, form, HttpStatus.unprocessable))
    const decided = await paper.decideLateReturn(id, form.value, staffActor(request))
    const message =
      form.value.decision === 'admitted' ? 'paper.flash.lateAdmitted' : 'paper.flash.lateRefused'
    return reply.redirectWithFlash(
      `/admin/consultations/${decided.consultation_id}/late-returns`,
      t(message, { reference: decided.reference }),
    )
  })
}
