import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp, TestBrowser } from '../../../testing/app.js'

// The public pages of consultations that have closed: listed under "Closed" whatever became of
// them, and inviting no more responses.

describe('the public pages of closed consultations', () => {
  let t: TestApp
  const contact = {
    contact_email: 'engage@example.org',
    contact_phone: '0116 000 0000',
    freepost_address: 'Freepost HEARD\nLeicester',
  }

  before(async () => {
    t = await createTestApp()
    await t.database.db
      .insertInto('consultations')
      .values([
        {
          slug: 'closed-2021',
          title: 'Closed in 2021',
          status: 'decided',
          opens_at: new Date('2021-05-23T23:00:00Z'),
          closes_at: new Date('2021-08-15T22:59:59Z'),
          postal_deadline_at: new Date('2021-08-25T22:59:59Z'),
          ...contact,
        },
        {
          slug: 'archived-2019',
          title: 'Archived since 2020',
          status: 'archived',
          opens_at: new Date('2019-01-07T09:00:00Z'),
          closes_at: new Date('2019-03-31T22:59:59Z'),
          ...contact,
        },
      ])
      .execute()
  })
  after(() => t.close())

  test('a closed consultation no longer invites responses on paper, by phone or by email', async () => {
    const page = await new TestBrowser(t.app).get('/consultations/closed-2021')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /data-testid="no-longer-responding">This consultation closed on/)
    assert.doesNotMatch(page.body, /How to respond/)
    assert.doesNotMatch(page.body, /data-testid="freepost"/)
    assert.doesNotMatch(page.body, /Send a paper questionnaire/)
    assert.doesNotMatch(page.body, /to give your views/)
    assert.match(page.body, /If you have a question about it, contact us/)
  })

  test('an archived consultation stays in the public list of closed consultations', async () => {
    const home = await new TestBrowser(t.app).get('/')
    assert.match(home.body, /href="\/consultations\/closed-2021"/)
    assert.match(home.body, /href="\/consultations\/archived-2019"/)
    const page = await new TestBrowser(t.app).get('/consultations/archived-2019')
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /Send a paper questionnaire/)
  })
})
