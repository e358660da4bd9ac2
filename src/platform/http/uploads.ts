import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import Tokens from '@fastify/csrf'
import fastifyMultipart, { type MultipartFields, type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ForbiddenError } from '../errors.js'
import { csrfCookieName } from './http-shell.js'

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

// The same tokens @fastify/csrf-protection makes for every form, checked against the same cookie.
const csrfTokens = Tokens()

/**
 * Refuses a file unless the form's CSRF token came before it. Role guards run before the body is
 * read (route-access.ts), and this runs before the file's first byte is kept, so neither a
 * stranger nor a forged form costs memory or disk. Upload forms put `_csrf` first, as every form does.
 */
function refuseWithoutCsrfToken(request: FastifyRequest, fields: MultipartFields) {
  const field = fields._csrf
  const token = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : ''
  const cookie = request.cookies[csrfCookieName]
  const secret = cookie ? request.unsignCookie(cookie) : undefined
  if (!secret?.valid || !secret.value || !token || !csrfTokens.verify(secret.value, token))
    throw new ForbiddenError('An upload without a valid CSRF token before its file')
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
      refuseWithoutCsrfToken(this, part.fields)
      const data = await part.toBuffer()
      const upload: UploadedFile = { fileName: part.filename ?? '', data, truncated: part.file.truncated }
      part.value = upload
    },
    throwFileSizeLimit: false,
    limits: { fileSize: limits.fileSizeBytes, files: 1, fields: limits.fields, fieldSize: 64 * 1024 },
  })
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
      refuseWithoutCsrfToken(this, part.fields)
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
  app.addHook('onResponse', removeSpooledFiles)
  app.addHook('onRequestAbort', removeSpooledFiles)
}
