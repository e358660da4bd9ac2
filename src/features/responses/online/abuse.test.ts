import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  TestBrowser,
} from '../../../testing/app.js'
import {
  addressBucket,
  hashAddress,
  honeypotField,
  honeypotFilled,
  judgeAddress,
  responseFlags,
  withoutHoneypot,
} from './abuse.js'

describe('anti-abuse rules', () => {
  const limits = { flagPerHour: 20, limitPerHour: 300 }

  test('an address is flagged above the soft threshold and refused only above the hard limit', () => {
    assert.equal(judgeAddress(1, limits), 'ordinary')
    assert.equal(judgeAddress(20, limits), 'ordinary')
    assert.equal(judgeAddress(21, limits), 'flag')
    assert.equal(judgeAddress(300, limits), 'flag')
    assert.equal(judgeAddress(301, limits), 'refuse')
  })

  test('the honeypot counts as filled only when something other than spaces is in it', () => {
    assert.equal(honeypotFilled({}), false)
    assert.equal(honeypotFilled({ [honeypotField]: '' }), false)
    assert.equal(honeypotFilled({ [honeypotField]: '  ' }), false)
    assert.equal(honeypotFilled({ [honeypotField]: 'http://spam.example' }), true)
    assert.equal(honeypotFilled({ [honeypotField]: ['', ''] }), true)
    assert.deepEqual(withoutHoneypot({ [honeypotField]: 'x', q_a: 'yes' }), { q_a: 'yes' })
  })

  test('flags say which checks were tripped', () => {
    assert.deepEqual(responseFlags({ honeypot: false, verdict: 'ordinary' }), [])
    assert.deepEqual(responseFlags({ honeypot: true, verdict: 'flag' }), ['honeypot', 'many_from_address'])
  })

  test('addresses are grouped by connection: IPv4 as is, IPv4-mapped as IPv4, IPv6 by its /64', () => {
    assert.equal(addressBucket('203.0.113.9'), '203.0.113.9')
    assert.equal(addressBucket('::ffff:203.0.113.9'), '203.0.113.9')
    assert.equal(addressBucket('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64')
    assert.equal(addressBucket('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64')
    assert.equal(addressBucket('::1'), '0:0:0:0::/64')
    assert.equal(addressBucket('not an address'), 'not an address')
  })

  test('the hash is stable for a connection, differs by salt, and does not contain the address', () => {
    const a = hashAddress('salt one', '2001:db8:1:2::5')
    assert.equal(a, hashAddress('salt one', '2001:db8:1:2:ffff::9'))
    assert.notEqual(a, hashAddress('salt two', '2001:db8:1:2::5'))
    assert.notEqual(hashAddress('salt one', '203.0.113.9'), hashAddress('salt one', '203.0.113.10'))
    assert.doesNotMatch(hashAddress('salt one', '203.0.113.9'), /203/)
  })
})

describe('anti-abuse on the online form', () => {
  let t: TestApp
  const url = '/consultations/abuse-check/respond'
  const answers = { q_single: 'car', q_comments: 'A comment' }

  before(async () => {
    // The tests stand behind a proxy on this machine, so that X-Forwarded-For can name each sender.
    t = await createTestApp({
      env: {
        HEARD_SUBMIT_FLAG_PER_HOUR: '2',
        HEARD_SUBMIT_LIMIT_PER_HOUR: '4',
        HEARD_TRUST_PROXY: '127.0.0.1',
      },
    })
    await publishOpenConsultation(t.services, 'abuse-check')
  })
  after(() => t.close())

  const stored = () =>
    t.database.db.selectFrom('responses').select(['submission_key', 'flags', 'address_hash']).execute()

  test('the honeypot is hidden, labelled to be left empty, and kept out of autofill and the tab order', async () => {
    // On the one-step form (shown again when a send has errors) and on check your answers.
    const browser = new TestBrowser(t.app)
    const page = await browser.post(url, await browser.formFields(url))
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /<div class="heard-honeypot">\s*<label for="website">Leave this box empty/)
    assert.match(
      page.body,
      /<input id="website" name="website" type="text" value="" autocomplete="off" tabindex="-1">/,
    )
  })

  test('a filled honeypot gets an ordinary receipt, and the response is stored with a flag', async () => {
    const browser = new TestBrowser(t.app)
    const fields = await browser.formFields(url)
    const sent = await browser.post(
      url,
      { ...fields, ...answers, website: 'http://cheap-pills.example' },
      { 'x-forwarded-for': '198.51.100.1' },
    )
    assert.equal(sent.statusCode, 303)
    const receipt = await browser.get(sent.headers.location as string)
    assert.match(receipt.body, /Response received/)
    const row = (await stored()).find((r) => r.submission_key === fields.submission_key)
    assert.deepEqual(row?.flags, ['honeypot'])
    assert.ok(row?.address_hash && !row.address_hash.includes('198.51'))
  })

  test('one address is flagged above the soft threshold, refused above the hard one, and others carry on', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' }
    const browser = new TestBrowser(t.app)
    const statuses: number[] = []
    const keys: string[] = []
    for (let i = 0; i < 5; i++) {
      const fields = await browser.formFields(url)
      keys.push(fields.submission_key ?? '')
      statuses.push((await browser.post(url, { ...fields, ...answers }, from)).statusCode)
    }
    assert.deepEqual(statuses, [303, 303, 303, 303, 429])
    const rows = await stored()
    const flagsOf = (key: string | undefined) => rows.find((r) => r.submission_key === key)?.flags
    assert.deepEqual(keys.slice(0, 4).map(flagsOf), [[], [], ['many_from_address'], ['many_from_address']])
    assert.equal(flagsOf(keys[4]), undefined, 'the refused one is not stored')
    assert.equal(
      new Set(rows.filter((r) => keys.includes(r.submission_key)).map((r) => r.address_hash)).size,
      1,
    )

    // The refusal is a page that says what happened and what else to do, and says when to try again.
    const fields = await browser.formFields(url)
    const refused = await browser.post(url, { ...fields, ...answers }, from)
    assert.equal(refused.statusCode, 429)
    assert.ok(Number(refused.headers['retry-after']) > 0)
    assert.match(refused.body, /Your response has not been sent yet/)
    assert.match(refused.body, /by post, by phone or at an event/)
    assert.match(refused.body, /href="\/consultations\/abuse-check"/)

    // A retry of a response that was already accepted still gets its receipt, and is not counted.
    const hitsSoFar = async () =>
      (await t.database.db.selectFrom('rate_limit_hits').select('hits').execute()).reduce(
        (n, r) => n + r.hits,
        0,
      )
    const hitsBefore = await hitsSoFar()
    const retried = await browser.post(url, { ...fields, ...answers, submission_key: keys[0] ?? '' }, from)
    assert.equal(retried.statusCode, 303)
    assert.equal(await hitsSoFar(), hitsBefore)

    // A machine gets problem+json.
    const json = await browser.post(url, { ...fields, ...answers }, { ...from, accept: 'application/json' })
    assert.equal(json.statusCode, 429)
    assert.equal(json.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.equal(json.json().title, 'Too many responses from this address')

    // Another address is unaffected, and the raw addresses are nowhere in the counts.
    const other = await browser.post(url, { ...fields, ...answers }, { 'x-forwarded-for': '192.0.2.44' })
    assert.equal(other.statusCode, 303)
    const counts = await t.database.db.selectFrom('rate_limit_hits').select('key').execute()
    assert.ok(counts.length > 0)
    assert.ok(counts.every((c) => !/203\.0|192\.0|198\.51/.test(c.key)))
  })

  test('staff see the flags on the list and on the response, and can filter by them', async () => {
    const browser = await signedInStaff(t, 'analyst')
    const consultation = await t.services.consultations.getBySlug('abuse-check')
    const list = `/admin/consultations/${consultation.id}/responses`
    const matches = async (query: string) =>
      Number(/data-testid="match-count">(\d+)</.exec((await browser.get(`${list}${query}`)).body)?.[1])
    const rows = await stored()
    const withFlag = (f: string) => rows.filter((r) => r.flags.some((x) => f === 'any' || x === f)).length
    assert.equal(await matches(''), rows.length)
    assert.equal(await matches('?flag=any'), withFlag('any'))
    assert.equal(await matches('?flag=honeypot'), 1)
    assert.equal(await matches('?flag=many_from_address'), withFlag('many_from_address'))
    const page = await browser.get(`${list}?flag=honeypot`)
    assert.match(page.body, /Hidden field filled in/)
    const id = /href="\/admin\/responses\/([0-9a-f-]+)"/.exec(page.body)?.[1]
    const shown = await browser.get(`/admin/responses/${id}`)
    assert.match(shown.body, /Hidden field filled in/)
    assert.match(shown.body, /It is counted unless you exclude it/)
  })
})

describe('X-Forwarded-For with no proxy trusted (the default)', () => {
  let t: TestApp
  const url = '/consultations/forged-address/respond'
  const answers = { q_single: 'car', q_comments: 'A comment' }

  before(async () => {
    t = await createTestApp({ env: { HEARD_SUBMIT_FLAG_PER_HOUR: '1', HEARD_SUBMIT_LIMIT_PER_HOUR: '2' } })
    await publishOpenConsultation(t.services, 'forged-address')
  })
  after(() => t.close())

  test('a forged address does not change the address counted, so it neither escapes the flag nor the limit', async () => {
    const browser = new TestBrowser(t.app)
    const statuses: number[] = []
    const keys: string[] = []
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const fields = await browser.formFields(url)
      keys.push(fields.submission_key ?? '')
      statuses.push(
        (await browser.post(url, { ...fields, ...answers }, { 'x-forwarded-for': forged })).statusCode,
      )
    }
    assert.deepEqual(statuses, [303, 303, 429])
    const rows = await t.database.db
      .selectFrom('responses')
      .select(['submission_key', 'flags', 'address_hash'])
      .where('submission_key', 'in', keys)
      .execute()
    const flagsOf = (key: string | undefined) => rows.find((r) => r.submission_key === key)?.flags
    assert.deepEqual(keys.slice(0, 2).map(flagsOf), [[], ['many_from_address']])
    assert.equal(new Set(rows.map((r) => r.address_hash)).size, 1)
    const salt = await t.database.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'address_hash_salt')
      .executeTakeFirstOrThrow()
    assert.equal(rows[0]?.address_hash, hashAddress(salt.value, '127.0.0.1'), 'the connecting address')
  })
})
