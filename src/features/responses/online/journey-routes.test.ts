import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { pagedQuestionnaire } from '../../../questionnaire/examples.js'
import { createTestApp, type TestApp, TestBrowser } from '../../../testing/app.js'

const slug = 'paged'
const base = `/consultations/${slug}/respond`
const minute = 60_000
const closesAt = new Date('2026-06-30T22:59:00Z')
const backHref = (body: string) => /nhsuk-back-link"[^>]*href="([^"]*)"/.exec(body)?.[1]

describe('the online form page by page', () => {
  let t: TestApp
  let consultationId: string
  let clock = new Date(closesAt.getTime() - 7 * 24 * 60 * minute)
  const staff = { email: 'admin@example.org', password: 'correct horse battery staple' }
  const observer = { email: 'observer@example.org', password: 'correct horse battery staple' }

  before(async () => {
    t = await createTestApp({ now: () => clock })
    consultationId = await t.services.consultations.createPublished(
      {
        slug,
        title: 'Paths to the clinic',
        summary: 'How people get to appointments.',
        status: 'open',
        opensAt: new Date(closesAt.getTime() - 30 * 24 * 60 * minute),
        closesAt,
        postalDeadlineAt: new Date(closesAt.getTime() + 10 * 24 * 60 * minute),
        proposals: [],
        questionnaire: pagedQuestionnaire,
      },
      systemActor,
    )
    await t.services.users.createUser({ ...staff, displayName: 'Ada Admin', roles: ['administrator'] })
    await t.services.users.createUser({ ...observer, displayName: 'Olu Observer', roles: ['observer'] })
  })
  after(() => t.close())

  const responsesStored = async () =>
    await t.database.db
      .selectFrom('responses')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .execute()
  const drafts = async () =>
    t.database.db
      .selectFrom('response_drafts')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .execute()

  /** Opens the start page, shows the privacy notice, and starts: returns where it went. */
  async function start(browser: TestBrowser) {
    const page = await browser.get(base)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /We keep your answers for two years, then delete them\./)
    const fields = await browser.formFields(base)
    const started = await browser.post(`${base}/start`, fields)
    assert.equal(started.statusCode, 303)
    return started.headers.location
  }

  /** Sends a page of the form and returns the response. */
  async function answer(browser: TestBrowser, path: string, answers: Record<string, string>) {
    const fields = await browser.formFields(path)
    return browser.post(path, { ...fields, ...answers })
  }

  test('a NUL in a text field is refused as a bad request, and nothing is stored with it', async () => {
    const browser = new TestBrowser(t.app)
    await start(browser)
    const page = await answer(browser, `${base}/about`, {
      responding_as: 'organisation',
      organisation: 'Walkers\u0000Group',
      consent: 'yes',
      email: 'nul@example.org',
    })
    assert.equal(page.statusCode, 400)
    assert.doesNotMatch(JSON.stringify(await drafts()), /Walkers/)
    // The tests after this one count drafts: this one's is not theirs.
    await t.database.db.deleteFrom('response_drafts').where('consultation_id', '=', consultationId).execute()
  })

  test('page 1 → … → check answers → send → receipt; sending again gives the same receipt and one response', async () => {
    const browser = new TestBrowser(t.app)
    assert.equal(await start(browser), `${base}/questions/travel`)
    assert.ok(browser.cookies.has('heard_draft'))

    const empty = await answer(browser, `${base}/questions/travel`, {})
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /There is a problem/)
    assert.match(empty.body, /<a href="#q_mode">\s*Select an answer\s*<\/a>/)
    assert.match(empty.body, /<title>Error: /)
    assert.equal(backHref(empty.body), base)

    let sent = await answer(browser, `${base}/questions/travel`, { q_mode: 'walk', action: 'continue' })
    assert.equal(sent.headers.location, `${base}/questions/travel-2`)
    const second = await browser.get(`${base}/questions/travel-2`)
    assert.equal(backHref(second.body), `${base}/questions/travel`)
    sent = await answer(browser, `${base}/questions/travel-2`, { q_why_walk: 'It is close <b>by</b>' })
    assert.equal(sent.headers.location, `${base}/questions/views`)
    sent = await answer(browser, `${base}/questions/views`, { q_agree: 'agree', q_comments: 'More buses' })
    assert.equal(sent.headers.location, `${base}/questions/walking`)
    sent = await answer(browser, `${base}/questions/walking`, { q_route: 'Along the canal' })
    assert.equal(sent.headers.location, `${base}/about`)

    const noOrganisation = await answer(browser, `${base}/about`, {
      responding_as: 'organisation',
      consent: 'yes',
    })
    assert.equal(noOrganisation.statusCode, 400)
    assert.match(noOrganisation.body, /<a href="#organisation">\s*Enter the name of the organisation/)
    assert.match(noOrganisation.body, /<a href="#email">\s*Enter your email address/)
    const unreadable = await answer(browser, `${base}/about`, {
      responding_as: 'individual',
      phone: '12345',
      postcode: 'Leicester',
    })
    assert.equal(unreadable.statusCode, 400)
    assert.match(unreadable.body, /<a href="#phone">\s*Enter a phone number/)
    assert.match(unreadable.body, /<a href="#postcode">\s*Enter a full UK postcode/)
    sent = await answer(browser, `${base}/about`, {
      responding_as: 'organisation',
      organisation: 'Walkers Group',
      consent: 'yes',
      name: 'Sam Okafor',
      email: 'sam@example.org',
      phone: '+44 (0)116 496 0123',
      postcode: 'le1 5ab',
    })
    assert.equal(sent.headers.location, `${base}/check-answers`)

    const check = await browser.get(`${base}/check-answers`)
    assert.equal(check.statusCode, 200)
    for (const text of [
      'How do you usually travel?',
      'Walk',
      'It is close &lt;b&gt;by&lt;/b&gt;',
      'Along the canal',
      'For Walkers Group',
      'Sam Okafor',
      'sam@example.org',
      '+44 (0)116 496 0123',
      'Yes, by email',
    ]) {
      assert.ok(check.body.includes(text), `check answers shows ${text}`)
    }
    assert.match(check.body, new RegExp(`href="${base}/questions/travel-2\\?change=yes#q_why_walk"`))
    assert.equal((await responsesStored()).length, 0, 'nothing is a response before it is sent')

    const fields = await browser.formFields(`${base}/check-answers`)
    const first = await browser.post(`${base}/submit`, fields)
    assert.equal(first.statusCode, 303)
    assert.match(String(first.headers.location), /^\/consultations\/paged\/receipts\/[0-9a-f-]{36}$/)
    // A double click, a refresh or the back button sends the same form again.
    const again = await browser.post(`${base}/submit`, fields)
    assert.equal(again.headers.location, first.headers.location)
    const receipt = await browser.get(String(first.headers.location))
    assert.match(receipt.body, /Response received/)

    const stored = await responsesStored()
    assert.equal(stored.length, 1)
    const [response] = stored
    assert.deepEqual(response?.answers, {
      mode: 'walk',
      why_walk: 'It is close <b>by</b>',
      agree: 'agree',
      comments: 'More buses',
      route: 'Along the canal',
    })
    assert.equal(response?.responding_for, 'Walkers Group')
    assert.equal(response?.admitted_under_grace, false)
    assert.ok(response?.started_at, 'the time the form was started is kept')
    const contact = await t.database.db
      .selectFrom('respondent_contacts')
      .selectAll()
      .where('response_id', '=', response?.id ?? '')
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [contact.name, contact.email, contact.phone, contact.postcode, contact.consent_to_contact],
      ['Sam Okafor', 'sam@example.org', '+44 (0)116 496 0123', 'le1 5ab', true],
    )
    assert.equal((await drafts()).length, 0, 'the draft is gone once the response is sent')
  })

  test('a change of route drops the answers routed away, and a "Change" link returns to checking', async () => {
    const browser = new TestBrowser(t.app)
    await start(browser)
    await answer(browser, `${base}/questions/travel`, { q_mode: 'walk' })
    await answer(browser, `${base}/questions/travel-2`, { q_why_walk: 'Health' })
    await answer(browser, `${base}/questions/views`, { q_agree: 'disagree' })
    await answer(browser, `${base}/questions/walking`, { q_route: 'Park' })
    await answer(browser, `${base}/about`, { responding_as: 'individual' })
    const changed = await answer(browser, `${base}/questions/travel?change=yes`, {
      q_mode: 'car',
      change: 'yes',
    })
    assert.equal(changed.headers.location, `${base}/check-answers`)
    const check = await browser.get(`${base}/check-answers`)
    assert.doesNotMatch(check.body, /Why do you walk\?|Park/)
    const fields = await browser.formFields(`${base}/check-answers`)
    const sent = await browser.post(`${base}/submit`, fields)
    const receiptKey = String(sent.headers.location).split('/').pop() ?? ''
    const row = await t.database.db
      .selectFrom('responses')
      .select(['answers', 'responding_for'])
      .where('submission_key', '=', receiptKey)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row.answers, { mode: 'car', agree: 'disagree' })
    assert.equal(row.responding_for, null)
  })

  test('save and return: a code, a message in the outbox without SMTP, and the answers kept elsewhere', async () => {
    const browser = new TestBrowser(t.app)
    await start(browser)
    const saved = await answer(browser, `${base}/questions/travel`, { q_mode: 'car', action: 'save' })
    assert.equal(saved.headers.location, `${base}/saved`)
    const page = await browser.get(`${base}/saved`)
    const code = /data-testid="resume-code">([A-Z0-9-]+)</.exec(page.body)?.[1] ?? ''
    assert.match(code, /^[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4}$/)

    const badEmail = await answer(browser, `${base}/saved`, { email: 'not an email' })
    assert.equal(badEmail.statusCode, 400)
    const mailed = await answer(browser, `${base}/saved`, { email: 'kim@example.org' })
    assert.equal(mailed.statusCode, 303)
    const outbox = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('recipient', '=', 'kim@example.org')
      .execute()
    assert.equal(outbox.length, 1)
    assert.ok(outbox[0]?.body.includes(code), 'the message holds the resume code')
    assert.ok(outbox[0]?.body.includes(`${base}/resume`), 'and the resume link')

    // A draft is not a response: nothing counts it.
    assert.equal(await t.services.responses.countResponses(consultationId), (await responsesStored()).length)
    const admin = new TestBrowser(t.app, t.now)
    await admin.signIn(staff.email, staff.password)
    const list = await admin.get(`/admin/consultations/${consultationId}/responses`)
    const counted = /data-testid="response-count">(\d+)</.exec(list.body)?.[1]
    assert.equal(Number(counted), (await responsesStored()).length)
    const outboxPage = await admin.get('/admin/outbox')
    assert.equal(outboxPage.statusCode, 200)
    assert.ok(outboxPage.body.includes('kim@example.org'))

    // Another device, days later: the code brings the answers back.
    const elsewhere = new TestBrowser(t.app)
    const wrong = await answer(elsewhere, `${base}/resume`, { code: 'AAAA-AAAA' })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /could not find a saved response/)
    const resumed = await answer(elsewhere, `${base}/resume`, { code: code.toLowerCase().replace('-', ' ') })
    assert.equal(resumed.headers.location, `${base}/questions/views`)
    const travel = await elsewhere.get(`${base}/questions/travel`)
    assert.match(travel.body, /value="car" checked/)
    // The draft has moved to the new device; the first browser's cookie no longer opens it.
    const stale = await browser.get(`${base}/questions/travel`)
    assert.equal(stale.headers.location, base)
  })

  test('resuming a saved form carries on at the next page not answered, not at checking answers', async () => {
    const browser = new TestBrowser(t.app)
    await start(browser)
    assert.equal((await answer(browser, `${base}/questions/travel`, { q_mode: 'walk' })).statusCode, 303)
    assert.equal(
      (await answer(browser, `${base}/questions/travel-2`, { q_why_walk: 'Quiet' })).statusCode,
      303,
    )
    const saved = await answer(browser, `${base}/questions/views`, { q_agree: 'agree', action: 'save' })
    assert.equal(saved.headers.location, `${base}/saved`)
    const page = await browser.get(`${base}/saved`)
    const code = /data-testid="resume-code">([A-Z0-9-]+)</.exec(page.body)?.[1] ?? ''
    assert.ok(page.body.includes(`href="${base}/questions/walking"`), 'carry on where the form was left')
    const resumed = await answer(new TestBrowser(t.app), `${base}/resume`, { code })
    assert.equal(resumed.headers.location, `${base}/questions/walking`)
  })

  test('the outbox is for administrators only', async () => {
    const anonymous = await t.app.inject('/admin/outbox')
    assert.equal(anonymous.statusCode, 303)
    const viewer = new TestBrowser(t.app, t.now)
    await viewer.signIn(observer.email, observer.password)
    assert.equal((await viewer.get('/admin/outbox')).statusCode, 403)
  })

  test('after the close: the grace period for forms started before it, then the closed page and expiry', async () => {
    const browser = new TestBrowser(t.app)
    clock = new Date(closesAt.getTime() - 5 * minute)
    await start(browser)
    await answer(browser, `${base}/questions/travel`, { q_mode: 'bus' })
    await answer(browser, `${base}/questions/views`, { q_agree: 'neither' })
    await answer(browser, `${base}/about`, { responding_as: 'individual' })
    const late = new TestBrowser(t.app)
    await start(late)
    await answer(late, `${base}/questions/travel`, { q_mode: 'bus' })
    const lateFields = await late.formFields(`${base}/questions/views`)

    clock = new Date(closesAt.getTime() + 10 * minute)
    const closed = await t.app.inject(base)
    assert.match(closed.body, /This consultation has closed/)
    assert.match(closed.body, /Paper questionnaires are counted if they arrive by/)
    const check = await browser.get(`${base}/check-answers`)
    assert.match(check.body, /you can still send your response until/)
    const fields = await browser.formFields(`${base}/check-answers`)
    const sent = await browser.post(`${base}/submit`, fields)
    assert.equal(sent.statusCode, 303)
    const key = String(sent.headers.location).split('/').pop() ?? ''
    const row = await t.database.db
      .selectFrom('responses')
      .select('admitted_under_grace')
      .where('submission_key', '=', key)
      .executeTakeFirstOrThrow()
    assert.equal(row.admitted_under_grace, true)

    clock = new Date(closesAt.getTime() + 31 * minute)
    const refused = await late.post(`${base}/questions/views`, { ...lateFields, q_agree: 'agree' })
    assert.match(refused.body, /This consultation has closed/)
    assert.ok((await drafts()).length > 0)
    assert.ok((await t.services.journeys.deleteExpiredDrafts()) > 0)
    assert.equal((await drafts()).length, 0)
  })
})

