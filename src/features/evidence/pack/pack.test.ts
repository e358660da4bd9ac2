import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import yauzl from 'yauzl'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../../testing/app.js'

/** Every file in a zip, by its path. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error) return reject(error)
      const files = new Map<string, Buffer>()
      archive.on('entry', (entry: yauzl.Entry) => {
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks))
            archive.readEntry()
          })
        })
      })
      archive.on('end', () => resolve(files))
      archive.on('error', reject)
      archive.readEntry()
    })
  })
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

describe('the evidence pack of the reference consultation', () => {
  let t: TestApp
  let staff: TestStaff<'consultation_manager' | 'observer'>
  let evidenceUrl: string
  let files: Map<string, Buffer>
  let zip: Buffer

  before(async () => {
    t = await createTestApp({ referenceResponses: 300 })
    staff = await createStaff(t, onePerRole(['consultation_manager', 'observer'] as const))
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    evidenceUrl = `/admin/consultations/${consultation.id}/evidence`
    const manager = await staff.as('consultation_manager')
    const requested = await manager.postFrom(evidenceUrl, evidenceUrl, {})
    assert.equal(requested.statusCode, 303)
    const building = await manager.get(evidenceUrl)
    assert.match(building.body, /Waiting to start/)
    assert.equal(await t.runJobs(), 1)
    const ready = await manager.get(evidenceUrl)
    assert.match(ready.body, /Ready/)
    const href = /href="([^"]+\/download)"/.exec(ready.body)?.[1]
    assert.ok(href, 'a download link once the pack is built')
    const download = await manager.get(href)
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'application/zip')
    zip = download.rawPayload
    files = await unzip(zip)
  })
  after(() => t.close())

  test('the manifest lists every other file with a SHA-256 that matches it', () => {
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}') as {
      consultation: { slug: string }
      files: { path: string; bytes: number; sha256: string }[]
    }
    assert.equal(manifest.consultation.slug, referenceSlug)
    assert.deepEqual(
      manifest.files.map((f) => f.path).sort(),
      [...files.keys()].filter((p) => p !== 'manifest.json').sort(),
    )
    for (const entry of manifest.files) {
      const content = files.get(entry.path)
      assert.ok(content, entry.path)
      assert.equal(sha256(content), entry.sha256, `${entry.path} matches its hash`)
      assert.equal(content.length, entry.bytes)
    }
    for (const expected of [
      'index.html',
      'index.pdf',
      'records/evidence.csv',
      'records/evidence.json',
      'records/late-returns.csv',
      'audit/audit.jsonl',
    ])
      assert.ok(files.has(expected), expected)
  })

  test('each principle is evidenced by dated records or shown as a gap, never left out', () => {
    const assessed = JSON.parse(files.get('records/evidence.json')?.toString('utf8') ?? '[]') as {
      principle: string
      status: string
      records: { title: string; date: string | null }[]
      gaps: { text: string }[]
    }[]
    const byId = new Map(assessed.map((p) => [p.principle, p]))
    assert.deepEqual(
      [...byId.keys()],
      [
        'gunning-1',
        'gunning-2',
        'gunning-3',
        'gunning-4',
        'duty-to-involve',
        'equality-duty',
        'health-scrutiny',
        'consultation-principles',
      ],
    )
    for (const p of assessed) assert.ok(p.records.length > 0 || p.gaps.length > 0, p.principle)
    const gunning3 = byId.get('gunning-3')
    assert.ok(
      gunning3?.records.some((r) => r.title === 'Open for 12 weeks' && r.date === '2021-05-23T23:00:00.000Z'),
    )
    assert.ok(gunning3?.records.some((r) => r.title === 'Status changed from Open to Closed'))
    const gunning1 = byId.get('gunning-1')
    assert.ok(gunning1?.records.some((r) => r.title.startsWith('Proposal 1:')))
    assert.ok(byId.get('gunning-2')?.records.some((r) => r.date === '2021-05-17T09:00:00.000Z'))
    // What is not yet recorded shows as a gap, in words that say where to record it.
    assert.equal(byId.get('gunning-4')?.status, 'gap')
    assert.ok(
      byId
        .get('gunning-4')
        ?.gaps.some((g) => /No version of the Report of Findings is approved yet/.test(g.text)),
    )
    assert.equal(byId.get('health-scrutiny')?.status, 'gap')
    assert.ok(byId.get('duty-to-involve')?.records.length)

    const html = files.get('index.html')?.toString('utf8') ?? ''
    assert.match(html, /<html lang="en-GB">/)
    assert.match(html, /<h2 id="gunning-3">Gunning 3: adequate time<\/h2>/)
    assert.match(html, /Open for 12 weeks/)
    assert.match(html, /class="status gap">Gap</)
  })

  test('the index PDF is tagged, with a language, a title and headings', () => {
    const pdf = files.get('index.pdf')?.toString('latin1') ?? ''
    assert.ok(pdf.startsWith('%PDF-1.7'))
    assert.match(pdf, /\/StructTreeRoot/)
    assert.match(pdf, /\/Marked true/)
    assert.match(pdf, /\/Lang \(en-GB\)/)
    assert.match(pdf, /\/DisplayDocTitle true/)
    assert.match(pdf, /\/S \/H1/)
    assert.match(pdf, /\/S \/H2/)
  })

  test("the audit export holds the consultation's entries, which the guide's verifier checks, and the pack's own hash is audited", async () => {
    const audit = files.get('audit/audit.jsonl') ?? Buffer.alloc(0)
    const lines = audit
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; consultationId: string })
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    assert.ok(lines.some((l) => l.action === 'consultation.created'))
    assert.ok(lines.every((l) => l.consultationId === consultation.id))

    const folder = mkdtempSync(path.join(tmpdir(), 'heard-pack-'))
    try {
      const file = path.join(folder, 'audit.jsonl')
      writeFileSync(file, audit)
      const checked = spawnSync(process.execPath, ['docs/guide/verify-audit-export.mjs', file], {
        encoding: 'utf8',
      })
      assert.equal(checked.status, 0, checked.stderr)
      assert.match(checked.stdout, new RegExp(`^${lines.length} entries hold\\.`))
      const forged = audit.toString('utf8').replace('"consultation.created"', '"consultation.deleted"')
      writeFileSync(file, forged)
      const refused = spawnSync(process.execPath, ['docs/guide/verify-audit-export.mjs', file], {
        encoding: 'utf8',
      })
      assert.equal(refused.status, 1)
      assert.match(refused.stderr, /Entry \d+ is broken: its hash does not match/)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }

    const built = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'evidence_pack.built')
      .executeTakeFirstOrThrow()
    assert.equal(built.details.sha256, sha256(zip))
  })

  test('only those who may read the audit may build or download a pack; an unknown pack is not found', async () => {
    const observer = await staff.as('observer')
    assert.equal((await observer.get(evidenceUrl)).statusCode, 403)
    const manager = await staff.as('consultation_manager')
    const unknown = await manager.get(`${evidenceUrl}/00000000-0000-4000-8000-000000000000/download`)
    assert.equal(unknown.statusCode, 404)
    assert.equal((await manager.get(`${evidenceUrl}/not-a-pack/download`)).statusCode, 404)
  })
})
