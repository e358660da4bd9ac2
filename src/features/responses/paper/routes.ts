import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canKeyPaper, canSupervisePaper } from '../../../platform/auth/roles.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { wantsJson } from '../../../platform/http/error-handler.js'
import { formModel } from '../../../platform/http/forms.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { registerOneFileForms } from '../../../platform/http/uploads.js'
import { t } from '../../../platform/i18n/translate.js'
import { fileSize } from '../../consultations/index.js'
import { type Body, checkScan, detailFields, parseLateDecision, typedFormValues } from './forms.js'
import {
  type FormState,
  nextPaperValues,
  paperBase,
  presentAccuracy,
  presentEntry,
  presentMismatch,
} from './presenters.js'
import { type PaperParams, paperParams, type ScanParams, scanParams } from './schemas.js'
import type { KeyingOutcome, PaperService } from './service.js'

export interface PaperRouteOptions {
  paper: PaperService
  uploadLimitBytes: number
}

type IdRequest = { Params: IdParams }

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

const keyedMessages: Record<KeyingOutcome, string> = {
  response: 'paper.flash.stored',
  awaitingSecond: 'paper.flash.awaitingSecond',
  matched: 'paper.flash.matched',
  mismatched: 'paper.flash.mismatched',
}

export async function paperRoutes(app: FastifyInstance, options: PaperRouteOptions) {
  const { paper, uploadLimitBytes } = options
  await registerOneFileForms(app, { fileSizeBytes: uploadLimitBytes, fields: 500 })
  // The paper service loads the consultation named in the path itself; the schema answers 404 for
  // an id that cannot name one.
  const keyer = { schema: { params: idParams }, preHandler: requireRole(...canKeyPaper) }
  const supervisor = { schema: { params: idParams }, preHandler: requireRole(...canSupervisePaper) }
  const paperSupervisor = { schema: { params: paperParams }, preHandler: requireRole(...canSupervisePaper) }
  const scanSupervisor = { schema: { params: scanParams }, preHandler: requireRole(...canSupervisePaper) }

  const renderEntry = async (
    reply: FastifyReply,
    consultationId: string,
    form: FormState,
    status: number,
  ) => {
    const found = await paper.keyingForm(consultationId)
    return reply.page(`${views}/entry.njk`, presentEntry(found, form, fileSize(uploadLimitBytes)), status)
  }

  app.get<IdRequest>('/admin/consultations/:id/paper/new', keyer, (request, reply) =>
    renderEntry(reply, request.params.id, { values: nextPaperValues(request.query) }, HttpStatus.ok),
  )

  app.post<IdRequest>('/admin/consultations/:id/paper', keyer, async (request, reply) => {
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
    return reply.redirectWithFlash(
      `${paperBase(id)}/new?${next}`,
      t(message, { reference: result.reference }),
    )
  })

  app.get<IdRequest>('/admin/consultations/:id/paper', supervisor, async (request, reply) => {
    const overview = await paper.overview(request.params.id)
    return reply.page(`${views}/overview.njk`, {
      pageTitle: t('paper.titles.overview', { title: overview.consultation.title }),
      activeNav: 'consultations',
      backHref: '/admin',
      ...overview,
    })
  })

  app.post<IdRequest>('/admin/consultations/:id/paper/double-entry', supervisor, async (request, reply) => {
    const on = asBody(request.body).double_entry === 'on'
    await paper.setDoubleEntry(request.params.id, on, staffActor(request))
    return reply.redirectWithFlash(
      paperBase(request.params.id),
      t(on ? 'paper.flash.doubleEntryOn' : 'paper.flash.doubleEntryOff'),
    )
  })

  app.get<IdRequest>('/admin/consultations/:id/paper/accuracy', supervisor, async (request, reply) => {
    const { consultation, keyers } = await paper.keyerAccuracy(request.params.id)
    return reply.page(`${views}/accuracy.njk`, {
      pageTitle: t('paper.titles.accuracy', { title: consultation.title }),
      activeNav: 'consultations',
      backHref: paperBase(consultation.id),
      consultation,
      keyers: presentAccuracy(keyers),
    })
  })

  const renderMismatch = async (reply: FastifyReply, paperId: string, form: FormState, status: number) => {
    const mismatch = await paper.getMismatch(paperId)
    return reply.page(`${views}/resolve.njk`, presentMismatch(mismatch, form), status)
  }

  app.get<{ Params: PaperParams }>('/admin/paper/:paperId', paperSupervisor, (request, reply) =>
    renderMismatch(reply, request.params.paperId, {}, HttpStatus.ok),
  )

  app.post<{ Params: PaperParams }>('/admin/paper/:paperId', paperSupervisor, async (request, reply) => {
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
      paperBase(found.paper.consultation_id),
      t(result.late ? 'paper.flash.storedLate' : 'paper.flash.resolved', { reference: result.reference }),
    )
  })

  app.get<{ Params: ScanParams }>('/admin/paper/scans/:keyingId', scanSupervisor, async (request, reply) => {
    const scan = await paper.getScan(request.params.keyingId)
    return reply
      .type(scan.media_type)
      .header('content-disposition', `attachment; filename="paper-${scan.paper_reference}-${scan.copy}"`)
      .header('x-content-type-options', 'nosniff')
      .send(scan.content)
  })

  app.get<IdRequest>('/admin/consultations/:id/late-returns', supervisor, async (request, reply) => {
    const late = await paper.listLateReturns(request.params.id)
    return reply.page(`${views}/late.njk`, {
      pageTitle: t('paper.titles.late', { title: late.consultation.title }),
      activeNav: 'consultations',
      backHref: paperBase(late.consultation.id),
      ...late,
    })
  })

  const renderDecision = async (reply: FastifyReply, responseId: string, form: FormState, status: number) => {
    const found = await paper.getLateReturn(responseId)
    return reply.page(
      `${views}/late-decision.njk`,
      {
        pageTitle: t('paper.titles.lateDecision', { reference: found.response.reference }),
        activeNav: 'consultations',
        backHref: `/admin/consultations/${found.consultation.id}/late-returns`,
        ...found,
        ...formModel(form),
      },
      status,
    )
  }

  app.get<IdRequest>('/admin/responses/:id/late-decision', supervisor, (request, reply) =>
    renderDecision(reply, request.params.id, {}, HttpStatus.ok),
  )

  app.post<IdRequest>('/admin/responses/:id/late-decision', supervisor, async (request, reply) => {
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
