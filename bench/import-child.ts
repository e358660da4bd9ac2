import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { sql } from 'kysely'
import { createConsultationService } from '../src/features/consultations/index.js'
import {
  copyImportedResponses,
  createImportService,
  generateReference,
  type ImportedResponse,
  importBatchSize,
} from '../src/features/responses/index.js'
import { withBulkTransaction } from '../src/platform/db/bulk-transaction.js'
import { openDatabase } from '../src/platform/db/database.js'
import { migrateToLatest } from '../src/platform/db/migrate.js'
import { createBenchConsultation } from './bench-consultation.js'
import { benchMapping, benchRow, writeBenchCsv } from './import-rows.js'
import { memoryMb, sampleRss } from './rss-sampler.js'

// One phase of the import benchmark, each in a process of its own so that the import's peak
// memory is the import's alone, as in a worker that opens an existing database and runs imports:
//   node dist/bench/import-child.js <phase> <pglite|postgres> <data folder|URL> <rows> <csv file> <upload limit bytes> <PGlite buffers MB>
// prepare: migrates, creates the consultation, writes the CSV and uploads it (as the web server does);
// raw: COPYs the same rows, already made, straight into responses, then empties it again;
// import: runs the stored import, sampling the process's memory.
// Each prints one line of JSON with its figures.

const [phase, kind, where, rowsArg, csvFile, limitArg, buffersArg] = process.argv.slice(2)
if (!phase || !kind || !where || !rowsArg || !csvFile || !limitArg || !buffersArg)
  throw new Error('usage: import-child <prepare|raw|import> <kind> <where> <rows> <csv> <limit> <buffers MB>')
const rows = Number(rowsArg)
const log = (line: string) => process.stderr.write(`${line}\n`)
const load = () => Number((loadavg()[0] ?? 0).toFixed(2))
const slug = 'bench-import'

const database = await openDatabase(
  kind === 'postgres'
    ? { databaseUrl: where, dataDir: 'memory://' }
    : { databaseUrl: undefined, dataDir: where, pgliteBuffersMb: Number(buffersArg) },
)
const now = () => new Date()
const consultations = createConsultationService({ db: database.db, now })
const imports = createImportService({ database, now, consultations, uploadLimitBytes: Number(limitArg) })
const actor = { userId: null, label: 'bench' }

async function benchImport() {
  const consultation = await consultations.getBySlug(slug)
  const found = await sql<{ id: string }>`
    select id from imports where consultation_id = ${consultation.id} order by created_at desc limit 1
  `.execute(database.db)
  const importId = found.rows[0]?.id
  if (!importId) throw new Error('prepare the import benchmark first')
  return { consultation, importId }
}

async function prepare() {
  await migrateToLatest(database.db)
  const consultation = await createBenchConsultation(consultations, {
    slug,
    title: 'Import benchmark',
    summary: 'Responses imported in bulk.',
  })
  log(`writing ${rows} rows of CSV`)
  await writeBenchCsv(csvFile as string, rows)
  const bytes = (await stat(csvFile as string)).size
  log(`uploading ${(bytes / 1024 / 1024).toFixed(0)} MB`)
  const peak = sampleRss()
  const started = performance.now()
  const uploaded = await imports.upload(
    consultation.id,
    { fileName: 'bench.csv', stream: createReadStream(csvFile as string) },
    actor,
  )
  const uploadSeconds = (performance.now() - started) / 1000
  await imports.setMapping(uploaded.importId, benchMapping, null)
  return { bytes, uploadSeconds, uploadPeakRssMb: peak().peakRssMb, load: load() }
}

// The same rows the import stores, made in this process and written in the same batches: what
// the database alone takes. The table is emptied before and after, so every phase starts alike.
async function raw() {
  const { consultation, importId } = await benchImport()
  const questionnaire = await consultations.getPublishedQuestionnaire(consultation.id)
  if (!questionnaire) throw new Error('no questionnaire')
  await sql`truncate responses cascade`.execute(database.db)
  const loadBefore = load()
  const started = performance.now()
  await withBulkTransaction(database, async (tx) => {
    const target = { consultationId: consultation.id, versionId: questionnaire.id, importId, at: new Date() }
    for (let first = 1; first <= rows; first += importBatchSize) {
      const batch: ImportedResponse[] = []
      for (let i = first; i < first + importBatchSize && i <= rows; i++) {
        batch.push({
          reference: `${generateReference()}${i.toString(36)}`,
          submissionKey: `import:${consultation.id}:id:R${i}`,
          rowKey: `id:R${i}`,
          answersJson: JSON.stringify(benchRow(i).answers),
          identity: null,
        })
      }
      await copyImportedResponses(tx.copy, target, batch)
    }
  })
  const seconds = (performance.now() - started) / 1000
  const loadAfter = load()
  await sql`truncate responses cascade`.execute(database.db)
  return { seconds, rate: rows / seconds, load: [loadBefore, loadAfter] }
}

async function runImport() {
  const { importId } = await benchImport()
  const idleRssMb = process.memoryUsage.rss() / 1024 / 1024
  const idleMb = memoryMb()
  const peak = sampleRss()
  const loadBefore = load()
  const started = performance.now()
  const outcome = await imports.run({ importId, dryRun: false, actor })
  const seconds = (performance.now() - started) / 1000
  const loadAfter = load()
  const { peakRssMb, atPeak } = peak()
  const endMb = memoryMb()
  if (outcome.problemCount > 0 || outcome.rowsNew !== rows)
    throw new Error(`import did not store every row: ${JSON.stringify(outcome).slice(0, 500)}`)
  return {
    seconds,
    rate: rows / seconds,
    peakRssMb,
    idleRssMb,
    idleMb,
    atPeakMb: atPeak,
    endMb,
    load: [loadBefore, loadAfter],
  }
}

const phases = { prepare, raw, import: runImport }
const run = phases[phase as keyof typeof phases]
if (!run) throw new Error(`unknown phase ${phase}`)
try {
  process.stdout.write(`${JSON.stringify(await run())}\n`)
} finally {
  await database.close()
}
