import fastifyMultipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'

/** A file sent with a form, as it arrived: one over the size limit arrives cut short and marked. */
export interface UploadedFile {
  fileName: string
  data: Buffer
  truncated: boolean
}

/** Keeps the file in memory as the form's parser expects it, in place of the stream. */
async function keepUpload(part: MultipartFile & { value?: unknown }) {
  const data = await part.toBuffer()
  const upload: UploadedFile = { fileName: part.filename ?? '', data, truncated: part.file.truncated }
  part.value = upload
}

/**
 * Multipart forms that carry at most one file, for the routes registered in the same plugin. A file
 * over the limit is not refused here: it reaches the form marked `truncated`, so the page can say so.
 */
export async function registerOneFileForms(
  app: FastifyInstance,
  limits: { fileSizeBytes: number; fields: number },
): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    onFile: keepUpload,
    throwFileSizeLimit: false,
    limits: { fileSize: limits.fileSizeBytes, files: 1, fields: limits.fields, fieldSize: 64 * 1024 },
  })
}
