import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AuditActor } from '../../../platform/audit/audit-log.js'
import { requireRole } from '../../../platform/auth/guards.js'
import { canImportResponses } from '../../../platform/auth/roles.js'
import { type FieldErrors, ForbiddenError, ValidationError } from '../../../platform/errors.js'
import { errorList } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import { parseMappingForm } from './forms.js'
import { presentImport, presentPreview } from './presenters.js'
import type { ImportService } from './service.js'

export interface ImportRouteOptions {
  consultations: ConsultationService
  imports: ImportService
  importLimitBytes: number
}

type IdParams = { Params: { id: string } }

interface SpooledUpload {
  fileName: string
  file: string
}

function actorOf(request: FastifyRequest): AuditActor {
  const user = request.currentUser
  if (!user) throw new ForbiddenError('Not signed in')
  return { userId: user.id, label: user.email }
}

/** Writes the uploaded file to a temporary file as it arrives, so no upload is held in memory. */
async function spoolUpload(part: MultipartFile & { value?: unknown }) {
  const file = path.join(tmpdir(), `heard-upload-${randomBytes(8).toString('hex')}`)
  await pipeline(part.file, createWriteStream(file))
  const upload: SpooledUpload = { fileName: part.filename ?? '', file }
  part.value = upload
}

export async function importRoutes(app: FastifyInstance, options: ImportRouteOptions) {
  const { consultations, imports, importLimitBytes } = options
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    onFile: spoolUpload,
    throwFileSizeLimit: false,
    // One byte over the limit arrives, so the service can tell a file at the limit from one over it.
    limits: { fileSize: importLimitBytes + 1, files: 1, fields: 10, fieldSize: 4096 },
  })
  const staff = { preHandler: requireRole(...canImportResponses) }

  const renderList = async (
    reply: FastifyReply,
    consultationId: string,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const consultation = await consultations.getById(consultationId)
    const [list, mappings] = await Promise.all([
      imports.listImports(consultation.id),
      imports.listMappings(consultation.id),
    ])
    return reply.page(
      'features/responses/imports/views/list.njk',
      {
        pageTitle: `Import responses: ${consultation.title}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${consultation.id}/responses`,
        consultation,
        imports: list.map((i) => ({ ...i, status: t(`import.status.${i.status}`) })),
        mappings,
        limit: `${Math.floor(importLimitBytes / 1024 / 1024)} MB`,
        errors,
        errorList: errors ? errorList(errors) : undefined,
      },
      status,
    )
  }

  app.get<IdParams>('/admin/consultations/:id/imports', staff, (request, reply) =>
    renderList(reply, request.params.id),
  )

  app.post<IdParams>('/admin/consultations/:id/imports', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const upload = body.file as SpooledUpload | undefined
    try {
      if (!upload || upload.fileName === '')
        return await renderList(
          reply,
          request.params.id,
          { file: t('import.problem.fileMissing') },
          HttpStatus.badRequest,
        )
      const sheet = typeof body.sheet === 'string' ? body.sheet.trim() : ''
      const uploaded = await imports.upload(
        request.params.id,
        { fileName: upload.fileName, stream: createReadStream(upload.file), ...(sheet ? { sheet } : {}) },
        actorOf(request),
      )
      const flash = uploaded.importedBefore
        ? t('import.flash.sameFile', { date: uploaded.importedBefore.toISOString().slice(0, 10) })
        : t('import.flash.uploaded')
      return reply.redirectWithFlash(`/admin/imports/${uploaded.importId}`, flash)
    } catch (error) {
      if (error instanceof ValidationError)
        return renderList(reply, request.params.id, error.fieldErrors, HttpStatus.unprocessable)
      throw error
    } finally {
      if (upload) await rm(upload.file, { force: true })
    }
  })

  const showImport = async (reply: FastifyReply, importId: string, errors?: FieldErrors, status = 200) => {
    const row = await imports.getImport(importId)
    const consultation = await consultations.getById(row.consultation_id)
    const questionnaire = await consultations.getPublishedQuestionnaire(consultation.id)
    const idle = ['uploaded', 'checked', 'refused', 'failed'].includes(row.status)
    const preview = idle ? await imports.preview(row.id) : undefined
    const mappings = await imports.listMappings(consultation.id)
    return reply.page(
      'features/responses/imports/views/show.njk',
      {
        pageTitle: `Import ${row.file_name}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${consultation.id}/imports`,
        consultation,
        item: presentImport(row),
        idle,
        preview: preview
          ? presentPreview(preview, questionnaire ? allQuestions(questionnaire.definition) : [], mappings)
          : undefined,
        errors,
        errorList: errors ? errorList(errors) : undefined,
      },
      status,
    )
  }

  app.get<IdParams>('/admin/imports/:id', staff, (request, reply) => showImport(reply, request.params.id))

  app.post<IdParams>('/admin/imports/:id/mapping', staff, async (request, reply) => {
    const row = await imports.getImport(request.params.id)
    const mappings = await imports.listMappings(row.consultation_id)
    const form = parseMappingForm(request.body, mappings)
    if (!form.ok) return showImport(reply, row.id, form.errors, HttpStatus.badRequest)
    await imports.setMapping(row.id, form.value.mapping, row.sheet)
    if (form.value.saveAs) {
      await imports.saveMapping(row.consultation_id, form.value.saveAs, form.value.mapping, actorOf(request))
      return reply.redirectWithFlash(
        `/admin/imports/${row.id}`,
        t('import.flash.mappingSaved', { name: form.value.saveAs }),
      )
    }
    return reply.redirect(`/admin/imports/${row.id}#preview`, HttpStatus.seeOther)
  })

  app.post<IdParams>('/admin/imports/:id/start', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    await imports.start({
      importId: request.params.id,
      dryRun: body.dryRun === 'yes',
      actor: actorOf(request),
    })
    return reply.redirectWithFlash(`/admin/imports/${request.params.id}`, t('import.flash.started'))
  })
}
