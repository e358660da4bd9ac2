import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { everyQuestionType } from '../../../questionnaire/examples.js'
import {
  countAllResponses,
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  TestBrowser,
} from '../../../testing/app.js'

describe('bad input on the online form', () => {
  let t: TestApp
  let browser: TestBrowser
  let fields: Record<string, string>
  let otherConsultationVersion: string
  let earlierVersion: string
  const url = '/consultations/bad-input/respond'
  const good = { q_single: 'car' }

  const create = (slug: string) => publishOpenConsultation(t.services, slug)

  before(async () => {
    t = await createTestApp()
    const id = await create('bad-input')
    earlierVersion = (await t.services.consultations.getLatestQuestionnaire(id)).id
    // A second version published later: the first is now out of date.
    await t.database.db
      .insertInto('questionnaire_versions')
      .values({
        consultation_id: id,
        version: 2,
        definition: JSON.stringify(everyQuestionType),
        published_at: new Date(),
      })
      .execute()
    const other = await create('another-one')
    otherConsultationVersion = (await t.services.consultations.getLatestQuestionnaire(other)).id
    browser = new TestBrowser(t.app)
    fields = await browser.formFields(url)
  })
  after(() => t.close())

  const count = () => countAllResponses(t.database.db)
  const cookie = () => [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  /** Posts a body exactly as given, so that it can hold bytes a browser would not send. */
  const postRaw = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), ...headers },
    })
  const fresh = () => ({ ...fields, submission_key: randomUUID() })
  const encoded = (form: Record<string, string>) => new URLSearchParams(form).toString()

  test('each kind of bad answer gets 400, a message for the field, and nothing is stored', async () => {
    const before = await count()
    const cases: [string, Record<string, string | string[]>, RegExp][] = [
      ['too long', { q_comments: 'x'.repeat(101) }, /must be 100 characters or fewer/],
      ['a control character', { q_comments: 'bell \u0007 here' }, /characters that cannot be saved/],
      ['a forged option', { q_single: 'helicopter' }, /Select one of the answers shown/],
      [
        'a forged option among several',
        { q_multiple: ['bus', 'hovercraft'] },
        /Select one of the answers shown/,
      ],
      ['a forged rating', { q_rate: '6' }, /Select one of the answers shown/],
      ['a number too large to hold', { q_count: '9'.repeat(400) }, /Enter a number, like 12/],
      ['an unknown field', { q_nonsense: 'hello' }, /something we did not expect/],
      ['a repeated single answer', { q_single: ['car', 'bus'] }, /something we did not expect/],
    ]
    for (const [label, answers, message] of cases) {
      const page = await browser.post(url, { ...fresh(), ...good, ...answers })
      assert.equal(page.statusCode, 400, label)
      assert.match(page.body, message, label)
    }
    assert.equal(await count(), before)
  })

  test('bytes that are not UTF-8, and lone surrogates, are refused rather than stored damaged', async () => {
    const before = await count()
    const base = encoded({ ...fresh(), ...good })
    for (const bad of ['caf%E9', '%ED%A0%80', '%FF%FE']) {
      const page = await postRaw(`${base}&q_comments=${bad}`)
      assert.equal(page.statusCode, 400, bad)
      assert.match(page.body, /characters that cannot be saved/, bad)
    }
    const json = await t.app.inject({
      method: 'POST',
      url,
      payload: `{"_csrf":${JSON.stringify(fields._csrf)},"submission_key":"${randomUUID()}","version_id":"${fields.version_id}","q_single":"car","q_comments":"half \\ud800 a pair"}`,
      headers: { 'content-type': 'application/json', cookie: cookie() },
    })
    assert.equal(json.statusCode, 400)
    assert.match(json.json().errors.q_comments, /characters that cannot be saved/)
    assert.equal(await count(), before)
  })

  test('answers to an earlier version ask the person to check them again; another consultation’s are refused', async () => {
    const before = await count()
    const earlier = await browser.post(url, {
      ...fresh(),
      ...good,
      version_id: earlierVersion,
      q_comments: 'kept',
    })
    assert.equal(earlier.statusCode, 400)
    assert.match(earlier.body, /The questions changed after you opened this form/)
    assert.match(earlier.body, />kept<\/textarea>/)
    const other = await browser.post(url, { ...fresh(), ...good, version_id: otherConsultationVersion })
    assert.equal(other.statusCode, 400)
    assert.match(other.body, /something we did not expect/)
    const missing = await browser.post(url, { ...fresh(), ...good, version_id: randomUUID() })
    assert.equal(missing.statusCode, 400)
    assert.equal(await count(), before)
  })

  test('a machine gets problem+json with the field errors, or 201 with the reference', async () => {
    const before = await count()
    const post = (body: Record<string, unknown>, headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, payload: body, headers: { cookie: cookie(), ...headers } })
    const asked = await browser.post(url, { ...fresh(), q_single: 'plane' }, { accept: 'application/json' })
    assert.equal(asked.statusCode, 400)
    assert.equal(asked.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.deepEqual(asked.json().errors, { q_single: 'Select one of the answers shown' })
    const nested = await post({ ...fresh(), q_single: { $ne: 'x' }, q_count: 12 }, {})
    assert.equal(nested.statusCode, 400)
    assert.equal(nested.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.ok(nested.json().errors.q_single && nested.json().errors.q_count)
    assert.equal(await count(), before)

    const key = randomUUID()
    const accepted = await post(
      { ...fresh(), submission_key: key, q_single: 'walk' },
      { accept: 'application/json' },
    )
    assert.equal(accepted.statusCode, 201)
    assert.match(accepted.json().reference, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    assert.equal(accepted.json().receipt, `/consultations/bad-input/receipts/${key}`)
    assert.equal(await count(), before + 1)
  })

  test('free text is stored as typed and escaped on the staff response page', async () => {
    const typed = '<script>alert("hi")</script> & <b>bold</b>\nSecond line'
    const key = randomUUID()
    const sent = await browser.post(url, { ...fresh(), submission_key: key, ...good, q_comments: typed })
    assert.equal(sent.statusCode, 303)
    const row = await t.database.db
      .selectFrom('responses')
      .select(['id', 'answers'])
      .where('submission_key', '=', key)
      .executeTakeFirstOrThrow()
    assert.equal(row.answers.comments, typed)
    const staff = await signedInStaff(t, 'analyst')
    const page = await staff.get(`/admin/responses/${row.id}`)
    assert.equal(page.statusCode, 200)
    assert.ok(!page.body.includes('<script>alert'), 'the script tag is not in the page as markup')
    assert.ok(
      page.body.includes('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'),
    )
  })
})
