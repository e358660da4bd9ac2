import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { PassThrough, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify as csv } from 'csv-stringify/sync'
import type { Kysely } from 'kysely'
import type { ConsultationRow, Database } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { fileLine, presentPackIndex } from './pack-index.js'
import { packIndexPdf } from './pdf.js'
import { assessPrinciples, type EvidenceSource } from './principles.js'
import { lateAndGrace } from './repository.js'

// Writes one consultation's evidence pack as a zip: the records, the audit export, a readable
// index (HTML and tagged PDF) and a manifest with the SHA-256 of every other file.

export interface ManifestFile {
  path: string
  bytes: number
  sha256: string
}

export type PackStage = 'collecting' | 'audit' | 'writing'

export interface PackWriter {
  db: Kysely<Database>
  sources: EvidenceSource[]
  /** Hands each of the consultation's audit entries, as an export line, to `write`, in chain order. */
  exportAudit(write: (line: string) => Promise<void>): Promise<number>
  /** Renders the HTML index from its template. */
  render(template: string, model: Record<string, unknown>): string
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

export async function writeEvidencePack(
  deps: PackWriter,
  consultation: ConsultationRow,
  output: Writable,
  options: { at: Date; onStage?: (stage: PackStage) => Promise<void> },
): Promise<ManifestFile[]> {
  const { at, onStage } = options
  await onStage?.('collecting')
  const found = await Promise.all(deps.sources.map((s) => s.collect()))
  const assessed = assessPrinciples(found, () => t('evidence.gaps.noRecords'))
  const { late } = await lateAndGrace(deps.db, consultation.id)

  // Loaded on first use: importing it is a sizeable share of every process's start-up (docs/testing.md).
  const { ZipArchive } = await import('archiver')
  const archive = new ZipArchive({ zlib: { level: 6 } })
  const written = pipeline(archive, output)
  const files: ManifestFile[] = []
  const add = (path: string, content: string | Buffer) => {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    files.push({ path, bytes: data.length, sha256: sha256(data) })
    archive.append(data, { name: path, date: at })
  }

  const rows = assessed.flatMap((p) => [
    ...p.records.map((r) => ({
      principle: p.id,
      kind: 'record',
      date: r.date?.toISOString() ?? '',
      title: r.title,
      detail: r.detail,
      source: r.source,
    })),
    ...p.gaps.map((g) => ({
      principle: p.id,
      kind: 'gap',
      date: '',
      title: g.text,
      detail: '',
      source: g.source,
    })),
  ])
  add('records/evidence.csv', csv(rows, { header: true, bom: true }))
  add(
    'records/evidence.json',
    JSON.stringify(
      assessed.map((p) => ({ principle: p.id, status: p.status, records: p.records, gaps: p.gaps })),
      null,
      2,
    ),
  )
  add(
    'records/late-returns.csv',
    csv(
      late.map((r) => ({
        reference: r.reference,
        channel: r.channel,
        received_at: new Date(r.received_at).toISOString(),
        decision: r.late_decision ?? 'undecided',
        decided_at: r.late_decided_at ? new Date(r.late_decided_at).toISOString() : '',
        decided_by: r.decided_by ?? '',
        reason: r.late_decision_reason ?? '',
      })),
      {
        header: true,
        bom: true,
        columns: ['reference', 'channel', 'received_at', 'decision', 'decided_at', 'decided_by', 'reason'],
      },
    ),
  )

  // The audit export streams into the zip as it is read, hashed on the way, so a long log is never
  // held whole.
  await onStage?.('audit')
  const audit = new PassThrough()
  const auditHash = createHash('sha256')
  let auditBytes = 0
  archive.append(audit, { name: 'audit/audit.jsonl', date: at })
  await deps.exportAudit(async (line) => {
    const data = Buffer.from(`${line}\n`, 'utf8')
    auditHash.update(data)
    auditBytes += data.length
    if (!audit.write(data)) await once(audit, 'drain')
  })
  audit.end()
  files.push({ path: 'audit/audit.jsonl', bytes: auditBytes, sha256: auditHash.digest('hex') })

  await onStage?.('writing')
  const index = presentPackIndex({ consultationTitle: consultation.title, builtAt: at, assessed })
  const listed = [...files]
  add(
    'index.html',
    deps.render('features/evidence/pack/views/index.njk', { index, files: listed.map(fileLine) }),
  )
  add('index.pdf', await packIndexPdf(index, listed))
  const manifest = {
    consultation: { id: consultation.id, slug: consultation.slug, title: consultation.title },
    builtAt: at.toISOString(),
    hash: 'SHA-256',
    files,
  }
  archive.append(JSON.stringify(manifest, null, 2), { name: 'manifest.json', date: at })
  await archive.finalize()
  await written
  return files
}
