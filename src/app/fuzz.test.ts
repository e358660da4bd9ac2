import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'
import { openDemoSlug } from '../demo/open-consultation.js'
import { systemActor } from '../platform/audit/audit-log.js'
import { roles } from '../platform/auth/roles.js'
import { seededRandom } from '../platform/random/seeded-random.js'
import {
  createTestApp,
  publishOpenConsultation,
  signedInAs,
  staffPassword,
  type TestApp,
  TestBrowser,
} from '../testing/app.js'
import { hiddenFields } from '../testing/rendered-forms.js'

// heard-test: slow (ten thousand requests), so it is started first.
// The security suite's fuzz (issue 20, finding 7): a seeded run of bad input at the public form,
// the journey pages, the uploads and every staff route's path and query. No request may end in a
// server error, and no online response may be stored without the receipt that says so.

const seed = 20
// The full count on both databases; HEARD_FUZZ_REQUESTS runs the start of the same seeded sequence.
const requests = Number(process.env.HEARD_FUZZ_REQUESTS ?? 10_000)
// Requests in flight at once, as several browsers would send them.
const concurrency = 8
const formSlug = 'fuzz-form'

const nasty: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\r\nX-Injected: 1',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  `${randomUUID().slice(0, 35)}\u0000`,
  'x'.repeat(5000),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  `"'\``,
  '-1',
  '0',
  '99999999999999999999999',
  '1e309',
  'NaN',
  '[]',
  '{"a":1}',
  'é漢字🙂',
  '\uFFFD',
  '=HYPERLINK("http://x")',
  '%',
  'true',
  'null',
]
// Written into a URL as they are: bad escapes, encoded NUL and line breaks, dot segments.
const rawInUrl: readonly string[] = ['%00', '%0d%0aX', '%ZZ', '%', '%2e%2e%2f', '..', '%E0%A4%A', '%C0%80']
const queryNames = [
  'page',
  'after',
  'before',
  'q',
  'sort',
  'lang',
  'next',
  'status',
  'filter',
  'question',
  'theme',
  'channel',
  'format',
  'version',
  'kind',
  'change',
]

type Random = () => number
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T

function fuzzedUrlPart(random: Random, valid: string): string {
  const roll = random()
  if (roll < 0.15) return valid
  if (roll < 0.5) return pick(random, rawInUrl)
  return encodeURIComponent(pick(random, nasty))
}

function fuzzedQuery(random: Random): string {
  const count = Math.floor(random() * 3)
  const parts = Array.from({ length: count }, () => {
    const value = random() < 0.3 ? pick(random, rawInUrl) : encodeURIComponent(pick(random, nasty))
    return `${pick(random, queryNames)}=${value}`
  })
  return parts.length ? `?${parts.join('&')}` : ''
}

function fuzzedForm(random: Random, names: readonly string[], values: readonly string[]) {
  const form: Record<string, string | string[]> = {}
  for (const name of names) {
    const roll = random()
    if (roll < 0.2) continue
    if (roll < 0.6) form[name] = pick(random, values)
    else if (roll < 0.7) form[name] = [pick(random, values), pick(random, nasty)]
    else form[name] = pick(random, nasty)
  }
  if (random() < 0.2) form[pick(random, nasty)] = pick(random, nasty)
  return form
}

interface Outcome {
  label: string
  status: number
  location: string
}

let t: TestApp
let staffBrowser: TestBrowser
let staffCsrf: string
let consultationId: string
let formNames: string[]
let formValues: string[]

