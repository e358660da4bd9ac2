import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import fastifyMultipart, { type MultipartFields, type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { csrfTokenMatches } from './csrf.js'
import { refuseNul } from './forms.js'

/** A file sent with a form, as it arrived: one over the size limit arrives cut short and marked. */
export interface UploadedFile {
  fileName: string
  data: Buffer
  truncated: boolean
}

/** A file sent with a form, written to a temporary file as it arrived; removed once the response is sent. */
export interface SpooledUpload {
  fileName: string
  file: string
}

/**
 * Whether the form's CSRF token came before its file. Role guards run before the body is read
 * (route-access.ts), and this is asked before the file's first byte is kept, so neither a stranger
 * nor a forged form costs memory or disk. Upload forms put `_csrf` first, as every form does.
 */
function hasCsrfTokenFirst(request: FastifyRequest, fields: MultipartFields): boolean {
  const field = fields._csrf
  const token = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : ''
  return csrfTokenMatches(request, token)
}

/**
 * Reads a forged form's file to its end and keeps none of it; the CSRF check every form meets then
 * refuses the request. Throwing here instead would leave the multipart reader waiting for the rest.
 */
async function discard(part: MultipartFile) {
  part.file.resume()
  await once(part.file, 'end')
}

/**
 * Multipart forms that carry at most one file, kept in memory, for the routes registered in the
 * same plugin. A file over the limit is not refused here: it reaches the form marked
 * `truncated`, so the page can say so.
 */
export async function registerOneFileForms(
  app: FastifyInstance,
  limits: { fileSizeBytes: number; fields: number },
): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    async onFile(this: FastifyRequest, part: MultipartFile & { value?: unknown }) {
      if (!hasCsrfTokenFirst(this, part.fields)) return discard(part)
      if (part.filename?.includes('\u0000')) {
        nulFileNames.add(this)
        return discard(part)
      }
      const data = await part.toBuffer()
      const upload: UploadedFile = { fileName: part.filename ?? '', data, truncated: part.file.truncated }
      part.value = upload
    },
    throwFileSizeLimit: false,
    limits: { fileSize: limits.fileSizeBytes, files: 1, fields: limits.fields, fieldSize: 64 * 1024 },
  })
  app.addHook('preValidation', refuseNulInFields)
}

// Requests whose file name held a NUL: refused once the body is read, as refusing part way
// through would leave the multipart reader waiting.
const nulFileNames = new WeakSet<FastifyRequest>()

/**
 * A multipart form's text fields and file name are held to the rule form bodies are (a NUL is refused with 400);
 * added after the multipart plugin's own hook, so it sees the fields that hook has read.
 */
async function refuseNulInFields(request: FastifyRequest) {
  if (nulFileNames.has(request)) refuseNul('\u0000')
  if (!request.isMultipart() || typeof request.body !== 'object' || request.body === null) return
  for (const [name, value] of Object.entries(request.body)) {
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
    refuseNul(name, ...texts)
  }
}

const spooledFiles = new WeakMap<FastifyRequest, string[]>()

async function removeSpooledFiles(request: FastifyRequest) {
  const files = spooledFiles.get(request) ?? []
  spooledFiles.delete(request)
  await Promise.all(files.map((file) => rm(file, { force: true })))
}

/**
 * Multipart forms that carry at most one file, too large to hold in memory, written to a
 * temporary file as it arrives. The file is removed however the request ends: answered, refused
 * by a later hook, failed or abandoned by the client part way.
 */
export async function registerSpooledFileForms(
  app: FastifyInstance,
  limits: { fileSizeBytes: number; fields: number; fieldSizeBytes: number },
): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    async onFile(this: FastifyRequest, part: MultipartFile & { value?: unknown }) {
      if (!hasCsrfTokenFirst(this, part.fields)) return discard(part)
      if (part.filename?.includes('\u0000')) {
        nulFileNames.add(this)
        return discard(part)
      }
      const file = path.join(tmpdir(), `heard-upload-${randomBytes(8).toString('hex')}`)
      // Known before the first byte is written, so a failure part way still removes it.
      spooledFiles.set(this, [...(spooledFiles.get(this) ?? []), file])
      await pipeline(part.file, createWriteStream(file))
      const upload: SpooledUpload = { fileName: part.filename ?? '', file }
      part.value = upload
    },
    throwFileSizeLimit: false,
    limits: {
      fileSize: limits.fileSizeBytes,
      files: 1,
      fields: limits.fields,
      fieldSize: limits.fieldSizeBytes,
    },
  })
  app.addHook('preValidation', refuseNulInFields)
  app.addHook('onResponse', removeSpooledFiles)
  app.addHook('onRequestAbort', removeSpooledFiles)
}
