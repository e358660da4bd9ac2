import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  type TestBrowser,
} from '../../../testing/app.js'

// The import pages: upload, map, preview, dry run, import, status; and who may use them.

let t: TestApp
let consultationId: string

before(async () => {
  t = await createTestApp()
  await publishOpenConsultation(t.services, 'import-pages')
  consultationId = (await t.services.consultations.getBySlug('import-pages')).id
})
after(() => t.close())

async function upload(browser: TestBrowser, data: Buffer, name: string) {
  const fields = await browser.formFields(`/admin/consultations/${consultationId}/imports`)
  const form = new FormData()
  for (const [field, value] of Object.entries(fields)) form.append(field, value)
  form.append('file', new Blob([data]), name)
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return t.app.inject({
    method: 'POST',
    url: `/admin/consultations/${consultationId}/imports`,
    payload: Buffer.from(await request.arrayBuffer()),
    headers: {
      'content-type': request.headers.get('content-type') ?? '',
      cookie: [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
    },
  })
}

async function settled(importId: string) {
  for (;;) {
    const row = await t.services.imports.getImport(importId)
    if (!['queued', 'checking', 'importing'].includes(row.status)) return row
    await sleep(50)
  }
}

test('a manager uploads, maps, previews, dry-runs and imports a file; the status page reports it', async () => {
  const browser = await signedInStaff(t, 'consultation_manager')
  const csv = 'Ref,How do you usually travel to appointments?,Tell us why\nA1,Bus,"far, and slow"\nA2,Walk,\n'
  const uploaded = await upload(browser, Buffer.from(csv), 'event.csv')
  assert.equal(uploaded.statusCode, 303)
  const importUrl = uploaded.headers.location ?? ''
  const importId = importUrl.split('/').at(-1) ?? ''

  const page = await browser.get(importUrl)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /The first rows as they would be stored/)
  assert.match(page.body, /far, and slow/)

  const fields = await browser.formFields(importUrl)
  const mapped = await browser.post(`${importUrl}/mapping`, {
    ...fields,
    heading_0: 'Ref',
    column_0: '',
    heading_1: 'How do you usually travel to appointments?',
    column_1: 'single',
    heading_2: 'Tell us why',
    column_2: 'comments',
    idColumn: 'Ref',
    saveAs: 'Roadshow sheet',
  })
  assert.equal(mapped.statusCode, 303)
  assert.deepEqual(
    (await t.services.imports.listMappings(consultationId)).map((m) => [m.name, m.id_column]),
    [['Roadshow sheet', 'Ref']],
  )

  const token = await browser.formFields(importUrl)
  assert.equal(
    (await browser.post(`${importUrl}/start`, { _csrf: token._csrf ?? '', dryRun: 'yes' })).statusCode,
    303,
  )
  assert.equal((await settled(importId)).status, 'checked')
  assert.equal((await t.services.imports.getImport(importId)).rows_new, 2)
  const counted = await t.services.responses.countResponses(consultationId)
  assert.equal(counted, 0, 'a dry run writes nothing')

  const again = await browser.formFields(importUrl)
  await browser.post(`${importUrl}/start`, { _csrf: again._csrf ?? '' })
  assert.equal((await settled(importId)).status, 'imported')
  assert.equal(await t.services.responses.countResponses(consultationId), 2)
  const status = await browser.get(importUrl)
  assert.match(status.body, /data-testid="import-status">Imported</)
  assert.match(status.body, /data-testid="rows-new">2</)

  // The same file again is recognised, and adds nothing.
  const repeat = await upload(browser, Buffer.from(csv), 'event.csv')
  const repeatPage = await browser.get(repeat.headers.location ?? '')
  assert.match(repeatPage.body, /This file was imported before/)
})

test('a file that is not CSV or XLSX is refused on the upload page, with nothing stored', async () => {
  const browser = await signedInStaff(t, 'administrator')
  const refused = await upload(browser, Buffer.from('%PDF-1.4'), 'minutes.pdf')
  assert.equal(refused.statusCode, 422)
  assert.match(refused.body, /Choose a CSV file \(.csv\) or an Excel workbook \(.xlsx\)/)
})

test('an analyst, an observer and a data-entry clerk are refused the import pages', async () => {
  for (const role of ['analyst', 'observer', 'data_entry'] as const) {
    const browser = await signedInStaff(t, role)
    assert.equal((await browser.get(`/admin/consultations/${consultationId}/imports`)).statusCode, 403)
  }
})

test('the status page of a file imported a second time answers 200, counting the rows already imported', async () => {
  const browser = await signedInStaff(t, 'consultation_manager')
  const csv = 'Ref,How do you usually travel to appointments?\nB1,Bus\nB2,Walk\nB3,Bus\n'
  const importOnce = async () => {
    const uploaded = await upload(browser, Buffer.from(csv), 'repeat.csv')
    const importUrl = uploaded.headers.location ?? ''
    const fields = await browser.formFields(importUrl)
    await browser.post(`${importUrl}/mapping`, {
      ...fields,
      heading_0: 'Ref',
      column_0: '',
      heading_1: 'How do you usually travel to appointments?',
      column_1: 'single',
      idColumn: 'Ref',
    })
    const token = await browser.formFields(importUrl)
    await browser.post(`${importUrl}/start`, { _csrf: token._csrf ?? '' })
    assert.equal((await settled(importUrl.split('/').at(-1) ?? '')).status, 'imported')
    return importUrl
  }
  await importOnce()
  const again = await importOnce()
  const page = await browser.get(again)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Rows already imported\s*<\/dt>\s*<dd[^>]*>\s*3\s*</)
})

test('a malformed consultation or import id answers 404', async () => {
  const browser = await signedInStaff(t, 'consultation_manager')
  assert.equal((await browser.get('/admin/consultations/not-an-id/imports')).statusCode, 404)
  assert.equal((await browser.get('/admin/imports/not-an-id')).statusCode, 404)
})
