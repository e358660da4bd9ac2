import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openDemoSlug } from '../demo/open-consultation.js'
import { referenceSlug } from '../demo/reference-consultation.js'
import { createTestApp, type TestApp, TestBrowser } from '../testing/app.js'

const formUrl = `/consultations/${openDemoSlug}/respond`

describe('the thin journey over HTTP', () => {
  let t: TestApp
  const staff = { email: 'manager@example.org', password: 'correct horse battery staple' }

  before(async () => {
    t = await createTestApp({ demoResponses: 2, referenceResponses: 0 })
    await t.services.users.createUser({
      ...staff,
      displayName: 'Morgan Manager',
      roles: ['consultation_manager'],
    })
  })
  after(() => t.close())

  const count = async () => {
    const consultation = await t.services.consultations.getBySlug(openDemoSlug)
    return t.services.responses.countResponses(consultation.id)
  }

  test('the home page lists the open consultation', async () => {
    const page = await t.app.inject('/')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Neighbourhood mental health teams: where should they be based\?/)
    assert.match(page.body, new RegExp(`href="/consultations/${openDemoSlug}"`))
  })

  const proposalTitles = (body: string) =>
    [...body.matchAll(/<h3 class="nhsuk-heading-s[^"]*">([^<]+)<\/h3>/g)].map((m) => m[1])

  test('the consultation page shows its proposals in order and invites a response', async () => {
    const page = await t.app.inject(`/consultations/${openDemoSlug}`)
    assert.equal(page.statusCode, 200)
    assert.deepEqual(proposalTitles(page.body), [
      'Base teams in health centres',
      'Base teams in community hubs and libraries',
      'Decide with each neighbourhood',
    ])
    assert.match(page.body, /Respond online/)
  })

  test('a closed consultation shows its eight proposals and offers no online form', async () => {
    const page = await t.app.inject(`/consultations/${referenceSlug}`)
    assert.equal(page.statusCode, 200)
    const titles = proposalTitles(page.body)
    assert.equal(titles.length, 8)
    assert.equal(titles[0], 'A 24/7 Central Access Point')
    assert.equal(titles[7], 'Neighbourhood community mental health teams')
    assert.doesNotMatch(page.body, /Respond online/)
    const form = await t.app.inject(`/consultations/${referenceSlug}/respond`)
    assert.match(form.body, /This consultation has closed/)
    assert.match(form.body, /You can no longer respond online/)
  })

  test('an empty submission shows the error summary, status 400, and stores nothing', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(formUrl)
    const before = await count()
    const page = await browser.post(formUrl, fields)
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /There is a problem/)
    assert.match(page.body, /<a href="#q_overall_agreement">\s*Select an answer\s*<\/a>/)
    assert.match(page.body, /<title>Error: /)
    assert.equal(await count(), before)
  })

  test('a response is received once, with a reference, however often it is sent', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(formUrl)
    const before = await count()
    const answers = {
      ...fields,
      q_overall_agreement: 'agree',
      q_overall_comments: 'Buses <b>from</b> Oakham',
    }
    const first = await browser.post(formUrl, answers)
    assert.equal(first.statusCode, 303)
    const receiptUrl = first.headers.location as string
    assert.match(receiptUrl, new RegExp(`^/consultations/${openDemoSlug}/receipts/[0-9a-f-]{36}$`))
    // A double click, a refresh or a retry sends the same form again.
    const again = await browser.post(formUrl, answers)
    assert.equal(again.headers.location, receiptUrl)
    assert.equal(await count(), before + 1)

    const receipt = await browser.get(receiptUrl)
    assert.equal(receipt.statusCode, 200)
    const reference = /data-testid="receipt-reference">([A-Z0-9]{4}-[A-Z0-9]{4})</.exec(receipt.body)?.[1]
    assert.ok(reference, 'the receipt shows a reference')

    const stored = await t.database.db
      .selectFrom('responses')
      .select(['reference', 'channel', 'answers'])
      .where('reference', '=', reference)
      .execute()
    assert.deepEqual(stored, [
      {
        reference,
        channel: 'online',
        answers: { overall_agreement: 'agree', overall_comments: 'Buses <b>from</b> Oakham' },
      },
    ])

    // Staff sign in and see the count and the response, with the comment escaped.
    const staffBrowser = new TestBrowser(t.app)
    const signIn = await staffBrowser.signIn(staff.email, staff.password)
    assert.equal(signIn.statusCode, 303)
    assert.equal(signIn.headers.location, '/admin')
    const admin = await staffBrowser.get('/admin')
    assert.equal(admin.statusCode, 200)
    assert.match(admin.body, /You are signed in/)
    assert.match(admin.body, new RegExp(`data-testid="response-count">${before + 1}<`))
    const consultation = await t.services.consultations.getBySlug(openDemoSlug)
    const list = await staffBrowser.get(`/admin/consultations/${consultation.id}/responses`)
    const href = new RegExp(`href="(/admin/responses/[0-9a-f-]{36})">${reference}<`).exec(list.body)?.[1]
    assert.ok(href, 'the list links to the response')
    const shown = await staffBrowser.get(href)
    assert.equal(shown.statusCode, 200)
    assert.match(shown.body, /Buses &lt;b&gt;from&lt;\/b&gt; Oakham/)
    assert.match(shown.body, /Agree/)
  })

  test('a forged option or an unknown field is refused with 400 and nothing stored', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(formUrl)
    const before = await count()
    const forged = await browser.post(formUrl, { ...fields, q_overall_agreement: 'overwhelmingly' })
    assert.equal(forged.statusCode, 400)
    assert.match(forged.body, /Select one of the answers shown/)
    const unknown = await browser.post(formUrl, { ...fields, q_overall_agreement: 'agree', is_admin: 'yes' })
    assert.equal(unknown.statusCode, 400)
    const otherVersion = await browser.post(formUrl, {
      ...fields,
      version_id: '00000000-0000-4000-8000-000000000000',
      q_overall_agreement: 'agree',
    })
    assert.equal(otherVersion.statusCode, 400)
    assert.equal(await count(), before)
  })

  test('the footer links to the accessibility statement and privacy pages', async () => {
    const home = await t.app.inject('/')
    for (const [href, heading] of [
      ['/accessibility', 'Accessibility statement'],
      ['/privacy', 'Privacy'],
    ] as const) {
      assert.match(home.body, new RegExp(`href="${href}"`))
      const page = await t.app.inject(href)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, new RegExp(`<h1 class="nhsuk-heading-l">${heading}</h1>`))
    }
  })

  test('an unknown receipt is a 404 page', async () => {
    const page = await t.app.inject(
      `/consultations/${openDemoSlug}/receipts/00000000-0000-4000-8000-000000000000`,
    )
    assert.equal(page.statusCode, 404)
    assert.match(page.body, /Page not found/)
  })
})
