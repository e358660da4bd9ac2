import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import type { ConsultationRow, Database } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import { type ExportColumn, type ExportFormat, type ExportVariant, exportColumns } from './columns.js'
import { csvHeader, type ExportAbout, ended, exportWriter, readmeRows } from './formats.js'
import {
  readResponseBatch,
  readSheetCells,
  responsesCopyStatement,
  sheetCopyStatement,
} from './repository.js'
import { copyToSheetRows, sharedStringsOf, sheetRowWriter } from './sheet-rows.js'
import { startXlsxPackage, textRowXml } from './xlsx-package.js'

export interface ExportServiceDeps {
  db: Kysely<Database>
  now: () => Date
  consultations: Pick<ConsultationService, 'getLatestQuestionnaire'>
  /** Responses read per query; tests make it small to cross many batch boundaries. */
  batchSize?: number
  /**
   * Streams a `COPY … TO STDOUT` into the output (PostgreSQL only): with it, a CSV is written by
   * the database, not built row by row here.
   */
  copyOut?: (statement: string, output: Writable) => Promise<number>
}

export interface ExportRequest {
  consultation: Pick<ConsultationRow, 'id' | 'slug' | 'title'>
  format: ExportFormat
  variant: ExportVariant
  /** Whether contact details go in: the caller decides from who is asking. Never in open data. */
  withContacts: boolean
  actor: AuditActor
}

/** An export that has been recorded and is ready to write: its name and type, and the writing. */
export interface PreparedExport {
  fileName: string
  contentType: string
  /** Writes every response to the output, ending it, and says how many were written. */
  writeTo(output: Writable): Promise<number>
}

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/jsonl; charset=utf-8',
}

/** Responses read per query: enough that a million take a few hundred reads, few enough to hold. */
export const exportBatchSize = 2000

export function createExportService(deps: ExportServiceDeps) {
  const { db, now, consultations } = deps
  const batchSize = deps.batchSize ?? exportBatchSize
  /**
   * The XLSX: a README sheet, then the responses, whose rows are built from each cell's text as
   * the database works it out: from a COPY on PostgreSQL, a batch at a time on PGlite.
   */
  async function writeXlsx(
    output: Writable,
    consultationId: string,
    columns: readonly ExportColumn[],
    withContacts: boolean,
    about: ExportAbout,
  ) {
    const shared = sharedStringsOf(columns)
    const sheet = await startXlsxPackage(output, {
      sheetNames: [t('exports.readme.sheet'), t('exports.readme.responsesSheet')],
      sharedStrings: shared.xml,
      firstSheetRows: readmeRows(columns, about)
        .map((cells, i) => textRowXml(i + 1, cells))
        .join(''),
      createdAt: about.generatedAt,
    })
    await sheet.writeRows(
      textRowXml(
        1,
        columns.map((c) => c.name),
      ),
    )
    if (deps.copyOut) {
      const rows = copyToSheetRows(columns, shared, 2)
      const copied = deps.copyOut(sheetCopyStatement(db, consultationId, columns, withContacts), rows).then(
        (n) => {
          rows.end()
          return n
        },
        (error: Error) => {
          rows.destroy(error)
          throw error
        },
      )
      const [written] = await Promise.all([copied, pipeline(rows, sheet.rows, { end: false })])
      await sheet.end()
      return written
    }
    const rowXml = sheetRowWriter(columns, shared)
    let written = 0
    let after: string | null = null
    for (;;) {
      const rows = await readSheetCells(db, consultationId, after, batchSize, columns, withContacts)
      if (rows.length === 0) break
      await sheet.writeRows(rows.map((r, i) => rowXml(r.cells, written + i + 2, written + i + 1)).join(''))
      written += rows.length
      after = rows[rows.length - 1]?.reference ?? null
      if (rows.length < batchSize) break
    }
    await sheet.end()
    return written
  }

  return {
    /**
     * Records who is exporting what in the audit log, before a byte is written: a download of
     * people's answers is a disclosure, logged whether or not it completes.
     */
    async prepareResponseExport(request: ExportRequest): Promise<PreparedExport> {
      const { consultation, format, variant, actor } = request
      const withContacts = request.withContacts && variant === 'analysis'
      const questionnaire = await consultations.getLatestQuestionnaire(consultation.id)
      const columns = exportColumns(allQuestions(questionnaire.definition), variant, withContacts)
      const generatedAt = now()
      await db.transaction().execute((trx) =>
        recordAudit(
          trx,
          {
            actor,
            action: 'responses.exported',
            entityType: 'consultation',
            entityId: consultation.id,
            details: { format, variant, withContacts },
          },
          generatedAt,
        ),
      )
      const suffix = variant === 'open-data' ? '-open-data' : ''
      return {
        fileName: `${consultation.slug}-responses${suffix}.${format}`,
        contentType: contentTypes[format],
        async writeTo(output) {
          if (format === 'csv' && deps.copyOut) {
            const statement = responsesCopyStatement(db, consultation.id, columns, withContacts)
            output.write(csvHeader(columns))
            const written = await deps.copyOut(statement, output)
            await ended(output)
            return written
          }
          const about = { consultationTitle: consultation.title, generatedAt, variant, withContacts }
          if (format === 'xlsx') return writeXlsx(output, consultation.id, columns, withContacts, about)
          const writer = exportWriter(format, columns, output)
          let written = 0
          let after: string | null = null
          for (;;) {
            const rows = await readResponseBatch(db, consultation.id, after, batchSize, withContacts)
            if (rows.length === 0) break
            await writer.write(rows, written + 1)
            written += rows.length
            after = rows[rows.length - 1]?.reference ?? null
            if (rows.length < batchSize) break
          }
          await writer.end()
          return written
        },
      }
    },
  }
}

export type ExportService = ReturnType<typeof createExportService>
