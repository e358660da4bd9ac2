import { createWriteStream } from 'node:fs'
import { stat, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sql } from 'kysely'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import { createConsultationService } from '../src/features/consultations/index.js'
import { createExportService } from '../src/features/reports/index.js'
import { generateReference } from '../src/features/responses/index.js'
import { copyOut, withBulkCopy } from '../src/platform/db/bulk-copy.js'
import { openDatabase } from '../src/platform/db/database.js'
import { migrateToLatest } from '../src/platform/db/migrate.js'
import { createBenchConsultation } from './bench-consultation.js'
import { benchRow } from './import-rows.js'
import { sampleRss } from './rss-sampler.js'

// One phase of the export benchmark, each in a process of its own so that an export's peak memory
// is the export's alone, as in a worker or web process that opens the database and streams a file:
//   node dist/bench/export-child.js <phase> <pglite|postgres> <data folder|URL> <rows> <out file> <PGlite buffers MB>
// prepare: migrates, creates the consultation and COPYs the rows in, a quarter with contact details;
// raw: a COPY … TO of the same rows and columns, joined and ordered as the export reads them;
// csv, xlsx: the export service writing the file, sampling the process's memory.
// Each prints one line of JSON with its figures.

const [phase, kind, where, rowsArg, outFile, buffersArg] = process.argv.slice(2)
if (!phase || !kind || !where || !rowsArg || !outFile || !buffersArg)
  throw new Error('usage: export-child <prepare|raw|csv|xlsx> <kind> <where> <rows> <out file> <buffers MB>')
const rows = Number(rowsArg)
const log = (line: string) => process.stderr.write(`${line}\n`)
const load = () => Number((loadavg()[0] ?? 0).toFixed(2))
const slug = 'bench-export'
const batch = 5000

const database = await openDatabase(
  kind === 'postgres'
    ? { databaseUrl: where, dataDir: 'memory://' }
    : { databaseUrl: undefined, dataDir: where, pgliteBuffersMb: Number(buffersArg) },
)
const now = () => new Date()
const consultations = createConsultationService({ db: database.db, now })
// As the app wires it (src/app/services.ts): on PostgreSQL the database writes the CSV with COPY.
const exportService = createExportService({
  db: database.db,
  now,
  consultations,
  ...(kind === 'postgres'
    ? { copyOut: (statement: string, output: Writable) => copyOut(database, statement, output) }
    : {}),
})

async function prepare() {
  await migrateToLatest(database.db)
  const consultation = await createBenchConsultation(consultations, {
    slug,
    title: 'Export benchmark',
    summary: 'Responses exported in bulk.',
  })
  const questionnaire = await consultations.getLatestQuestionnaire(consultation.id)
  const started = performance.now()
  const at = new Date()
  const columns = [
    'consultation_id',
    'questionnaire_version_id',
    'reference',
    'submission_key',
    'channel',
    'answers',
    'submitted_at',
    'received_at',
  ]
  await withBulkCopy(database, async (copy) => {
    for (let first = 1; first <= rows; first += batch) {
      const values = []
      for (let i = first; i < first + batch && i <= rows; i++)
        values.push([
          consultation.id,
          questionnaire.id,
          `${generateReference()}${i.toString(36)}`,
          `bench:${i}`,
          'online',
          JSON.stringify(benchRow(i).answers),
          at,
          at,
        ])
      await copy('responses', columns, values)
      if (first % 100_000 === 1) log(`stored ${first - 1} rows`)
    }
  })
  await sql`
    insert into respondent_contacts (response_id, name, email, consent_to_contact)
    select id, 'Person ' || reference, lower(reference) || '@example.org', true
    from responses where submission_key like '%0' or submission_key like '%4' or submission_key like '%8'
  `.execute(database.db)
  await sql`analyze responses; analyze respondent_contacts`.execute(database.db)
  return { seconds: (performance.now() - started) / 1000, load: load() }
}

/** The rows and columns the export writes, as the database alone would write them. */
async function raw() {
  const consultation = await consultations.getBySlug(slug)
  if (!/^[0-9a-f-]{36}$/.test(consultation.id)) throw new Error('not a uuid')
  const query = `copy (
      select r.reference, r.channel, r.status, r.answers, r.submitted_at, r.received_at, r.late,
        r.late_decision, r.late_decision_reason, r.exclusion_reason, r.responding_for,
        o.name, e.title, c.name, c.email, c.phone, c.postcode, c.consent_to_contact
      from responses r
      left join organisations o on o.id = r.partner_organisation_id
      left join events e on e.id = r.event_id
      left join respondent_contacts c on c.response_id = r.id
      where r.consultation_id = '${consultation.id}'
      order by r.reference
    ) to stdout with (format csv, header)`
  const loadBefore = load()
  const started = performance.now()
  if (database.pglite) {
    const result = await database.pglite.query(query.replace('to stdout', `to '/dev/blob'`))
    if (!result.blob) throw new Error('PGlite gave no blob')
    await writeFile(outFile as string, Buffer.from(await result.blob.arrayBuffer()))
  } else {
    const client = new pg.Client({ connectionString: database.connectionString })
    await client.connect()
    try {
      await pipeline(client.query(copyTo(query)), createWriteStream(outFile as string))
    } finally {
      await client.end()
    }
  }
  const seconds = (performance.now() - started) / 1000
  return { seconds, bytes: (await stat(outFile as string)).size, load: [loadBefore, load()] }
}

async function exportAs(format: 'csv' | 'xlsx') {
  const consultation = await consultations.getBySlug(slug)
  const idleRssMb = process.memoryUsage.rss() / 1024 / 1024
  const peak = sampleRss()
  const loadBefore = load()
  const started = performance.now()
  const prepared = await exportService.prepareResponseExport({
    consultation,
    format,
    variant: 'analysis',
    withContacts: true,
    actor: { userId: null, label: 'bench' },
  })
  const written = await prepared.writeTo(createWriteStream(outFile as string))
  const seconds = (performance.now() - started) / 1000
  const { peakRssMb, atPeak } = peak()
  if (written !== rows) throw new Error(`exported ${written} of ${rows} responses`)
  const bytes = (await stat(outFile as string)).size
  return { seconds, bytes, peakRssMb, idleRssMb, atPeakMb: atPeak, load: [loadBefore, load()] }
}

const phases = { prepare, raw, csv: () => exportAs('csv'), xlsx: () => exportAs('xlsx') }
const run = phases[phase as keyof typeof phases]
if (!run) throw new Error(`unknown phase ${phase}`)
try {
  process.stdout.write(`${JSON.stringify(await run())}\n`)
} finally {
  await database.close()
}