before(async () => {
  t = await createTestApp({
    env: { HEARD_SUBMIT_FLAG_PER_HOUR: '100000', HEARD_SUBMIT_LIMIT_PER_HOUR: '100000' },
  })
  await publishOpenConsultation(t.services, formSlug)
  consultationId = (await t.services.consultations.getBySlug(openDemoSlug)).id
  // One person with every role, so that every staff route's handler is reached, not its guard.
  const email = 'fuzz@example.org'
  const userId = await t.services.users.createUser({
    email,
    password: staffPassword,
    displayName: 'Fuzz',
    roles: [...roles],
  })
  await t.database.db.insertInto('organisations').values({ name: 'Fuzz Partners', kind: 'vcs' }).execute()
  await t.services.partners.linkCollector(userId, 'Fuzz Partners', systemActor)
  staffBrowser = await signedInAs(t, email)
  staffCsrf = (await staffBrowser.formFields('/admin/sign-out'))._csrf ?? ''
  const form = (await t.app.inject(`/consultations/${formSlug}/respond`)).body
  formNames = [...new Set([...form.matchAll(/ name="([^"]+)"/g)].map((m) => m[1] ?? ''))].filter(
    (name) => name !== '_csrf' && name !== 'submission_key',
  )
  formValues = [...new Set([...form.matchAll(/ value="([^"]*)"/g)].map((m) => m[1] ?? ''))]
})
after(() => t.close())

const onlineResponses = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('responses')
        .where('channel', '=', 'online')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

test(`${requests} seeded requests of bad input: no server error, nothing stored without a receipt`, async () => {
  const random = seededRandom(seed)
  const staffRoutes = t.app.routeRules.filter(
    (rule) => rule.method !== 'HEAD' && Array.isArray(rule.access) && !rule.url.startsWith('/admin/sign-'),
  )
  const uploadRoutes = [
    `/admin/consultations/${consultationId}/imports`,
    `/admin/consultations/${consultationId}/documents`,
    `/admin/consultations/${consultationId}/paper`,
    `/admin/consultations/${consultationId}/correspondence`,
  ]
  // Browsers that have opened the form once and send it again and again, as a bot would.
  const respondents = Array.from({ length: concurrency }, async () => {
    const browser = new TestBrowser(t.app)
    const page = await browser.get(`/consultations/${formSlug}/respond`)
    return { browser, csrf: hiddenFields(page.body)._csrf ?? '' }
  })
  const onlineBefore = await onlineResponses()
  const receipts = new Set<string>()
  const failures: Outcome[] = []
  let sent = 0

  const record = (label: string, response: { statusCode: number; headers: Record<string, unknown> }) => {
    sent++
    const location = String(response.headers.location ?? '')
    if (response.statusCode >= 500) failures.push({ label, status: response.statusCode, location })
    const receipt = location.match(/\/receipts\/([^/?]+)$/)?.[1]
    if (response.statusCode === 303 && receipt) receipts.add(receipt)
  }

  // Each task is a few requests one after another, made from the seeded numbers before it runs.
  const tasks: (() => Promise<void>)[] = []
  let planned = 0
  while (planned < requests) {
    const roll = random()
    if (roll < 0.55) {
      const rule = pick(random, staffRoutes)
      const path = rule.url.replace(/:(\w+)/g, (_m, name: string) =>
        fuzzedUrlPart(random, name === 'id' ? consultationId : randomUUID()),
      )
      const url = `${path}${fuzzedQuery(random)}`
      const form = fuzzedForm(random, ['name', 'title', 'reason', 'note', 'comment', 'value'], nasty)
      tasks.push(async () => {
        const response =
          rule.method === 'GET'
            ? await staffBrowser.get(url)
            : await staffBrowser.post(url, { ...form, _csrf: staffCsrf })
        record(`${rule.method} ${url}`, response)
      })
      planned++
    } else if (roll < 0.8) {
      const slug = random() < 0.9 ? formSlug : fuzzedUrlPart(random, formSlug)
      const url = `/consultations/${slug}/respond${fuzzedQuery(random)}`
      const form = fuzzedForm(random, formNames, formValues)
      const key = random() < 0.8 ? randomUUID() : pick(random, nasty)
      const respondent = pick(random, respondents)
      tasks.push(async () => {
        const { browser, csrf } = await respondent
        record(`POST ${url}`, await browser.post(url, { ...form, _csrf: csrf, submission_key: key }))
      })
      planned++
    } else if (roll < 0.88) {
      const steps = Array.from({ length: 3 }, () => ({
        page: fuzzedUrlPart(random, pick(random, ['1', '2', 'about', 'check-answers'])),
        form: fuzzedForm(random, formNames, formValues),
        query: fuzzedQuery(random),
      }))
      const lang = random() < 0.5 ? '' : `?lang=${encodeURIComponent(pick(random, nasty))}`
      tasks.push(async () => {
        const browser = new TestBrowser(t.app)
        const base = `/consultations/${formSlug}/respond`
        const page = await browser.get(base)
        record(`GET ${base}`, page)
        const csrf = hiddenFields(page.body)._csrf ?? ''
        record(
          `POST start${lang}`,
          await browser.post(`${base}/start${lang}`, { _csrf: csrf, submission_key: randomUUID() }),
        )
        for (const step of steps) {
          const url = `${base}/questions/${step.page}${step.query}`
          record(`GET ${url}`, await browser.get(url))
          record(`POST ${url}`, await browser.post(url, { ...step.form, _csrf: csrf }))
        }
        record(`POST about`, await browser.post(`${base}/about`, { ...steps[0]?.form, _csrf: csrf }))
        record(`POST submit`, await browser.post(`${base}/submit`, { _csrf: csrf }))
      })
      planned += 10
    } else {
      const url = pick(random, uploadRoutes)
      const fields: Record<string, string> = { _csrf: staffCsrf }
      for (const name of ['title', 'kind', 'name', 'mapping_name', 'received_on', 'channel', 'description'])
        if (random() < 0.5) fields[name] = pick(random, nasty)
      const fileName = pick(random, [...nasty, 'responses.csv', 'scan.pdf', 'a\u0000.csv', 'a\r\n.csv'])
      const data = Buffer.from(
        pick(random, ['name,comment\nA,B\n', '%PDF-1.4\n', '\u0000\u0001\u0002', 'PK\u0003\u0004']),
      )
      const withFile = random() < 0.8
      tasks.push(async () => {
        const response = await staffBrowser.upload(
          url,
          fields,
          pick(random, ['file', 'scan', 'document']),
          withFile ? { name: fileName, data } : undefined,
        )
        record(`POST ${url} (upload ${JSON.stringify(fileName)})`, response)
      })
      planned++
    }
  }

  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let task = tasks[next++]; task; task = tasks[next++]) await task()
    }),
  )

  assert.ok(sent >= requests, `${sent} requests sent`)
  assert.deepEqual(failures.slice(0, 20), [])
  // Every online response stored has the receipt its sender was given, and no more.
  assert.equal((await onlineResponses()) - onlineBefore, receipts.size)
})
