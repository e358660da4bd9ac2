import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { createStaff, createTestApp, signedInAs, type TestApp } from '../../../testing/app.js'

describe('staff work with responses', () => {
  let t: TestApp
  let listUrl: string
  let responseId: string
  let reference: string
  const manager = {
    email: 'manager@example.org',
    displayName: 'Mo Manager',
    roles: ['consultation_manager'] as const,
  }
  const analyst = { email: 'analyst@example.org', displayName: 'Ali Analyst', roles: ['analyst'] as const }

  before(async () => {
    t = await createTestApp({ referenceResponses: 400 })
    await createStaff(t, { manager, analyst })
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    listUrl = `/admin/consultations/${consultation.id}/responses`
    const first = await t.database.db
      .selectFrom('responses')
      .select(['id', 'reference'])
      .where('consultation_id', '=', consultation.id)
      .where('channel', '=', 'paper')
      .orderBy('reference')
      .limit(1)
      .executeTakeFirstOrThrow()
    responseId = first.id
    reference = first.reference
  })
  after(() => t.close())

  const signedIn = (who: { email: string }) => signedInAs(t, who.email)
  const matches = (body: string) => Number(/data-testid="match-count">(\d+)</.exec(body)?.[1])

  test('the list filters by channel, reference, answer and date, and says how many match', async () => {
    const browser = await signedIn(analyst)
    const all = await browser.get(listUrl)
    assert.equal(all.statusCode, 200)
    assert.equal(matches(all.body), 400)
    const paper = await browser.get(`${listUrl}?channel=paper`)
    const expectedPaper = await t.database.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', 'paper')
      .executeTakeFirstOrThrow()
    assert.equal(matches(paper.body), Number(expectedPaper.n))
    assert.doesNotMatch(paper.body, /<td class="nhsuk-table__cell">Online<\/td>/)
    const byReference = await browser.get(`${listUrl}?reference=${reference.toLowerCase().replace('-', ' ')}`)
    assert.equal(matches(byReference.body), 1)
    assert.match(byReference.body, new RegExp(`>${reference}<`))
    const agreeing = await browser.get(`${listUrl}?question=p1_agreement&answer=strongly_agree`)
    const expectedAgreeing = await t.database.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb(eb.ref('answers', '->>').key('p1_agreement'), '=', 'strongly_agree'))
      .executeTakeFirstOrThrow()
    assert.ok(Number(expectedAgreeing.n) > 0)
    assert.equal(matches(agreeing.body), Number(expectedAgreeing.n))
    const july = await browser.get(`${listUrl}?from=2021-07-01&to=2021-07-31`)
    assert.ok(matches(july.body) > 0 && matches(july.body) < 400)
    const bad = await browser.get(`${listUrl}?from=2021-02-30&reference=nope`)
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /Enter a reference like K7QF-M3XA/)
  })

  test('the list pages by keyset: older to the end and newer back, each response once, in order', async () => {
    const browser = await signedIn(analyst)
    const consultationId = listUrl.split('/')[3] ?? ''
    const expected = await t.database.db
      .selectFrom('responses')
      .select('reference')
      .where('consultation_id', '=', consultationId)
      .where('channel', '=', 'online')
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .execute()
    assert.ok(expected.length > 100, `${expected.length} online responses`)
    const referencesOn = (body: string) =>
      [...body.matchAll(/class="heard-reference"[^>]*>([^<]+)</g)].map((m) => m[1] ?? '')
    const link = (body: string, text: string) =>
      [...body.matchAll(/href="(\?[^"]+)">([^<]+)</g)].find((m) => m[2] === text)?.[1]?.replace(/&amp;/g, '&')
    const walk = async (start: string, towards: string) => {
      const seen: string[][] = []
      let href: string | undefined = start
      while (href) {
        const page = await browser.get(`${listUrl}${href}`)
        assert.equal(page.statusCode, 200)
        seen.push(referencesOn(page.body))
        href = link(page.body, towards)
      }
      return seen
    }
    const older = await walk('?channel=online', 'Older')
    assert.deepEqual(
      older.flat(),
      expected.map((r) => r.reference),
    )
    assert.equal(older[0]?.length, 50)
    const newer = await walk('?channel=online&at=oldest', 'Newer')
    assert.deepEqual(
      newer.reverse().flat(),
      expected.map((r) => r.reference),
    )
    // A position a link could not have written opens the newest page rather than failing.
    const odd = await browser.get(`${listUrl}?after=yesterday_not-an-id`)
    assert.equal(odd.statusCode, 200)
    assert.deepEqual(referencesOn(odd.body), referencesOn((await browser.get(listUrl)).body))
  })

  test('responses per day by channel add up to the responses counted', async () => {
    const browser = await signedIn(analyst)
    const page = await browser.get(`${listUrl}/per-day`)
    assert.equal(page.statusCode, 200)
    const total = Number(/data-testid="per-day-total">(\d+)</.exec(page.body)?.[1])
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    assert.equal(total, await t.services.responses.countResponses(consultation.id))
    assert.match(page.body, /Paper/)
  })

  test('a malformed or unknown id is not found', async () => {
    const browser = await signedIn(analyst)
    for (const url of [
      '/admin/consultations/not-an-id/responses',
      '/admin/consultations/not-an-id/responses/per-day',
      '/admin/consultations/00000000-0000-4000-8000-000000000000/responses',
      '/admin/responses/not-an-id',
    ])
      assert.equal((await browser.get(url)).statusCode, 404, url)
  })

  test('an analyst can see a response but not exclude it', async () => {
    const browser = await signedIn(analyst)
    const page = await browser.get(`/admin/responses/${responseId}`)
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /Exclude response/)
    const fields = await browser.formFields(`/admin/responses/${responseId}`)
    const refused = await browser.post(`/admin/responses/${responseId}/exclude`, {
      ...fields,
      reason: 'Testing',
    })
    assert.equal(refused.statusCode, 403)
  })

  test('a manager excludes with a reason, the response stays and is not counted, and can be counted again', async () => {
    const consultation = await t.services.consultations.getBySlug(referenceSlug)
    const before = await t.services.responses.countResponses(consultation.id)
    const browser = await signedIn(manager)
    const url = `/admin/responses/${responseId}`
    const fields = await browser.formFields(url)

    const missing = await browser.post(`${url}/exclude`, { ...fields, reason: '  ' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /Enter why this response should be excluded/)

    const excluded = await browser.post(`${url}/exclude`, { ...fields, reason: 'Sent twice by post' })
    assert.equal(excluded.statusCode, 303)
    const shown = await browser.get(url)
    assert.match(shown.body, new RegExp(`Response ${reference} is excluded`))
    assert.match(shown.body, /Reason: Sent twice by post/)
    assert.equal(await t.services.responses.countResponses(consultation.id), before - 1)
    const row = await t.database.db
      .selectFrom('responses')
      .select(['status', 'exclusion_reason', 'excluded_by'])
      .where('id', '=', responseId)
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'excluded')
    assert.equal(row.exclusion_reason, 'Sent twice by post')
    assert.ok(row.excluded_by)

    const twice = await browser.post(`${url}/exclude`, { ...fields, reason: 'Again' })
    assert.equal(twice.statusCode, 409)

    const reinstated = await browser.post(`${url}/reinstate`, {
      ...fields,
      reason: 'It was a different person',
    })
    assert.equal(reinstated.statusCode, 303)
    assert.equal(await t.services.responses.countResponses(consultation.id), before)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'details'])
      .where('entity_id', '=', responseId)
      .orderBy('seq')
      .execute()
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor_label, a.details.reason]),
      [
        ['response.excluded', manager.email, 'Sent twice by post'],
        ['response.reinstated', manager.email, 'It was a different person'],
      ],
    )
  })
})
