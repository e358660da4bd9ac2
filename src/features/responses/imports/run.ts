import type { Readable } from 'node:stream'
import { type Kysely, sql } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import { type BulkTransaction, withBulkTransaction } from '../../../platform/db/bulk-transaction.js'
import type { DatabaseHandle } from '../../../platform/db/database.js'
import type { Database, ImportProblem } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { collectGarbage } from '../../../platform/runtime/collect-garbage.js'
import type { QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import { generateReference } from '../receipt-reference.js'
import { type ImportFormat, readSheetRows, UnreadableFileError } from './reader.js'
import {
  copyImportedResponses,
  findTaken,
  type ImportedResponse,
  insertImportedContacts,
  markImport,
} from './repository.js'
import { convertRow, type ImportMapping, planColumns } from './rows.js'

// One pass over the file: each row is read, checked and written in batches inside one transaction.
// Any problem anywhere and the transaction is undone, so a file is imported whole or not at all.

export interface ImportJob {
  importId: string
  consultationId: string
  questionnaireVersionId: string
  definition: QuestionnaireDefinition
  /** Opens the file, reading it through `tx` where it must (the import's own transaction). */
  open: (tx: Kysely<Database>) => Readable
  format: ImportFormat
  sheet: string | undefined
  mapping: ImportMapping
  dryRun: boolean
  actor: AuditActor
  at: Date
  /** Told how many rows have been read, after each batch. */
  onProgress?: (rowsRead: number) => void | Promise<void>
}

export interface ImportOutcome {
  rowsRead: number
  rowsNew: number
  rowsAlready: number
  formulaLike: number
  problemCount: number
  /** The first problems found, by row; `problemCount` says how many in all. */
  problems: ImportProblem[]
}

export const importBatchSize = 2000
const writesAhead = 2
/** A full garbage collection after this many batches: see collect-garbage.ts. */
const collectEvery = 2
/** How many problems are kept to show: enough to see the pattern; all are counted. */
export const keptProblems = 1000
// One import at a time into a consultation, so two runs of the same file cannot both add a row.
const importLockBase = 7_140_100

type PendingRow = Pick<ImportedResponse, 'rowKey' | 'answersJson' | 'identity'>

const submissionKeyOf = (consultationId: string, rowKey: string) => `import:${consultationId}:${rowKey}`

/** Writes a batch, leaving out rows already imported (or twice in this file), with a fresh reference each. */
async function writeBatch(tx: BulkTransaction, job: ImportJob, batch: PendingRow[]) {
  const byKey = new Map<string, ImportedResponse>()
  for (const row of batch) {
    const submissionKey = submissionKeyOf(job.consultationId, row.rowKey)
    if (!byKey.has(submissionKey))
      byKey.set(submissionKey, {
        submissionKey,
        rowKey: row.rowKey,
        answersJson: row.answersJson,
        identity: row.identity,
        reference: generateReference(),
      })
  }
  let pending = [...byKey.values()]
  for (;;) {
    const taken = await findTaken(
      tx.db,
      pending.map((r) => r.submissionKey),
      pending.map((r) => r.reference),
    )
    const takenKeys = new Set(taken.map((r) => r.submission_key))
    const takenRefs = new Set(taken.map((r) => r.reference))
    for (const key of takenKeys) byKey.delete(key)
    // A clash of random references is rare but certain in a million: draw again and check again.
    const seen = new Set<string>()
    pending = []
    for (const row of byKey.values()) {
      if (takenRefs.has(row.reference) || seen.has(row.reference)) {
        row.reference = generateReference()
        pending.push(row)
      }
      seen.add(row.reference)
    }
    if (pending.length === 0) break
  }
  const rows = [...byKey.values()]
  await copyImportedResponses(
    tx.copy,
    {
      consultationId: job.consultationId,
      versionId: job.questionnaireVersionId,
      importId: job.importId,
      at: job.at,
    },
    rows,
  )
  await insertImportedContacts(tx.db, rows)
  return { added: rows.length, already: batch.length - rows.length }
}

async function importInTransaction(tx: BulkTransaction, job: ImportJob): Promise<ImportOutcome> {
  const outcome: ImportOutcome = {
    rowsRead: 0,
    rowsNew: 0,
    rowsAlready: 0,
    formulaLike: 0,
    problemCount: 0,
    problems: [],
  }
  const report = (problems: ImportProblem[]) => {
    outcome.problemCount += problems.length
    for (const p of problems) if (outcome.problems.length < keptProblems) outcome.problems.push(p)
  }
  await sql`select pg_advisory_xact_lock(${importLockBase}, hashtext(${job.consultationId}))`.execute(tx.db)
  // Batches are written in order while the next are read and checked, so that on PostgreSQL the
  // server is never left waiting for this process to parse: up to `writesAhead` wait their turn.
  const writes: Promise<void>[] = []
  let lastWrite: Promise<void> = Promise.resolve()
  try {
    const rows = readSheetRows(() => job.open(tx.db), job.format, job.sheet)
    const heading = await rows.next()
    if (heading.done) {
      report([{ row: null, column: null, problem: t('import.problem.empty') }])
      return outcome
    }
    const planned = planColumns(heading.value, job.mapping, job.definition)
    if (!planned.ok) {
      report(planned.problems)
      return outcome
    }
    let batch: PendingRow[] = []
    let flushes = 0
    const flush = async () => {
      if (outcome.problemCount === 0 && batch.length > 0) {
        const rows = batch
        lastWrite = lastWrite.then(async () => {
          const written = await writeBatch(tx, job, rows)
          outcome.rowsNew += written.added
          outcome.rowsAlready += written.already
        })
        // Awaited below, in order; this only stops a failure counting as unhandled meanwhile.
        lastWrite.catch(() => {})
        writes.push(lastWrite)
      }
      batch = []
      while (writes.length > writesAhead) await writes.shift()
      await job.onProgress?.(outcome.rowsRead)
      if (++flushes % collectEvery === 0) collectGarbage()
    }
    for await (const sheetRow of rows) {
      // A row of empty cells is a gap in the sheet, not a response.
      if (sheetRow.cells.every((c) => c.trim() === '')) continue
      outcome.rowsRead++
      const result = convertRow(planned.plan, sheetRow)
      if (!result.ok) report(result.problems)
      else if (outcome.problemCount === 0) {
        outcome.formulaLike += result.formulaLike
        batch.push({
          rowKey: result.rowKey,
          answersJson: JSON.stringify(result.answers),
          identity: result.identity,
        })
      }
      if (
        batch.length >= importBatchSize ||
        (outcome.rowsRead % importBatchSize === 0 && outcome.problemCount > 0)
      )
        await flush()
    }
    await flush()
    for (const write of writes) await write
    if (outcome.rowsRead === 0) report([{ row: null, column: null, problem: t('import.problem.noRows') }])
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error
    report([{ row: error.row, column: null, problem: t(error.messageKey, error.params) }])
  } finally {
    // Nothing may still be writing when the transaction ends, whichever way it ends.
    await Promise.allSettled(writes)
  }
  if (outcome.problemCount === 0 && !job.dryRun) {
    await markImport(tx.db, job.importId, {
      status: 'imported',
      dryRun: false,
      finishedAt: new Date(),
      rowsRead: outcome.rowsRead,
      rowsNew: outcome.rowsNew,
      rowsAlready: outcome.rowsAlready,
      formulaLike: outcome.formulaLike,
      problemCount: 0,
      problems: [],
    })
    await recordAudit(
      tx.db,
      {
        actor: job.actor,
        action: 'responses.imported',
        entityType: 'import',
        entityId: job.importId,
        details: {
          consultationId: job.consultationId,
          rowsRead: outcome.rowsRead,
          rowsNew: outcome.rowsNew,
          rowsAlready: outcome.rowsAlready,
        },
      },
      job.at,
    )
  }
  return outcome
}

/**
 * Reads, checks and (unless a dry run) stores every row of the file in one transaction; any
 * problem and nothing is stored. The outcome says what was (or would be) added and found.
 */
export function runImport(database: DatabaseHandle, job: ImportJob): Promise<ImportOutcome> {
  return withBulkTransaction(database, (tx) => importInTransaction(tx, job), {
    commitIf: (outcome) => !job.dryRun && outcome.problemCount === 0,
  })
}
