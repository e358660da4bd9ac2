import { createHash } from 'node:crypto'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import type { DatabaseHandle } from '../../../platform/db/database.js'
import type { Database, ImportProblem, ImportStatus } from '../../../platform/db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.js'
import { t } from '../../../platform/i18n/translate.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import type { ConsultationService } from '../../consultations/index.js'
import { isUuid } from '../submission-checks.js'
import { formatOf, readSheetRows, UnreadableFileError } from './reader.js'
import {
  clearProgress,
  findImport,
  findImportedFile,
  findProgress,
  finishUpload,
  insertFileChunk,
  insertImport,
  listImports,
  listMappings,
  markImport,
  markProgress,
  readFileChunk,
  setImportMapping,
  upsertMapping,
} from './repository.js'
import { convertRow, type ImportMapping, planColumns, suggestMapping } from './rows.js'
import { type ImportOutcome, runImport } from './run.js'

const chunkBytes = 256 * 1024
// An import in these states can be mapped, previewed and started again.
const idleStatuses: readonly ImportStatus[] = ['uploaded', 'checked', 'refused', 'failed']
const previewRows = 10

const sizeInWords = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MB` : `${Math.floor(bytes / 1024)} KB`

export interface ImportRequest {
  importId: string
  dryRun: boolean
  actor: AuditActor
}

export interface ImportServiceDeps {
  database: DatabaseHandle
  now: () => Date
  consultations: ConsultationService
  /** The largest file accepted, in bytes. */
  uploadLimitBytes: number
  /** Hands an import to the job queue, saying whether it did; if not, it runs in this process, unawaited. */
  dispatch?: (request: ImportRequest) => Promise<boolean>
}

export function createImportService(deps: ImportServiceDeps) {
  const { database, now, consultations, uploadLimitBytes } = deps
  const { db } = database
  // Progress of imports running in this process: on the embedded database a running import holds
  // the database, so its progress cannot be read back from it.
  const running = new Map<string, number>()

  async function getImport(id: string) {
    const row = isUuid(id) ? await findImport(db, id) : undefined
    if (!row) throw new NotFoundError(`No import ${id}`)
    const underway = row.status === 'checking' || row.status === 'importing'
    const progress = running.get(id) ?? (underway ? await findProgress(db, id) : undefined)
    return { ...row, rows_read: progress ?? row.rows_read }
  }

  /** The stored file, one chunk at a time, read through `via`. */
  async function* chunksOf(via: Kysely<Database>, importId: string) {
    for (let seq = 0; ; seq++) {
      const chunk = await readFileChunk(via, importId, seq)
      if (!chunk) return
      yield chunk
    }
  }

  // The file is read from the database as it is parsed, a chunk ahead, not copied out first: read
  // all at once, the chunks' garbage outran the collector (20 MB of file added 70 MB to the process).
  const openFile = (importId: string, via: Kysely<Database>) =>
    Readable.from(chunksOf(via, importId), { objectMode: false })

  async function questionnaireFor(consultationId: string) {
    const questionnaire = await consultations.getPublishedQuestionnaire(consultationId)
    if (!questionnaire) throw new ValidationError({ file: t('import.problem.questionnaireMissing') })
    return questionnaire
  }

  function mappingOf(row: {
    columns: Record<string, string> | null
    id_column: string | null
  }): ImportMapping | undefined {
    return row.columns ? { columns: row.columns, idColumn: row.id_column } : undefined
  }

  async function run(request: ImportRequest): Promise<ImportOutcome> {
    const row = await getImport(request.importId)
    const mapping = mappingOf(row)
    if (!mapping) throw new ConflictError('Map the columns before importing')
    const questionnaire = await questionnaireFor(row.consultation_id)
    await markImport(db, row.id, {
      status: request.dryRun ? 'checking' : 'importing',
      dryRun: request.dryRun,
      startedAt: now(),
      finishedAt: null,
      rowsRead: 0,
    })
    running.set(row.id, 0)
    try {
      const outcome = await runImport(database, {
        importId: row.id,
        consultationId: row.consultation_id,
        questionnaireVersionId: questionnaire.id,
        definition: questionnaire.definition,
        // PGlite has one connection, which the import's transaction holds.
        open: (tx) => openFile(row.id, database.pglite ? tx : db),
        format: row.format,
        sheet: row.sheet ?? undefined,
        mapping,
        dryRun: request.dryRun,
        actor: request.actor,
        at: now(),
        onProgress: async (rowsRead) => {
          running.set(row.id, rowsRead)
          // Another connection can show it only on PostgreSQL; PGlite is held by the import.
          if (!database.pglite) await markProgress(db, row.id, rowsRead, now())
        },
      })
      if (outcome.problemCount > 0 || request.dryRun) {
        await markImport(db, row.id, {
          status: outcome.problemCount > 0 ? 'refused' : 'checked',
          finishedAt: now(),
          rowsRead: outcome.rowsRead,
          rowsNew: outcome.rowsNew,
          rowsAlready: outcome.rowsAlready,
          formulaLike: outcome.formulaLike,
          problemCount: outcome.problemCount,
          problems: outcome.problems,
        })
      }
      return outcome
    } catch (error) {
      await markImport(db, row.id, { status: 'failed', finishedAt: now() })
      throw error
    } finally {
      running.delete(row.id)
      await clearProgress(db, row.id)
    }
  }

  const service = {
    getImport,
    run,

    listImports: (consultationId: string) => listImports(db, consultationId),
    listMappings: (consultationId: string) => listMappings(db, consultationId),

    /**
     * Stores an uploaded file (in chunks, never whole in memory) for a consultation, refusing one
     * over the size limit or not CSV or XLSX. Says when the same file was imported before.
     */
    async upload(
      consultationId: string,
      file: { fileName: string; stream: AsyncIterable<Buffer>; sheet?: string },
      actor: AuditActor,
    ) {
      const consultation = await consultations.getById(consultationId)
      await questionnaireFor(consultation.id)
      const stored = await db.transaction().execute(async (trx) => {
        let importId: string | undefined
        const hash = createHash('sha256')
        let size = 0
        let seq = 0
        let pending: Buffer[] = []
        let pendingBytes = 0
        // Every chunk but the last is exactly `chunkBytes`, whatever size the parts arrive in.
        const flush = async (last: boolean) => {
          if (!importId) return
          let data = Buffer.concat(pending)
          while (data.length >= chunkBytes || (last && data.length > 0)) {
            await insertFileChunk(trx, importId, seq++, data.subarray(0, chunkBytes))
            data = data.subarray(chunkBytes)
          }
          pending = data.length > 0 ? [data] : []
          pendingBytes = data.length
        }
        for await (const part of file.stream) {
          if (!importId) {
            const format = formatOf(file.fileName, part)
            if (!format) throw new ValidationError({ file: t('import.problem.formatUnknown') })
            const created = await insertImport(trx, {
              consultationId: consultation.id,
              fileName: path.basename(file.fileName).slice(0, 255),
              format,
              sheet: format === 'xlsx' && file.sheet ? file.sheet : null,
              createdBy: actor.userId,
              createdAt: now(),
            })
            importId = created.id
          }
          size += part.length
          if (size > uploadLimitBytes) {
            throw new ValidationError({
              file: t('import.problem.tooLarge', { limit: sizeInWords(uploadLimitBytes) }),
            })
          }
          hash.update(part)
          pending.push(part)
          pendingBytes += part.length
          if (pendingBytes >= chunkBytes) await flush(false)
        }
        if (!importId) throw new ValidationError({ file: t('import.problem.empty') })
        await flush(true)
        const sha256 = hash.digest('hex')
        await finishUpload(trx, importId, size, sha256)
        await recordAudit(
          trx,
          {
            actor,
            action: 'import.uploaded',
            entityType: 'import',
            entityId: importId,
            details: { consultationId: consultation.id, fileName: file.fileName, bytes: size, sha256 },
          },
          now(),
        )
        return { importId, sha256 }
      })
      const before = await findImportedFile(db, consultation.id, stored.sha256, stored.importId)
      return { importId: stored.importId, importedBefore: before?.finished_at ?? undefined }
    },

    /** What an import's page shows: the import, and while it is idle, a preview and the saved mappings. */
    async page(importId: string) {
      const row = await getImport(importId)
      const consultation = await consultations.getById(row.consultation_id)
      const questionnaire = await consultations.getPublishedQuestionnaire(consultation.id)
      const idle = idleStatuses.includes(row.status)
      const preview = idle ? await service.preview(row.id) : undefined
      const mappings = await listMappings(db, consultation.id)
      const questions = questionnaire ? allQuestions(questionnaire.definition) : []
      return { row, consultation, idle, preview, mappings, questions }
    },

    /** The file's headings, a suggested or saved mapping, and its first rows as they would be imported. */
    async preview(importId: string, chosen?: ImportMapping) {
      const row = await getImport(importId)
      const questionnaire = await questionnaireFor(row.consultation_id)
      const problems: ImportProblem[] = []
      const rows = readSheetRows(() => openFile(row.id, db), row.format, row.sheet ?? undefined)
      try {
        const heading = await rows.next()
        if (heading.done) {
          problems.push({ row: null, column: null, problem: t('import.problem.empty') })
          return { headings: [], mapping: chosen ?? { columns: {}, idColumn: null }, rows: [], problems }
        }
        const headings = heading.value.cells.map((c) => c.trim())
        const mapping = chosen ?? mappingOf(row) ?? suggestMapping(headings, questionnaire.definition)
        const planned = planColumns(heading.value, mapping, questionnaire.definition)
        if (!planned.ok) return { headings, mapping, rows: [], problems: planned.problems }
        const shown = []
        for await (const sheetRow of rows) {
          const result = convertRow(planned.plan, sheetRow)
          shown.push({ row: sheetRow.row, cells: sheetRow.cells, result })
          if (shown.length >= previewRows) break
        }
        return { headings, mapping, rows: shown, problems }
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error
        problems.push({ row: error.row, column: null, problem: t(error.messageKey, error.params) })
        return { headings: [], mapping: chosen ?? { columns: {}, idColumn: null }, rows: [], problems }
      } finally {
        await rows.return(undefined)
      }
    },

    setMapping: (importId: string, mapping: ImportMapping, sheet: string | null) =>
      setImportMapping(db, importId, mapping, sheet),

    /** Saves a mapping under a name, to use again for the next file from the same source. */
    async saveMapping(consultationId: string, name: string, mapping: ImportMapping, actor: AuditActor) {
      return db.transaction().execute(async (trx) => {
        const saved = await upsertMapping(trx, { consultationId, name, mapping, by: actor.userId, at: now() })
        await recordAudit(
          trx,
          {
            actor,
            action: 'import.mapping-saved',
            entityType: 'import_mapping',
            entityId: saved.id,
            details: { consultationId, name, ...mapping },
          },
          now(),
        )
        return saved.id
      })
    },

    /** Queues a dry run or the import itself; the status page follows it. */
    async start(request: ImportRequest) {
      const row = await getImport(request.importId)
      if (!mappingOf(row)) throw new ConflictError('Map the columns before importing')
      if (['queued', 'checking', 'importing', 'imported'].includes(row.status))
        throw new ConflictError('This import has already started')
      await markImport(db, row.id, { status: 'queued', dryRun: request.dryRun })
      if (await deps.dispatch?.(request)) return
      // Its failure is recorded on the import (status failed), which is where people look.
      void run(request).catch(() => {})
    },
  }
  return service
}

export type ImportService = ReturnType<typeof createImportService>
