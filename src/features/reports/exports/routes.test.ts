import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { createStaff, createTestApp, signedInAs, type TestApp } from '../../../testing/app.js'

describe('staff download every response', () => {
  let t: TestApp
  let consultationId: string
  let exportUrl: string
  let total: number
  const formula = '=HYPERLINK("http://evil.example","Click")'
  const contactEmail = 'export.contact@example.org'
  let formulaReference: string
  let excludedReference: string
  let lateReference: string
  const staff = {
    manager: {
      email: 'manager@example.org',
      displayName: 'Mo Manager',
      roles: ['consultation_manager'] as const,
    },
    analyst: { email: 'analyst@example.org', displayName: 'Ali Analyst', roles: ['analyst'] as const },
    keyer: { email: 'keyer@example.org', displayName: 'Kay Keyer', roles: ['data_entry'] as const },
  }

  before(async () => {
    t = await createTestApp({ referenceResponses: 150 })
    await createStaff(t, staff)
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    consultationId = consultation.id
    exportUrl = `/admin/consultations/${consultationId}/responses/export`
    const db = t.database.db
    const picked = await db
      .selectFrom('responses')
      .select(['id', 'reference'])
      .where('consultation_id', '=', consultationId)
      .orderBy('reference')
      .limit(3)
      .execute()
    const [withFormula, excluded, late] = picked
    if (!withFormula || !excluded || !late) throw new Error('the demo has too few responses')
    formulaReference = withFormula.reference
    excludedReference = excluded.reference
    lateReference = late.reference
    await sql`update responses set answers = jsonb_set(answers, '{overall_comments}', to_jsonb(${formula}::text))
      where id = ${withFormula.id}`.execute(db)
    await db.deleteFrom('respondent_contacts').where('response_id', '=', withFormula.id).execute()
    await db
      .insertInto('respondent_contacts')
      .values({
        response_id: withFormula.id,
        name: 'Sam Sender',
        email: contactEmail,
        consent_to_contact: true,
      })
      .execute()
    await db
      .updateTable('responses')
      .set({ status: 'excluded', excluded_at: new Date(), exclusion_reason: 'Test entry' })
      .where('id', '=', excluded.id)
      .execute()
    await db
      .updateTable('responses')
      .set({
        late: true,
        late_decision: 'refused',
        late_decided_at: new Date(),
        late_decision_reason: 'Too late',
      })
      .where('id', '=', late.id)
      .execute()
    const counted = await db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    total = Number(counted.n)
  })
  after(() => t.close())

  const download = async (who: { email: string }, format: string, variant = 'analysis') =>
    (await signedInAs(t, who.email)).get(`${exportUrl}/download?format=${format}&variant=${variant}`)

  test('the responses list links to the export page, which explains what is counted', async () => {
    const browser = await signedInAs(t, staff.analyst.email)
    const list = await browser.get(`/admin/consultations/${consultationId}/responses`)
    assert.match(list.body, new RegExp(`href="${exportUrl}">Download all responses<`))
    const page = await browser.get(exportUrl)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Counted responses are those not excluded by staff/)
    assert.match(page.body, /Your role does not allow contact details/)
  })

  test('a CSV parses back with every response, formulas neutralised, counted stated, no-store and audited', async () => {
    const response = await download(staff.analyst, 'csv')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.match(String(response.headers['content-disposition']), /attachment; filename=".+-responses\.csv"/)
    const rows: Record<string, string>[] = parse(response.body, { columns: true })
    assert.equal(rows.length, total)
    const byReference = new Map(rows.map((r) => [r.reference, r]))
    assert.equal(byReference.get(formulaReference)?.overall_comments, `'${formula}`)
    assert.equal(byReference.get(excludedReference)?.counted, 'false')
    assert.equal(byReference.get(excludedReference)?.not_counted_because, 'excluded')
    assert.equal(byReference.get(excludedReference)?.exclusion_reason, 'Test entry')
    assert.equal(byReference.get(lateReference)?.not_counted_because, 'late_refused')
    assert.equal(rows.filter((r) => r.counted === 'true').length, total - 2)
    // The analyst's role is not allowed contact details.
    assert.ok(!Object.keys(rows[0] ?? {}).some((name) => name.startsWith('contact_')))
    assert.doesNotMatch(response.body, new RegExp(contactEmail))

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_label', 'details'])
      .where('action', '=', 'responses.exported')
      .where('entity_id', '=', consultationId)
      .execute()
    assert.ok(
      audit.some(
        (a) =>
          a.actor_label === staff.analyst.email &&
          JSON.stringify(a.details) ===
            JSON.stringify({ format: 'csv', variant: 'analysis', withContacts: false }),
      ),
    )
  })

  test('a manager gets contact details in the full download', async () => {
    const rows: Record<string, string>[] = parse((await download(staff.manager, 'csv')).body, {
      columns: true,
    })
    const sent = rows.find((r) => r.reference === formulaReference)
    assert.equal(sent?.contact_email, contactEmail)
    assert.equal(sent?.contact_name, 'Sam Sender')
    assert.equal(sent?.consent_to_contact, 'true')
  })

  test('an XLSX opens with a README sheet and every response, the formula kept as text', async () => {
    const response = await download(staff.manager, 'xlsx')
    assert.equal(response.statusCode, 200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const [readme, sheet] = workbook.worksheets
    if (!readme || !sheet) throw new Error('expected two sheets')
    assert.equal(readme.name, 'README')
    const readmeText = JSON.stringify(readme.getSheetValues())
    assert.match(readmeText, /Counted responses are those not excluded by staff/)
    assert.match(readmeText, /not_counted_because/)
    assert.equal(sheet.actualRowCount, total + 1)
    const headings = (sheet.getRow(1).values as unknown[]).slice(1)
    const column = (name: string) => headings.indexOf(name) + 1
    assert.ok(column('contact_email') > 0)
    let found = false
    sheet.eachRow((row) => {
      if (row.getCell(column('reference')).value !== formulaReference) return
      found = true
      const cell = row.getCell(column('overall_comments'))
      assert.equal(cell.type, ExcelJS.ValueType.String)
      assert.equal(cell.value, formula)
      assert.equal(row.getCell(column('contact_email')).value, contactEmail)
      assert.equal(row.getCell(column('counted')).value, true)
    })
    assert.ok(found)
  })

  test('JSON lines give one response a line, with typed values', async () => {
    const response = await download(staff.analyst, 'jsonl')
    assert.equal(response.statusCode, 200)
    const lines = response.body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.equal(lines.length, total)
    const excluded = lines.find((l) => l.reference === excludedReference)
    assert.equal(excluded.counted, false)
    assert.equal(excluded.late, false)
    assert.equal(lines.find((l) => l.reference === formulaReference).overall_comments, formula)
    assert.ok(lines.every((l) => !('contact_email' in l)))
  })

  test('open data leaves out free text, postcodes, references, staff notes and contacts, even for a manager', async () => {
    const response = await download(staff.manager, 'csv', 'open-data')
    assert.equal(response.statusCode, 200)
    assert.match(String(response.headers['content-disposition']), /-responses-open-data\.csv"/)
    const rows: Record<string, string>[] = parse(response.body, { columns: true })
    assert.equal(rows.length, total)
    const columns = Object.keys(rows[0] ?? {})
    const questionnaire = await t.services.consultations.getLatestQuestionnaire(consultationId)
    const freeText = questionnaire.definition.sections
      .flatMap((s) => s.questions)
      .filter((q) => q.type === 'free_text' || q.type === 'postcode')
      .map((q) => q.key)
    assert.ok(freeText.length > 0)
    for (const name of [
      ...freeText,
      'reference',
      'exclusion_reason',
      'late_decision_reason',
      'contact_email',
    ])
      assert.ok(!columns.includes(name), name)
    assert.ok(columns.includes('p1_agreement'))
    assert.deepEqual(
      rows.map((r) => Number(r.row)),
      rows.map((_r, i) => i + 1),
    )
    // No comment anyone wrote appears anywhere in the file.
    const comments = await t.database.db
      .selectFrom('responses')
      .select(sql<string>`answers ->> 'overall_comments'`.as('comment'))
      .where('consultation_id', '=', consultationId)
      .where(sql<boolean>`length(answers ->> 'overall_comments') > 20`)
      .execute()
    assert.ok(comments.length > 0)
    for (const { comment } of comments) assert.ok(!response.body.includes(comment), comment)
    assert.doesNotMatch(response.body, /HYPERLINK|Test entry/)
  })

  test('a choice left out or not offered is refused on the page; a role without responses is refused', async () => {
    const bad = await download(staff.analyst, 'pdf', '')
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /Select a format/)
    assert.match(bad.body, /Select what the download is for/)
    const keyer = await signedInAs(t, staff.keyer.email)
    assert.equal((await keyer.get(exportUrl)).statusCode, 403)
    assert.equal((await keyer.get(`${exportUrl}/download?format=csv&variant=analysis`)).statusCode, 403)
  })
})
