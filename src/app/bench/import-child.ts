import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { sql } from 'kysely'
import { everyQuestionType } from '../../features/consultations/example-questionnaires.js'
import { createConsultationService } from '../../features/consultations/service.js'
import { copyImportedResponses, type ImportedResponse } from '../../features/responses/import-repository.js'
import { importBatchSize } from '../../features/responses/import-run.js'
import { createImportService } from '../../features/responses/import-service.js'
import { generateReference } from '../../features/responses/receipt-reference.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { withBulkTransaction } from '../../platform/db/bulk-transaction.js'
import { openDatabase } from '../../platform/db/database.js'
import { migrateToLatest } from '../../platform/db/migrate.js'
import { benchMapping, benchRow, writeBenchCsv } from './import-rows.js'

// Runs in a process of its own, so that its peak memory is the import's alone:
//   node --import tsx src/app/bench/import-child.ts <pglite|postgres> <data folder|database URL> <rows> <csv file>
// Prints one line of JSON with the figures.

const [kind, where, rowsArg, csvFile] = process.argv.slice(2)
if (!kind || !where || !rowsArg || !csvFile)
  throw new Error('usage: import-child <kind> <where> <rows> <csv file>')
const rows = Number(rowsArg)
const log = (line: string) => process.stderr.write(`${line}\n`)

const database = await openDatabase(
  kind === 'postgres'
    ? { databaseUrl: where, dataDir: 'memory://' }
    : { databaseUrl: undefined, dataDir: where },
)
await migrateToLatest(database.db)
// Only what an import needs is loaded, as in a worker that runs imports: the measured memory is
// the import's, not that of the analysis models other features load.
const now = () => new Date()
const consultations = createConsultationService({ db: database.db, now })
const imports = createImportService({
  database,
  now,
  consultations,
  uploadLimitBytes: 4 * 1024 * 1024 * 1024,
})
const consultationId = await consultations.createPublished(
  {
    slug: 'bench-import',
    title: 'Import benchmark',
    summary: 'Responses imported in bulk.',
    status: 'open',
    opensAt: new Date(Date.now() - 86_400_000),
    closesAt: new Date(Date.now() + 86_400_000),
    proposals: [],
    questionnaire: everyQuestionType,
  },
  systemActor,
)
const consultation = await consultations.getById(consultationId)
const questionnaire = await consultations.getPublishedQuestionnaire(consultation.id)
if (!questionnaire) throw new Error('no questionnaire')
const actor = { userId: null, label: 'bench' }

log(`writing ${rows} rows of CSV`)
await writeBenchCsv(csvFile, rows)
const bytes = (await stat(csvFile)).size

const idleRss = process.memoryUsage.rss()
let peakRss = idleRss
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
}, 50)

log(`uploading ${(bytes / 1024 / 1024).toFixed(0)} MB`)
const uploadStarted = performance.now()
const uploaded = await imports.upload(
  consultation.id,
  { fileName: 'bench.csv', stream: createReadStream(csvFile) },
  actor,
)
const uploadSeconds = (performance.now() - uploadStarted) / 1000
await imports.setMapping(uploaded.importId, benchMapping, null)

log('importing')
const importStarted = performance.now()
const outcome = await imports.run({ importId: uploaded.importId, dryRun: false, actor })
const importSeconds = (performance.now() - importStarted) / 1000
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage.rss())
if (outcome.problemCount > 0 || outcome.rowsNew !== rows)
  throw new Error(`import did not store every row: ${JSON.stringify(outcome).slice(0, 500)}`)

// The same rows, already made, straight into the same table in the same batches: what the
// database alone takes. The imported rows are removed first so both write into the same state.
await sql`delete from responses where import_id = ${uploaded.importId}`.execute(database.db)
await sql`vacuum responses`.execute(database.db)
log('raw COPY of the same rows')
const rawStarted = performance.now()
await withBulkTransaction(database, async (tx) => {
  const target = {
    consultationId: consultation.id,
    versionId: questionnaire.id,
    importId: uploaded.importId,
    at: new Date(),
  }
  for (let first = 1; first <= rows; first += importBatchSize) {
    const batch: ImportedResponse[] = []
    for (let i = first; i < first + importBatchSize && i <= rows; i++) {
      batch.push({
        reference: `${generateReference()}${i.toString(36)}`,
        submissionKey: `import:${consultation.id}:id:R${i}`,
        rowKey: `id:R${i}`,
        answers: benchRow(i).answers,
      })
    }
    await copyImportedResponses(tx.copy, target, batch)
  }
})
const rawSeconds = (performance.now() - rawStarted) / 1000

process.stdout.write(
  `${JSON.stringify({
    rows,
    bytes,
    uploadSeconds,
    importSeconds,
    importRate: rows / importSeconds,
    rawRate: rows / rawSeconds,
    peakRssMb: peakRss / 1024 / 1024,
    idleRssMb: idleRss / 1024 / 1024,
  })}\n`,
)
await database.close()
