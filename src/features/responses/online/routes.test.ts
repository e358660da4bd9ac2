import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { everyQuestionType } from '../../../questionnaire/examples.js'
import { createTestApp, signedInStaff, type TestApp, TestBrowser } from '../../../testing/app.js'

describe('the online form with every question type', () => {
  let t: TestApp
  const url = '/consultations/every-type/respond'

  before(async () => {
    t = await createTestApp()
    const now = Date.now()
    await t.services.consultations.createPublished(
      {
        slug: 'every-type',
        title: 'Every question type',
        summary: 'A questionnaire with one of each kind of question.',
        status: 'open',
        opensAt: new Date(now - 86_400_000),
        closesAt: new Date(now + 86_400_000),
        proposals: [],
        questionnaire: everyQuestionType,
      },
      systemActor,
    )
  })
  after(() => t.close())

  test('every type is rendered with the NHS.UK pattern for it', async () => {
    const browser = new TestBrowser(t.app)
    const started = await browser.post(`${url}/start`, await browser.formFields(url))
    assert.equal(started.headers.location, `${url}/questions/s`)
    const page = await browser.get(`${url}/questions/s`)
    assert.equal(page.statusCode, 200)
    // The question routed on an answer on the same page comes on a page of its own.
    assert.doesNotMatch(page.body, /name="q_why_walk"/)
    for (const fragment of [
      'name="q_single" type="radio"',
      'name="q_multiple" type="checkbox"',
      'value="dont_know"',
      'nhsuk-radios--inline',
      '<textarea',
      'name="q_count"',
      'name="q_when[day]"',
      'name="q_when[year]"',
      'autocomplete="postal-code"',
      'name="q_order[bus]"',
    ]) {
      assert.ok(page.body.includes(fragment), `missing ${fragment}`)
    }
  })

  test('bad answers come back with an error for each, linked from the summary, and nothing is stored', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(url)
    const page = await browser.post(url, {
      ...fields,
      q_multiple: ['bus', 'car', 'walk'],
      q_count: 'lots',
      'q_when[day]': '31',
      'q_when[month]': '2',
      'q_when[year]': '2021',
      q_postcode: 'LE1',
      'q_order[bus]': '1',
      'q_order[car]': '1',
    })
    assert.equal(page.statusCode, 400)
    for (const [href, message] of [
      ['#q_single', 'Select an answer'],
      ['#q_multiple', 'Select no more than 2 answers'],
      ['#q_count', 'Enter a number, like 12'],
      ['#q_when-day', 'Enter a real date'],
      ['#q_postcode', 'Enter a full UK postcode'],
      ['#q_order-bus', 'Give each option a different rank'],
    ]) {
      assert.match(page.body, new RegExp(`<a href="${href}">\\s*${message}`), `summary link for ${href}`)
    }
    // What was typed is shown again.
    assert.match(page.body, /name="q_count"[^>]*value="lots"|value="lots"[^>]*name="q_count"/)
    assert.match(page.body, /value="31"/)
    assert.equal((await t.database.db.selectFrom('responses').select('id').execute()).length, 0)
  })

  test('good answers of every type are stored in their stored forms, with routing applied', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(url)
    const sent = await browser.post(url, {
      ...fields,
      q_single: 'car',
      q_multiple: ['walk', 'bus'],
      q_agree: 'agree',
      q_rate: '4',
      q_comments: 'Fine',
      q_count: '1,024',
      'q_when[day]': '1',
      'q_when[month]': '7',
      'q_when[year]': '2021',
      q_postcode: 'le1 5ww',
      'q_order[bus]': '2',
      'q_order[car]': '3',
      'q_order[walk]': '1',
      q_why_walk: 'routed away, so not stored',
    })
    assert.equal(sent.statusCode, 303)
    const stored = await t.database.db.selectFrom('responses').select('answers').executeTakeFirstOrThrow()
    assert.deepEqual(stored.answers, {
      single: 'car',
      multiple: ['bus', 'walk'],
      agree: 'agree',
      rate: 4,
      comments: 'Fine',
      count: 1024,
      when: '2021-07-01',
      postcode: 'LE1 5WW',
      order: ['walk', 'bus', 'car'],
    })
  })

  test('the preview of a malformed or unknown consultation id is not found', async () => {
    const builder = await signedInStaff(t, 'consultation_manager')
    for (const id of ['not-an-id', '00000000-0000-4000-8000-000000000000']) {
      const page = await builder.get(`/admin/consultations/${id}/questionnaire/preview`)
      assert.equal(page.statusCode, 404, id)
    }
  })
})

describe('the one-page form at its opening and closing times', () => {
  let t: TestApp
  const url = '/consultations/timed/respond'
  const second = 1000
  const opensAt = new Date('2026-05-01T09:00:00Z')
  const closesAt = new Date('2026-06-30T23:00:00Z')
  let clock = new Date(opensAt.getTime() + 86_400_000)

  before(async () => {
    t = await createTestApp({ now: () => clock })
    await t.services.consultations.createPublished(
      {
        slug: 'timed',
        title: 'A consultation with exact times',
        summary: 'Opens and closes at set instants.',
        status: 'open',
        opensAt,
        closesAt,
        proposals: [],
        questionnaire: everyQuestionType,
      },
      systemActor,
    )
  })
  after(() => t.close())

  const storedCount = async () =>
    (
      await t.database.db
        .selectFrom('responses')
        .innerJoin('consultations', 'consultations.id', 'responses.consultation_id')
        .select('responses.id')
        .where('consultations.slug', '=', 'timed')
        .execute()
    ).length

  /** Sends a complete form, its fields taken while the consultation is open, at the instant given. */
  async function sendAt(at: Date) {
    const browser = new TestBrowser(t.app)
    clock = new Date(opensAt.getTime() + 86_400_000)
    const fields = await browser.formFields(url)
    clock = at
    return browser.post(url, { ...fields, q_single: 'bus' })
  }

  test('a response sent one second before opening is refused, and nothing is stored', async () => {
    const before = await storedCount()
    const sent = await sendAt(new Date(opensAt.getTime() - second))
    assert.equal(sent.statusCode, 409)
    assert.equal(await storedCount(), before)
  })

  test('a response sent at the opening instant is stored', async () => {
    const before = await storedCount()
    assert.equal((await sendAt(opensAt)).statusCode, 303)
    assert.equal(await storedCount(), before + 1)
  })

  test('a response sent at the exact closing instant is refused; one second earlier is stored', async () => {
    const before = await storedCount()
    assert.equal((await sendAt(new Date(closesAt.getTime() - second))).statusCode, 303)
    assert.equal((await sendAt(closesAt)).statusCode, 409)
    assert.equal(await storedCount(), before + 1)
  })

  test('the form to start is not offered at the exact closing instant', async () => {
    clock = closesAt
    const page = await t.app.inject(url)
    assert.match(page.body, /This consultation has closed/)
  })
})