describe('the paged form in a translation, and its final send screened like the one-step form', () => {
  let t: TestApp
  let consultationId: string
  const translatedSlug = 'paged-cy'
  const translatedBase = `/consultations/${translatedSlug}/respond`
  const welshTitle = 'Sut ydych chi fel arfer yn teithio?'
  const welshSection = 'Cyrraedd yno'

  before(async () => {
    t = await createTestApp({ now: () => new Date('2026-06-01T12:00:00Z') })
    const definition = structuredClone(pagedQuestionnaire)
    const section = definition.sections[0]
    const first = section?.questions[0]
    assert.ok(section && first)
    Object.assign(first, { translations: { cy: { title: welshTitle } } })
    Object.assign(section, { translations: { cy: { title: welshSection } } })
    consultationId = await t.services.consultations.createPublished(
      {
        slug: translatedSlug,
        title: 'Paths to the clinic, in Welsh too',
        summary: 'How people get to appointments.',
        status: 'open',
        opensAt: new Date('2026-05-01T00:00:00Z'),
        closesAt: new Date('2026-06-30T22:59:00Z'),
        proposals: [],
        questionnaire: definition,
      },
      systemActor,
    )
  })
  after(() => t.close())

  /** Starts the form from the start page in `lang`: returns where the start button led. */
  async function startIn(browser: TestBrowser, lang: string) {
    const startPage = `${translatedBase}?lang=${lang}`
    const page = await browser.get(startPage)
    assert.equal(page.statusCode, 200)
    const fields = await browser.formFields(startPage)
    const started = await browser.post(`${translatedBase}/start?lang=${lang}`, fields)
    assert.equal(started.statusCode, 303)
    return started.headers.location
  }

  test('a language chosen on the start page is kept on the draft and shown on the journey pages', async () => {
    const browser = new TestBrowser(t.app)
    const first = await startIn(browser, 'cy')
    assert.equal(first, `${translatedBase}/questions/travel`)
    const page = await browser.get(`${translatedBase}/questions/travel`)
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes(welshTitle), 'the Welsh title is on the journey page')
    assert.match(page.body, /lang="cy"/)
    const english = await browser.get(`${translatedBase}/questions/travel?lang=en`)
    assert.ok(!english.body.includes(welshTitle), 'choosing English shows the English title')
    assert.ok(english.body.includes('How do you usually travel?'))
  })

  test("each journey page's title is its section's title in the chosen language, English where untranslated", async () => {
    const browser = new TestBrowser(t.app)
    await startIn(browser, 'cy')
    const titleOf = async (path: string) =>
      /<title>([^<]*)<\/title>/.exec((await browser.get(`${translatedBase}/${path}`)).body)?.[1]?.trim()
    assert.equal(
      await titleOf('questions/travel'),
      `${welshSection}: Paths to the clinic, in Welsh too – Heard`,
    )
    // The section's second page (its question follows from the first) has the section's title too.
    assert.match((await titleOf('questions/travel-2')) ?? '', new RegExp(`^${welshSection}: `))
    assert.match((await titleOf('questions/views')) ?? '', /^Your views: /)
    assert.match((await titleOf('questions/travel?lang=en')) ?? '', /^Getting there: /)
  })

  /** Answers every page of the journey, up to check your answers. */
  async function answerAll(browser: TestBrowser) {
    const answers: [string, Record<string, string>][] = [
      ['questions/travel', { q_mode: 'walk', action: 'continue' }],
      ['questions/travel-2', { q_why_walk: 'It is close' }],
      ['questions/views', { q_agree: 'agree' }],
      ['questions/walking', { q_route: 'Along the canal' }],
      ['about', { responding_as: 'individual' }],
    ]
    for (const [path, values] of answers) {
      const fields = await browser.formFields(`${translatedBase}/${path}`)
      const sent = await browser.post(`${translatedBase}/${path}`, { ...fields, ...values })
      assert.equal(sent.statusCode, 303, `${path} accepted`)
    }
  }

  test('check your answers reads in the chosen language, with English marked where there is no translation', async () => {
    const browser = new TestBrowser(t.app)
    await startIn(browser, 'cy')
    await answerAll(browser)
    const check = await browser.get(`${translatedBase}/check-answers`)
    assert.equal(check.statusCode, 200)
    assert.match(check.body, /<div lang="cy" dir="ltr">/)
    assert.ok(check.body.includes(welshTitle), 'the translated question title is shown')
    assert.match(check.body, /<span lang="en">Why do you walk\?<\/span>/)
    assert.match(check.body, /<span lang="en">Walk<\/span>/)
    assert.match(check.body, /It is close/)
  })

  test('a filled-in honeypot on check your answers flags the response sent from the journey', async () => {
    const browser = new TestBrowser(t.app)
    await startIn(browser, 'en')
    await answerAll(browser)
    const check = await browser.get(`${translatedBase}/check-answers`)
    assert.equal(check.statusCode, 200)
    assert.match(check.body, /name="website"/)
    const fields = await browser.formFields(`${translatedBase}/check-answers`)
    const sent = await browser.post(`${translatedBase}/submit`, {
      ...fields,
      website: 'https://spam.example',
    })
    assert.equal(sent.statusCode, 303)
    assert.match(sent.headers.location ?? '', /\/receipts\//)
    const stored = await t.database.db
      .selectFrom('responses')
      .select(['flags', 'address_hash'])
      .where('consultation_id', '=', consultationId)
      .execute()
    assert.equal(stored.length, 1)
    assert.deepEqual(stored[0]?.flags, ['honeypot'])
    assert.ok(stored[0]?.address_hash, 'the address is hashed as on the one-step form')
  })
})
