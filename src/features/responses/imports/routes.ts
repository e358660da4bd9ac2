import { createReadStream } from 'node:fs'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canImportResponses } from '../../../platform/auth/roles.js'
import type { ConsultationRow } from '../../../platform/db/schema.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { registerSpooledFileForms, type SpooledUpload } from '../../../platform/http/uploads.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import { parseMappingForm } from './forms.js'
import { presentImportList, presentImportPage } from './presenters.js'
import type { ImportService } from './service.js'

export interface ImportRouteOptions {
  consultations: ConsultationService
  imports: ImportService
  importLimitBytes: number
}

export async function importRoutes(app: FastifyInstance, options: ImportRouteOptions) {
  const { consultations, imports, importLimitBytes } = options
  // One byte over the limit arrives, so the service can tell a file at the limit from one over it.
  await registerSpooledFileForms(app, {
    fileSizeBytes: importLimitBytes + 1,
    fields: 10,
    fieldSizeBytes: 4096,
  })
  const loadConsultation = loadConsultationInPath(consultations)
  const staff = { schema: { params: idParams }, preHandler: requireRole(...canImportResponses) }
  const staffInConsultation = {
    schema: { params: idParams },
    preHandler: [requireRole(...canImportResponses), loadConsultation],
  }

  const renderList = async (
    reply: FastifyReply,
    consultation: ConsultationRow,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const [list, mappings] = await Promise.all([
      imports.listImports(consultation.id),
      imports.listMappings(consultation.id),
    ])
    return reply.page(
      'features/responses/imports/views/list.njk',
      presentImportList(consultation, list, mappings, importLimitBytes, errors),
      status,
    )
  }

  app.get<{ Params: IdParams }>('/admin/consultations/:id/imports', staffInConsultation, (request, reply) =>
    renderList(reply, consultationInPath(request)),
  )

  app.post<{ Params: IdParams }>(
    '/admin/consultations/:id/imports',
    staffInConsultation,
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const body = (request.body ?? {}) as Record<string, unknown>
      const upload = body.file as SpooledUpload | undefined
      try {
        if (!upload || upload.fileName === '')
          return await renderList(
            reply,
            consultation,
            { file: t('import.problem.fileMissing') },
            HttpStatus.badRequest,
          )
        const sheet = typeof body.sheet === 'string' ? body.sheet.trim() : ''
        const uploaded = await imports.upload(
          consultation.id,
          { fileName: upload.fileName, stream: createReadStream(upload.file), ...(sheet ? { sheet } : {}) },
          staffActor(request),
        )
        const flash = uploaded.importedBefore
          ? t('import.flash.sameFile', { date: uploaded.importedBefore.toISOString().slice(0, 10) })
          : t('import.flash.uploaded')
        return reply.redirectWithFlash(`/admin/imports/${uploaded.importId}`, flash)
      } catch (error) {
        if (error instanceof ValidationError)
          return renderList(reply, consultation, error.fieldErrors, HttpStatus.unprocessable)
        throw error
      }
    },
  )

  const showImport = async (reply: FastifyReply, importId: string, errors?: FieldErrors, status = 200) =>
    reply.page(
      'features/responses/imports/views/show.njk',
      presentImportPage(await imports.page(importId), errors),
      status,
    )

  app.get<{ Params: IdParams }>('/admin/imports/:id', staff, (request, reply) =>
    showImport(reply, request.params.id),
  )

  app.post<{ Params: IdParams }>('/admin/imports/:id/mapping', staff, async (request, reply) => {
    const row = await imports.getImport(request.params.id)
    const mappings = await imports.listMappings(row.consultation_id)
    const form = parseMappingForm(request.body, mappings)
    if (!form.ok) return showImport(reply, row.id, form.errors, HttpStatus.badRequest)
    await imports.setMapping(row.id, form.value.mapping, row.sheet)
    if (form.value.saveAs) {
      await imports.saveMapping(
        row.consultation_id,
        form.value.saveAs,
        form.value.mapping,
        staffActor(request),
      )
      return reply.redirectWithFlash(
        `/admin/imports/${row.id}`,
        t('import.flash.mappingSaved', { name: form.value.saveAs }),
      )
    }
    return reply.redirect(`/admin/imports/${row.id}#preview`, HttpStatus.seeOther)
  })

  app.post<{ Params: IdParams }>('/admin/imports/:id/start', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    await imports.start({
      importId: request.params.id,
      dryRun: body.dryRun === 'yes',
      actor: staffActor(request),
    })
    return reply.redirectWithFlash(`/admin/imports/${request.params.id}`, t('import.flash.started'))
  })
}
