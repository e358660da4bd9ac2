import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import type { AuditActor } from '../../../../platform/audit/audit-log.js'
import { NotFoundError, ValidationError } from '../../../../platform/errors.js'
import type { UploadedFile } from '../../../../platform/http/uploads.js'
import { t } from '../../../../platform/i18n/translate.js'
import { londonWallClock } from '../../../../platform/time/london.js'
import { isUuid } from '../../submission-checks.js'
import type { RecordedChannelDeps } from '../entry.js'
import type { CorrespondenceDetails } from '../forms.js'
import { insertContact } from '../repository.js'
import {
  findCorrespondence,
  findCorrespondenceFile,
  insertCorrespondence,
  insertCorrespondenceFile,
  listCorrespondence,
} from './repository.js'

// Emails, letters and phone calls: each is a response on its own channel whose text is filed under
// a free-text question, so it is coded like any comment. A formal response (an organisation, an
// elected member) keeps the document as received, judged by its content, and a summary.

export type UploadedDocument = UploadedFile

const documentTypes = ['pdf', 'docx', 'odt']

/** A file's size as people read it: "420 KB", "1.5 MB". */
export const readableSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`

/** Judges an uploaded document by its content, never its name: a renamed program is not a PDF. */
export async function checkDocument(file: UploadedDocument | undefined, limitBytes: number) {
  if (!file || (file.data.length === 0 && file.fileName === ''))
    return { error: t('channelRecords.validation.documentMissing') }
  if (file.truncated || file.data.length > limitBytes)
    return { error: t('channelRecords.validation.documentTooLarge', { limit: readableSize(limitBytes) }) }
  if (file.data.length === 0) return { error: t('channelRecords.validation.documentEmpty') }
  const detected = await fileTypeFromBuffer(file.data)
  if (!detected || !documentTypes.includes(detected.ext))
    return { error: t('channelRecords.validation.documentWrongType') }
  return { mediaType: detected.mime, extension: detected.ext }
}

export function createCorrespondenceService(deps: RecordedChannelDeps) {
  const { db, now, consultations, recorded } = deps

  async function requireCorrespondence(responseId: string) {
    const found = isUuid(responseId) ? await findCorrespondence(db, responseId) : undefined
    if (!found) throw new NotFoundError(`No correspondence ${responseId}`)
    return found
  }

  return {
    /** The UK date now: nothing can have been received after it. */
    today: () => londonWallClock(now()).date,

    async list(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      return { consultation, items: await listCorrespondence(db, consultation.id) }
    },

    async entryForm(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      const { questions } = await recorded.commentQuestions(consultation.id)
      return { consultation, commentQuestions: questions }
    },

    /**
     * Records it with its contact details kept apart from the text, and for a formal response the
     * document, all in one transaction: a refused document leaves nothing written.
     */
    async record(
      consultationId: string,
      submissionKey: string,
      details: CorrespondenceDetails,
      document: UploadedDocument | undefined,
      limitBytes: number,
      actor: AuditActor,
    ) {
      const consultation = await consultations.getById(consultationId)
      const { questionnaire } = await recorded.commentQuestions(consultation.id)
      const formal = details.sender !== 'person'
      const hasFile = document !== undefined && (document.data.length > 0 || document.fileName !== '')
      const checked = formal || hasFile ? await checkDocument(document, limitBytes) : undefined
      if (checked?.error) throw new ValidationError({ document: checked.error })
      const contact = {
        name: details.senderName || null,
        email: details.senderEmail || null,
        phone: details.senderPhone || null,
      }
      return recorded.store(
        {
          consultationId: consultation.id,
          questionnaireVersionId: questionnaire.id,
          submissionKey,
          channel: details.channel,
          answers: { [details.questionKey]: details.text },
          receivedAt: details.receivedAt,
          respondingFor: details.respondingFor,
        },
        actor,
        {
          kind: 'correspondence',
          sender: details.sender,
          questionKey: details.questionKey,
          document: !!checked,
        },
        async (trx, responseId) => {
          await insertCorrespondence(trx, {
            responseId,
            sender: details.sender,
            summary: details.summary,
            recordedBy: actor.userId,
            at: now(),
          })
          if (contact.name || contact.email || contact.phone) await insertContact(trx, responseId, contact)
          if (checked?.mediaType && document)
            await insertCorrespondenceFile(trx, {
              responseId,
              fileName: `${details.channel}-${details.receivedAt.toISOString().slice(0, 10)}.${checked.extension}`,
              mediaType: checked.mediaType,
              sha256: createHash('sha256').update(document.data).digest('hex'),
              content: document.data,
            })
        },
      )
    },

    async get(responseId: string) {
      const item = await requireCorrespondence(responseId)
      const consultation = await consultations.getById(item.consultation_id)
      return { item, consultation }
    },

    async getDocument(responseId: string) {
      const file = isUuid(responseId) ? await findCorrespondenceFile(db, responseId) : undefined
      if (!file) throw new NotFoundError(`No document for ${responseId}`)
      return file
    },
  }
}

export type CorrespondenceService = ReturnType<typeof createCorrespondenceService>
