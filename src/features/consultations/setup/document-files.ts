import { fileTypeFromBuffer } from 'file-type'
import type { DocumentKind } from '../../../platform/db/schema.js'

// Uploaded files are judged by their content, never by their name or the browser's word: a
// renamed program is not a PDF.

const writtenDocument = ['pdf', 'docx', 'odt'] as const
const allowedByKind: Record<DocumentKind, readonly string[]> = {
  consultation_document: writtenDocument,
  summary: writtenDocument,
  easy_read: writtenDocument,
  large_print: writtenDocument,
  translation: writtenDocument,
  faq: writtenDocument,
  audio: ['mp3'],
  video: ['mp4'],
  bsl: ['mp4'],
}

const formatNames: Record<string, string> = {
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  odt: 'OpenDocument text (ODT)',
  mp3: 'MP3 audio',
  mp4: 'MP4 video',
}

export function allowedFormats(kind: DocumentKind): string[] {
  return allowedByKind[kind].map((ext) => formatNames[ext] ?? ext)
}

export function formatName(extension: string): string {
  return formatNames[extension] ?? extension.toUpperCase()
}

export type FileCheck =
  | { ok: true; mediaType: string; extension: string }
  | { ok: false; reason: 'tooLarge' | 'empty' | 'wrongType' }

export async function checkUploadedFile(
  file: { data: Buffer; truncated: boolean },
  kind: DocumentKind,
  limitBytes: number,
): Promise<FileCheck> {
  if (file.truncated || file.data.length > limitBytes) return { ok: false, reason: 'tooLarge' }
  if (file.data.length === 0) return { ok: false, reason: 'empty' }
  const detected = await fileTypeFromBuffer(file.data)
  if (!detected || !allowedByKind[kind].includes(detected.ext)) return { ok: false, reason: 'wrongType' }
  return { ok: true, mediaType: detected.mime, extension: detected.ext }
}

/** A download's file name made from the document's title, so nothing a person typed as a file name is echoed. */
export function downloadName(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return `${base || 'document'}.${extension}`
}

/** A file's size as people read it: "420 KB", "1.5 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
