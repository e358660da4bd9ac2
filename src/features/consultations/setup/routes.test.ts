import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openDemoSlug } from '../../../demo/open-consultation.js'
import { formatLondonDateTime } from '../../../platform/time/london.js'
import { createStaff, createTestApp, type TestApp, type TestBrowser } from '../../../testing/app.js'
import { consultationJobs } from '../jobs.js'

// A tiny but real PDF, and a Windows program given a .pdf name: the content decides, not the name.
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)
const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])
const uploadLimit = 64 * 1024

const validForm = {
  title: 'Crisis cafés: opening hours',
  slug: '',
  summary: 'Tell us when the crisis cafés should be open.',
  sponsors: 'Leicester City CCG\nWest Leicestershire CCG',
  areas: 'Leicester\nLeicestershire\nRutland',
  contactEmail: 'engagement@example.org',
  contactPhone: '0116 496 0123',
  freepostAddress: 'Freepost CRISIS CAFES',
  privacyNotice: 'We keep your answers for two years.',
  nextSteps: 'We will publish what you told us in the autumn.',
  opensDate: '24/05/2021',
  opensTime: '09:00',
  closesDate: '15/08/2021',
  closesTime: '',
  postalDate: '25/08/2021',
  postalTime: '',
}

describe('setting up a consultation', () => {
  let t: TestApp
  let clock = new Date('2021-05-01T12:00:00Z')
  let managerBrowser: TestBrowser
  let analystBrowser: TestBrowser
  const people = {
    manager: {
      email: 'manager@example.org',
      displayName: 'Mo Manager',
      roles: ['consultation_manager'] as const,
    },
    analyst: { email: 'analyst@example.org', displayName: 'Ali Analyst', roles: ['analyst'] as const },
  }
  const manager = people.manager

  before(async () => {
    t = await createTestApp({ now: () => clock, env: { HEARD_UPLOAD_LIMIT_BYTES: String(uploadLimit) } })
    const staff = await createStaff(t, people)
    managerBrowser = await staff.as('manager')
    analystBrowser = await staff.as('analyst')
  })
  after(() => t.close())

  const count = async (
    table: 'consultations' | 'consultation_documents' | 'consultation_document_files' | 'audit_log',
  ) =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const create = async (browser: TestBrowser, form: Record<string, string>) => {
    const fields = await browser.formFields('/admin/consultations/new')
    return browser.post('/admin/consultations', { ...fields, ...form })
  }
  const upload = (
    browser: TestBrowser,
    url: string,
    fields: Record<string, string>,
    file: { name: string; data: Buffer } | undefined,
  ) => browser.upload(url, fields, 'file', file)

  test('only administrators and consultation managers can set up consultations', async () => {
    const anonymous = await t.app.inject('/admin/consultations/new')
    assert.equal(anonymous.statusCode, 303)
    assert.match(anonymous.headers.location ?? '', /^\/admin\/sign-in/)
    const browser = analystBrowser
    assert.equal((await browser.get('/admin/consultations/new')).statusCode, 403)
    const before = await count('consultations')
    const fields = await browser.formFields('/admin')
    const refused = await browser.post('/admin/consultations', { ...fields, ...validForm })
    assert.equal(refused.statusCode, 403)
    assert.equal(await count('consultations'), before)
    const demo = await t.services.consultations.getBySlug(openDemoSlug)
    assert.equal((await browser.get(`/admin/consultations/${demo.id}`)).statusCode, 403)
  })

  test('a manager creates a draft with UK times, its history and an audit entry', async () => {
    const browser = managerBrowser
    const created = await create(browser, validForm)
    assert.equal(created.statusCode, 303)
    const id = /\/admin\/consultations\/([0-9a-f-]{36})$/.exec(created.headers.location ?? '')?.[1] ?? ''
    const row = await t.services.consultations.getById(id)
    assert.equal(row.slug, 'crisis-cafes-opening-hours')
    assert.equal(row.status, 'draft')
    // 09:00 and 23:59 British Summer Time.
    assert.equal(row.opens_at.toISOString(), '2021-05-24T08:00:00.000Z')
    assert.equal(row.closes_at.toISOString(), '2021-08-15T22:59:00.000Z')
    assert.equal(row.postal_deadline_at?.toISOString(), '2021-08-25T22:59:00.000Z')
    assert.deepEqual(row.sponsors, ['Leicester City CCG', 'West Leicestershire CCG'])
    assert.deepEqual(row.areas, ['Leicester', 'Leicestershire', 'Rutland'])
    const page = await browser.get(`/admin/consultations/${id}`)
    assert.match(page.body, /The consultation is saved as a draft/)
    assert.match(page.body, /Publish a questionnaire before scheduling or opening the consultation/)
    assert.match(page.body, /<td class="nhsuk-table__cell">manager@example.org<\/td>/)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('entity_id', '=', id)
      .execute()
    assert.deepEqual(audit, [{ action: 'consultation.created', actor_label: manager.email }])
  })

  test('closing before opening, a bad date and a taken address are refused and nothing is saved', async () => {
    const browser = managerBrowser
    const before = await count('consultations')
    const backwards = await create(browser, { ...validForm, slug: 'backwards', closesDate: '23/05/2021' })
    assert.equal(backwards.statusCode, 400)
    assert.match(backwards.body, /The closing date must be after the opening date/)
    const badDate = await create(browser, { ...validForm, slug: 'bad-date', opensDate: '30/02/2021' })
    assert.equal(badDate.statusCode, 400)
    assert.match(badDate.body, /Enter a real date, like 24\/05\/2021/)
    const skipped = await create(browser, {
      ...validForm,
      slug: 'skipped',
      opensDate: '28/03/2021',
      opensTime: '01:30',
    })
    assert.match(skipped.body, /01:30 does not happen on this day in the UK/)
    const taken = await create(browser, { ...validForm, slug: openDemoSlug })
    assert.equal(taken.statusCode, 409)
    assert.match(taken.body, /Another consultation already uses this web address/)
    assert.match(taken.body, /value="Crisis cafés: opening hours"/)
    assert.equal(await count('consultations'), before)
  })

  test('a manager edits details, and adds, changes and reorders proposals', async () => {
    const browser = managerBrowser
    const created = await create(browser, { ...validForm, slug: 'proposal-order' })
    const url = created.headers.location ?? ''
    const edit = await browser.get(`${url}/edit`)
    assert.match(edit.body, /value="24\/05\/2021"/)
    assert.match(edit.body, /value="09:00"/)
    const fields = await browser.formFields(`${url}/edit`)
    const updated = await browser.post(url, {
      ...fields,
      ...validForm,
      slug: 'proposal-order',
      title: 'Renamed',
    })
    assert.equal(updated.statusCode, 303)
    const id = url.split('/').pop() ?? ''
    assert.equal((await t.services.consultations.getById(id)).title, 'Renamed')

    const missing = await browser.post(`${url}/proposals`, { ...fields, title: '', summary: '' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /Enter a title for the proposal/)
    for (const title of ['First idea', 'Second idea', 'Third idea']) {
      const added = await browser.post(`${url}/proposals`, {
        ...fields,
        title,
        summary: `${title} in brief.`,
        whatWouldChange: 'Cafés open until midnight.',
        whoIsAffected: 'People in crisis and their carers.',
      })
      assert.equal(added.statusCode, 303)
    }
    const titles = async () =>
      (await t.services.consultations.listProposals(id)).map((p) => [p.position, p.title] as const)
    const third = (await t.services.consultations.listProposals(id))[2]?.id ?? ''
    assert.equal(
      (await browser.post(`${url}/proposals/${third}/move`, { ...fields, direction: 'up' })).statusCode,
      303,
    )
    assert.deepEqual(await titles(), [
      [1, 'First idea'],
      [2, 'Third idea'],
      [3, 'Second idea'],
    ])
    await browser.post(`${url}/proposals/${third}/move`, { ...fields, direction: 'up' })
    // At the top, moving up again changes nothing.
    await browser.post(`${url}/proposals/${third}/move`, { ...fields, direction: 'up' })
    assert.deepEqual(
      (await titles()).map(([, title]) => title),
      ['Third idea', 'First idea', 'Second idea'],
    )
    const changed = await browser.post(`${url}/proposals/${third}`, {
      ...fields,
      title: 'Third, changed',
      summary: 'Now first.',
    })
    assert.equal(changed.statusCode, 303)
    assert.equal((await titles())[0]?.[1], 'Third, changed')
  })

  test('uploads are checked by content and size; a refusal stores nothing; the public can download', async () => {
    const browser = managerBrowser
    const created = await create(browser, { ...validForm, slug: 'with-documents' })
    const url = created.headers.location ?? ''
    const { _csrf } = await browser.formFields(`${url}/documents/new`)
    const fields = { _csrf: _csrf ?? '', kind: 'summary', language: 'en', title: 'Summary document', url: '' }
    const counts = async () => [
      await count('consultation_documents'),
      await count('consultation_document_files'),
      await count('audit_log'),
    ]
    const before = await counts()

    const renamed = await upload(browser, `${url}/documents`, fields, { name: 'summary.pdf', data: program })
    assert.equal(renamed.statusCode, 422)
    assert.match(renamed.body, /The file must be of a format this kind of document allows/)
    const tooLarge = Buffer.concat([pdf, Buffer.alloc(uploadLimit + 10, 0x20)])
    const large = await upload(browser, `${url}/documents`, fields, { name: 'big.pdf', data: tooLarge })
    assert.equal(large.statusCode, 422)
    assert.match(large.body, /The file must be smaller than 64 KB/)
    const nothing = await upload(browser, `${url}/documents`, fields, undefined)
    assert.equal(nothing.statusCode, 400)
    assert.match(nothing.body, /Choose a file to upload or enter a web address/)
    const audio = await upload(
      browser,
      `${url}/documents`,
      { ...fields, kind: 'audio' },
      { name: 'a.pdf', data: pdf },
    )
    assert.equal(audio.statusCode, 422)
    assert.deepEqual(await counts(), before)

    const added = await upload(browser, `${url}/documents`, fields, { name: 'summary.pdf', data: pdf })
    assert.equal(added.statusCode, 303)
    const translation = await upload(
      browser,
      `${url}/documents`,
      { ...fields, kind: 'translation', language: 'gu', title: 'Summary in Gujarati' },
      { name: 'gu.pdf', data: pdf },
    )
    assert.equal(translation.statusCode, 303)
    const video = await upload(
      browser,
      `${url}/documents`,
      { ...fields, kind: 'bsl', title: 'The proposals in BSL', url: 'https://video.example.org/bsl' },
      undefined,
    )
    assert.equal(video.statusCode, 303)
    const stored = await t.database.db
      .selectFrom('consultation_documents')
      .select(['id', 'media_type', 'byte_size', 'language'])
      .where('title', '=', 'Summary document')
      .executeTakeFirstOrThrow()
    assert.equal(stored.media_type, 'application/pdf')
    assert.equal(stored.byte_size, pdf.length)

    // A draft's page and files are for staff only.
    const publicPage = await t.app.inject('/consultations/with-documents')
    assert.equal(publicPage.statusCode, 404)
    const page = await browser.get('/consultations/with-documents')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Only staff can see this page/)
    assert.match(
      page.body,
      /<a href="\/consultations\/with-documents\/documents\/[0-9a-f-]{36}" hreflang="gu" lang="gu">ગુજરાતી<\/a>/,
    )
    assert.match(page.body, /Summary document<\/a>\s*\(Summary, PDF, 1 KB\)/)
    assert.match(page.body, /The proposals in BSL<\/a>/)
    const file = await browser.get(`/consultations/with-documents/documents/${stored.id}`)
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-type'], 'application/pdf')
    assert.equal(file.headers['content-disposition'], 'inline; filename="Summary-document.pdf"')
    assert.deepEqual(file.rawPayload, pdf)
    assert.equal((await browser.get('/consultations/with-documents/documents/not-a-uuid')).statusCode, 404)
  })

  test('the public page shows the proposals, every format and language, and how to respond', async () => {
    const demo = await t.services.consultations.getBySlug(openDemoSlug)
    const page = await t.app.inject(`/consultations/${openDemoSlug}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /What would change<\/h4>\s*<p>Appointments would be in the same buildings/)
    assert.match(
      page.body,
      /hreflang="gu" lang="gu">ગુજરાતી<\/a>:\s*Summary in Gujarati \(Gujarati, translation, PDF, 1 KB\)/,
    )
    assert.match(page.body, /hreflang="so" lang="so">Soomaali<\/a>/)
    assert.match(
      page.body,
      /The proposals in British Sign Language<\/a>\s*\(British Sign Language \(BSL\) video, link\)/,
    )
    assert.match(page.body, /Freepost NEIGHBOURHOOD TEAMS/)
    assert.match(
      page.body,
      /Drop-in at Highfields Community Centre<\/strong>: [^<]* at 2pm, Highfields, Leicester/,
    )
    const closes = formatLondonDateTime(demo.closes_at)
    assert.match(page.body, new RegExp(`closes on <strong>${closes}</strong> \\(UK time\\)`))
    assert.match(page.body, /What happens next/)
    const gujarati = /href="(\/consultations\/[^"]+)" hreflang="gu"/.exec(page.body)?.[1] ?? ''
    const file = await t.app.inject(gujarati)
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-type'], 'application/pdf')
    assert.match(file.body, /^%PDF-1\.4/)
  })

  test('the lifecycle is enforced, and the job opens and closes at the set times as the system', async () => {
    const browser = managerBrowser
    const id = await t.services.consultations.createPublished(
      {
        slug: 'timed',
        title: 'Timed consultation',
        summary: 'Opens and closes by itself.',
        status: 'draft',
        opensAt: new Date('2021-05-24T08:00:00Z'),
        closesAt: new Date('2021-08-15T22:59:00Z'),
        proposals: [],
        questionnaire: {
          sections: [
            {
              key: 's',
              title: 'S',
              questions: [{ key: 'q', type: 'free_text', title: 'Q', required: false }],
            },
          ],
        },
      },
      { userId: null, label: 'system' },
    )
    const url = `/admin/consultations/${id}`
    const fields = await browser.formFields(url)
    clock = new Date('2021-05-01T12:00:00Z')
    const early = await browser.post(`${url}/status`, { ...fields, to: 'open' })
    assert.equal(early.statusCode, 409)
    assert.match(early.body, /The consultation cannot move to that status from where it is now/)
    assert.equal((await browser.post(`${url}/status`, { ...fields, to: 'scheduled' })).statusCode, 303)
    const notYet = await browser.post(`${url}/status`, { ...fields, to: 'open' })
    assert.equal(notYet.statusCode, 409)
    assert.match(notYet.body, /cannot open before its opening date and time/)

    const [job] = consultationJobs(t.services.consultationSetup)
    assert.equal(job?.cron, '* * * * *')
    clock = new Date('2021-05-24T07:59:59Z')
    assert.deepEqual(await job?.run(), { opened: 0, closed: 0 })
    clock = new Date('2021-05-24T08:00:00Z')
    assert.deepEqual(await job?.run(), { opened: 1, closed: 0 })
    assert.equal((await t.services.consultations.getById(id)).status, 'open')
    clock = new Date('2021-08-15T22:58:59Z')
    assert.equal((await browser.post(`${url}/status`, { ...fields, to: 'closed' })).statusCode, 409)
    clock = new Date('2021-08-15T22:59:00Z')
    const open = await t.database.db
      .selectFrom('consultations')
      .select('id')
      .where('status', '=', 'open')
      .where('closes_at', '<=', clock)
      .execute()
    assert.ok(open.some((c) => c.id === id))
    assert.deepEqual(await job?.run(), { opened: 0, closed: open.length })
    assert.equal((await t.services.consultations.getById(id)).status, 'closed')
    assert.deepEqual(await job?.run(), { opened: 0, closed: 0 })

    const history = await t.database.db
      .selectFrom('consultation_status_changes')
      .select(['from_status', 'to_status', 'actor_label', 'changed_at'])
      .where('consultation_id', '=', id)
      .orderBy('changed_at')
      .execute()
    assert.deepEqual(
      history.map((h) => [h.from_status, h.to_status, h.actor_label]),
      [
        [null, 'draft', 'system'],
        ['draft', 'scheduled', manager.email],
        ['scheduled', 'open', 'system'],
        ['open', 'closed', 'system'],
      ],
    )
    assert.equal(history[3]?.changed_at.toISOString(), '2021-08-15T22:59:00.000Z')
    const page = await browser.get(url)
    assert.match(page.body, /Start analysis/)
    assert.doesNotMatch(page.body, /Change details/)
  })

  test('a malformed consultation or proposal id is not found', async () => {
    const demo = await t.services.consultations.getBySlug(openDemoSlug)
    for (const path of [
      '/admin/consultations/not-an-id',
      '/admin/consultations/not-an-id/edit',
      '/admin/consultations/not-an-id/documents/new',
      `/admin/consultations/${demo.id}/proposals/not-an-id/edit`,
    ])
      assert.equal((await managerBrowser.get(path)).statusCode, 404, path)
  })
})
