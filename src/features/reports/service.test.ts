import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import JSZip from 'jszip'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { publishReferenceReport } from '../../demo/reference-report.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { createTestApp, type TestApp } from '../../testing/app.js'
import { ApprovalRefusedError } from './service.js'

/** Every structure type in a PDF's tag tree, read by walking StructTreeRoot's kids. */
async function structureTypes(pdf: Buffer): Promise<Set<string>> {
  const doc = await PDFDocument.load(pdf)
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict)
  const types = new Set<string>()
  const walk = (node: unknown) => {
    if (!(node instanceof PDFDict)) return
    const type = node.get(PDFName.of('S'))
    if (type instanceof PDFName) types.add(type.decodeText())
    const kids = node.lookup(PDFName.of('K'))
    if (kids instanceof PDFDict) walk(kids)
    else if (kids && 'asArray' in kids && typeof kids.asArray === 'function')
      for (const kid of kids.asArray()) walk(doc.context.lookup(kid))
  }
  walk(root)
  return types
}

describe('reports of findings', () => {
  let t: TestApp
  let consultationId: string

  before(async () => {
    t = await createTestApp({ referenceResponses: 200 })
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
  })
  after(() => t.close())

  test('a new draft is refused approval with every reason: no figures, then placeholder text', async () => {
    const reports = t.services.reports
    await reports.startDraft(consultationId, systemActor)
    await assert.rejects(reports.approve(consultationId, systemActor), (error: unknown) => {
      assert.ok(error instanceof ApprovalRefusedError)
      const reasons = error.refusals.map((r) => r.reason)
      assert.ok(reasons.includes('no_evidence'))
      assert.equal(reasons.filter((r) => r === 'placeholder').length, 7)
      return true
    })
    await reports.gatherEvidence(consultationId, systemActor)
    await assert.rejects(reports.approve(consultationId, systemActor), (error: unknown) => {
      assert.ok(error instanceof ApprovalRefusedError)
      assert.deepEqual(new Set(error.refusals.map((r) => r.reason)), new Set(['placeholder']))
      return true
    })
    const draft = await t.database.db.selectFrom('report_versions').select('status').executeTakeFirstOrThrow()
    assert.equal(draft.status, 'draft')
  })

  test('figures gathered before more responses arrive are refused as stale', async () => {
    const reports = t.services.reports
    const { draft } = await reports.overview(consultationId)
    const sections = (draft?.sections ?? []) as { heading: string }[]
    for (const [i, s] of sections.entries())
      await reports.updateSection(
        consultationId,
        i,
        { heading: s.heading, text: 'Written.', included: true },
        systemActor,
      )
    await t.database.db
      .updateTable('responses')
      .set({ status: 'excluded', excluded_at: new Date(), exclusion_reason: 'A test duplicate' })
      .where('id', '=', (eb) =>
        eb.selectFrom('responses').select('id').where('consultation_id', '=', consultationId).limit(1),
      )
      .execute()
    await assert.rejects(reports.approve(consultationId, systemActor), (error: unknown) => {
      assert.ok(error instanceof ApprovalRefusedError)
      assert.deepEqual(error.refusals, [{ reason: 'stale_evidence', changed: ['counted'] }])
      return true
    })
    await reports.gatherEvidence(consultationId, systemActor)
    const approved = await reports.approve(consultationId, systemActor)
    assert.equal(approved.version, 1)
    assert.match(approved.hash, /^[0-9a-f]{64}$/)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'report.approved')
      .execute()
    assert.equal(audit.length, 1)
  })

  test('an approved snapshot never changes when the data does, and a new version lists what changed', async () => {
    const reports = t.services.reports
    const before = await reports.approvedVersion(consultationId)
    await t.database.db
      .updateTable('responses')
      .set({ status: 'excluded', excluded_at: new Date(), exclusion_reason: 'A test duplicate' })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('responses')
          .select('id')
          .where('consultation_id', '=', consultationId)
          .where('status', '=', 'submitted')
          .limit(5),
      )
      .execute()
    await reports.startDraft(consultationId, systemActor)
    await reports.updateSection(
      consultationId,
      0,
      { heading: 'Executive summary', text: 'Rewritten after more exclusions.', included: true },
      systemActor,
    )
    await reports.gatherEvidence(consultationId, systemActor)
    const second = await reports.approve(consultationId, systemActor)
    assert.equal(second.version, 2)
    assert.ok(second.changes.includes('Rewrote the section “Executive summary”.'), second.changes.join(' | '))
    assert.ok(
      second.changes.some((c) => c.startsWith('The responses counted changed from')),
      second.changes.join(' | '),
    )
    const first = await reports.approvedVersion(consultationId, 1)
    assert.deepEqual(first.snapshot, before.snapshot)
    assert.equal(first.hash, before.hash)
    const published = await reports.published(referenceSlug)
    assert.equal(published?.snapshot.version, 2)
  })

  test('the PDF is tagged, with language, title, headings, table headers and figures with alt text', async () => {
    const { body } = await t.services.reports.build(consultationId, 'full', 'pdf')
    const pdf = await PDFDocument.load(body)
    assert.equal(pdf.getTitle(), 'Step up to Great Mental Health: Report of Findings')
    const mark = pdf.catalog.lookup(PDFName.of('MarkInfo'), PDFDict)
    assert.equal(String(mark.get(PDFName.of('Marked'))), 'true')
    assert.equal(String(pdf.catalog.get(PDFName.of('Lang'))), '(en-GB)')
    const types = await structureTypes(body)
    for (const type of ['Document', 'Sect', 'H1', 'H2', 'H3', 'P', 'Table', 'TR', 'TH', 'TD', 'Figure'])
      assert.ok(types.has(type), `no ${type} in ${[...types].join(' ')}`)
    assert.ok(pdf.catalog.get(PDFName.of('Outlines')), 'no bookmarks')
    // PDF/UA: every font is embedded, none of PDFKit's standard 14 left to the reader.
    const descriptors = pdf.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (o): o is PDFDict => o instanceof PDFDict && String(o.get(PDFName.of('Type'))) === '/FontDescriptor',
      )
    assert.ok(descriptors.length >= 2)
    for (const d of descriptors)
      assert.ok(d.get(PDFName.of('FontFile2')), `${d.get(PDFName.of('FontName'))} not embedded`)
    const fonts = pdf.context
      .enumerateIndirectObjects()
      .flatMap(([, o]) => (o instanceof PDFDict && String(o.get(PDFName.of('Type'))) === '/Font' ? [o] : []))
    for (const f of fonts) assert.match(String(f.get(PDFName.of('BaseFont'))), /DejaVuSans/)
  })

  test('the DOCX has heading styles, a table of contents field and table header rows', async () => {
    const { body } = await t.services.reports.build(consultationId, 'full', 'docx')
    const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string')
    assert.ok(xml)
    assert.match(xml, /<w:pStyle w:val="Heading1"\/>/)
    assert.match(xml, /<w:pStyle w:val="Heading2"\/>/)
    assert.ok(/TOC \\h \\o &quot;1-2&quot;/.test(xml), 'no table of contents field')
    assert.match(xml, /<w:tblHeader\/>/)
    // Charts are pictures with their figures in words as alternative text.
    const zip = await JSZip.loadAsync(body)
    const pictures = Object.keys(zip.files).filter((name) => /^word\/media\/.*\.png$/.test(name))
    assert.ok(pictures.length >= 3, `pictures: ${pictures.join(', ')}`)
    const png = await zip.file(pictures[0] ?? '')?.async('nodebuffer')
    assert.equal(png?.subarray(1, 4).toString(), 'PNG')
    assert.match(xml, /<wp:docPr [^>]*descr="Bar chart of [^"]+%/)
  })

  test('every edition builds in every format, and Easy Read keeps to short sentences with pictures', async () => {
    for (const edition of ['full', 'summary', 'easy-read'] as const)
      for (const format of ['html', 'docx', 'pdf', 'xlsx'] as const) {
        const { body } = await t.services.reports.build(consultationId, edition, format)
        assert.ok(body.length > 1000, `${edition} ${format}`)
      }
    const full = (await t.services.reports.build(consultationId, 'full', 'html')).body.toString()
    assert.match(full, /: respondents against the population/)
    assert.match(full, /data-testid="report-table-reach_area"/)
    const html = (await t.services.reports.build(consultationId, 'easy-read', 'html')).body.toString()
    assert.match(html, /class="heard-report heard-report--large"/)
    assert.match(html, /people agreed with idea 1\.|agreed with idea 1, but not most\./)
    const sentences = [...html.matchAll(/<div class="heard-easy-read-idea">[\s\S]*?<p>([^<]*)<\/p>/g)].map(
      (m) => m[1] ?? '',
    )
    assert.ok(sentences.length >= 4)
    for (const s of sentences) assert.ok(s.split(/\s+/).length <= 15, s)
  })

  test('the demo publishes the reference report from its data', async () => {
    const other = await createTestApp({ referenceResponses: 50 })
    try {
      const id = (await other.services.consultations.getBySlug(referenceSlug)).id
      const { version } = await publishReferenceReport(other.services.reports, id)
      assert.equal(version, 1)
      assert.equal((await other.services.reports.published(referenceSlug))?.snapshot.version, 1)
    } finally {
      await other.close()
    }
  })
})
