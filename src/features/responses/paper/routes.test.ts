import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import type { Role } from '../../../platform/db/schema.js'
import { londonWallClock } from '../../../platform/time/london.js'
import {
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  type TestBrowser,
} from '../../../testing/app.js'

const day = 86_400_000
/** The date boxes of the entry form for a UK day this many days from now. */
function received(daysFromNow: number, prefix = 'received') {
  const [year, month, dayOfMonth] = londonWallClock(new Date(Date.now() + daysFromNow * day)).date.split('-')
  return {
    [`${prefix}[day]`]: String(Number(dayOfMonth)),
    [`${prefix}[month]`]: String(Number(month)),
    [`${prefix}[year]`]: year ?? '',
  }
}

describe('paper entry, double entry and late returns', () => {
  let t: TestApp
  let consultationId: string
  let lateConsultationId: string
  let keyerA: TestBrowser
  let keyerB: TestBrowser
  let manager: TestBrowser

  before(async () => {
    t = await createTestApp()
    consultationId = await publishOpenConsultation(t.services, 'paper-test')
    const now = Date.now()
    lateConsultationId = await t.services.consultations.createPublished(
      {
        slug: 'paper-late',
        title: 'A consultation closed to post',
        summary: 'Closed.',
        status: 'closed',
        opensAt: new Date(now - 20 * day),
        closesAt: new Date(now - 10 * day),
        postalDeadlineAt: new Date(now - 5 * day),
        proposals: [],
        questionnaire: {
          sections: [
            { key: 's', title: 'Q', questions: [{ key: 'views', type: 'free_text', title: 'Your views' }] },
          ],
        },
      },
      systemActor,
    )
    keyerA = await signedInStaff(t, 'data_entry')
    keyerB = await signedInStaff(t, 'data_entry')
    manager = await signedInStaff(t, 'consultation_manager')
  })
  after(() => t.close())

  const entryUrl = (id: string) => `/admin/consultations/${id}/paper/new`
  const key = async (browser: TestBrowser, id: string, form: Record<string, string | string[]>) => {
    const fields = await browser.formFields(entryUrl(id))
    return browser.post(`/admin/consultations/${id}/paper`, { ...fields, ...form })
  }
  const count = async (table: 'responses' | 'paper_returns' | 'paper_keyings' | 'audit_log') => {
    const row = await t.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
  const counts = async () => ({
    responses: await count('responses'),
    papers: await count('paper_returns'),
    keyings: await count('paper_keyings'),
    audit: await count('audit_log'),
  })

  test('a keyed paper becomes a paper response at once when double entry is off; routed-away answers are not kept', async () => {
    const page = await keyerA.get(entryUrl(consultationId))
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Key a paper questionnaire/)
    assert.match(page.body, /name="q_why_walk"/, 'every question of the version is on the one page')
    const sent = await key(keyerA, consultationId, {
      paper_reference: 'p 101',
      batch: 'Freepost 1',
      ...received(0),
      q_single: 'bus',
      q_why_walk: 'Written though the paper routed past it',
      q_comments: 'Too far to travel',
    })
    assert.equal(sent.statusCode, 303)
    assert.match(String(sent.headers.location), /paper\/new\?batch=Freepost\+1&received=/)
    const next = await keyerA.get(String(sent.headers.location))
    assert.match(next.body, /Paper P101 is saved as a response/)
    assert.match(next.body, /value="Freepost 1"/, 'the batch is kept for the next paper')
    const response = await t.database.db
      .selectFrom('responses')
      .innerJoin('paper_returns', 'paper_returns.response_id', 'responses.id')
      .select(['responses.channel', 'responses.answers', 'responses.late', 'paper_returns.status'])
      .where('paper_returns.paper_reference', '=', 'P101')
      .executeTakeFirstOrThrow()
    assert.equal(response.channel, 'paper')
    assert.equal(response.late, false)
    assert.equal(response.status, 'reconciled')
    assert.deepEqual(response.answers, { single: 'bus', comments: 'Too far to travel' })
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute()
    assert.deepEqual(audit.map((a) => a.action).sort(), ['paper.keyed', 'response.submitted'])
  })

  test('bad input is refused with a clear message and nothing is written', async () => {
    const before = await counts()
    const cases: [Record<string, string>, RegExp][] = [
      [
        { paper_reference: 'P102', batch: 'B', ...received(1), q_single: 'bus' },
        /must be today or in the past/,
      ],
      [
        { paper_reference: 'P102', batch: 'B', ...received(-3), q_single: 'bus' },
        /on or after .*, when the consultation opened/,
      ],
      [
        { paper_reference: 'p101', batch: 'B', ...received(0), q_single: 'bus' },
        /Paper P101 has already been entered for this consultation/,
      ],
      [
        { paper_reference: 'P-102!', batch: 'B', ...received(0), q_single: 'bus' },
        /1 to 9 letters and numbers/,
      ],
      [{ paper_reference: 'P102', batch: '', ...received(0), q_single: 'bus' }, /Enter the batch/],
      [{ paper_reference: 'P102', batch: 'B', q_single: 'bus' }, /Enter the date the paper was received/],
      [
        { paper_reference: 'P102', batch: 'B', ...received(0), q_single: 'plane' },
        /Select one of the answers shown/,
      ],
      [
        { paper_reference: 'P102', batch: 'B', ...received(0), q_single: 'bus', q_count: 'lots' },
        /Enter a number, like 12/,
      ],
      [
        { paper_reference: 'P102', batch: 'B', ...received(0), q_single: 'bus', version_id: consultationId },
        /The questionnaire changed/,
      ],
    ]
    for (const [form, message] of cases) {
      const refused = await key(keyerA, consultationId, form)
      assert.equal(refused.statusCode, 422, String(message))
      assert.match(refused.body, /There is a problem/)
      assert.match(refused.body, message)
    }
    const machine = await keyerA.formFields(entryUrl(consultationId))
    const problem = await keyerA.post(
      `/admin/consultations/${consultationId}/paper`,
      { ...machine, paper_reference: 'P102', batch: 'B', ...received(1), q_single: 'bus' },
      { accept: 'application/json' },
    )
    assert.equal(problem.statusCode, 400)
    assert.match(String(problem.headers['content-type']), /application\/problem\+json/)
    assert.match(problem.json().errors['received-day'], /today or in the past/)
    assert.deepEqual(await counts(), before)
  })

  test('a scan is kept when it is what it claims, and refused by its content otherwise', async () => {
    const fields = await keyerA.formFields(entryUrl(consultationId))
    const multipart = (file: Buffer, reference: string) => {
      const boundary = '----heardtest'
      const parts = Object.entries({
        ...fields,
        paper_reference: reference,
        batch: 'B',
        ...received(0),
        q_single: 'car',
      }).map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      const payload = Buffer.concat([
        Buffer.from(parts.join('')),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
      return t.app.inject({
        method: 'POST',
        url: `/admin/consultations/${consultationId}/paper`,
        payload,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: [...keyerA.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
        },
      })
    }
    const before = await counts()
    const fake = await multipart(Buffer.from('MZ this is a program'), 'P103')
    assert.equal(fake.statusCode, 422)
    assert.match(fake.body, /The scan must be a PDF, JPEG, PNG or TIFF file/)
    assert.deepEqual(await counts(), before)
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
    const kept = await multipart(pdf, 'P103')
    assert.equal(kept.statusCode, 303)
    const scan = await t.database.db
      .selectFrom('paper_scans')
      .select(['media_type', 'byte_size'])
      .executeTakeFirstOrThrow()
    assert.deepEqual(scan, { media_type: 'application/pdf', byte_size: pdf.length })
  })

  test('a malformed or unknown id is not found', async () => {
    // Keying is the data-entry role's alone: anyone else is refused before the id is looked at.
    assert.equal((await keyerA.get('/admin/consultations/not-an-id/paper/new')).statusCode, 404)
    for (const url of [
      '/admin/consultations/not-an-id/paper',
      '/admin/consultations/00000000-0000-4000-8000-000000000000/paper',
      '/admin/consultations/not-an-id/late-returns',
      '/admin/paper/not-an-id',
      '/admin/paper/scans/not-an-id',
      '/admin/responses/not-an-id/late-decision',
    ])
      assert.equal((await manager.get(url)).statusCode, 404, url)
  })

  test('each role may do only its part', async () => {
    for (const role of [
      'analyst',
      'consultation_manager',
      'administrator',
      'observer',
      'partner_collector',
      'governance_officer',
    ] as Role[]) {
      const browser = await signedInStaff(t, role)
      assert.equal((await browser.get(entryUrl(consultationId))).statusCode, 403, role)
      const fields = await browser.formFields('/admin/sign-out')
      assert.ok(fields._csrf, 'a real token, so the refusal is the role check')
      const posted = await browser.post(`/admin/consultations/${consultationId}/paper`, {
        ...fields,
        paper_reference: 'P199',
        batch: 'B',
        ...received(0),
        q_single: 'bus',
      })
      assert.equal(posted.statusCode, 403, role)
    }
    const analyst = await signedInStaff(t, 'analyst')
    for (const url of [
      `/admin/consultations/${consultationId}/paper`,
      `/admin/consultations/${consultationId}/paper/accuracy`,
      `/admin/consultations/${consultationId}/late-returns`,
    ]) {
      assert.equal((await keyerA.get(url)).statusCode, 403, url)
      assert.equal((await analyst.get(url)).statusCode, 403, url)
      assert.equal((await manager.get(url)).statusCode, 200, url)
    }
    const fields = await keyerA.formFields('/admin/sign-out')
    const toggled = await keyerA.post(`/admin/consultations/${consultationId}/paper/double-entry`, {
      ...fields,
      double_entry: 'on',
    })
    assert.equal(toggled.statusCode, 403)
    assert.equal((await t.app.inject({ url: entryUrl(consultationId) })).statusCode, 303)
    assert.equal(await count('paper_returns'), 2)
  })

  test('double entry: two people key blind, a match makes the response, a mismatch waits for a supervisor', async () => {
    const fields = await manager.formFields(`/admin/consultations/${consultationId}/paper`)
    const on = await manager.post(`/admin/consultations/${consultationId}/paper/double-entry`, {
      ...fields,
      double_entry: 'on',
    })
    assert.equal(on.statusCode, 303)
    const paper = {
      batch: 'Freepost 2',
      ...received(0),
      q_single: 'walk',
      q_why_walk: 'Exercise',
      q_rate: '4',
    }
    const responsesBefore = await count('responses')

    assert.equal((await key(keyerA, consultationId, { ...paper, paper_reference: 'D1' })).statusCode, 303)
    const again = await key(keyerA, consultationId, { ...paper, paper_reference: 'D1' })
    assert.equal(again.statusCode, 422)
    assert.match(again.body, /You have already keyed paper D1. Someone else must key the second copy/)
    const blind = await keyerB.get(entryUrl(consultationId))
    assert.doesNotMatch(blind.body, /Exercise/, 'the second keyer does not see the first keying')
    assert.equal(await count('responses'), responsesBefore, 'nothing is a response until reconciled')
    const matched = await key(keyerB, consultationId, { ...paper, paper_reference: 'D1' })
    assert.equal(matched.statusCode, 303)
    assert.match(
      (await keyerB.get(String(matched.headers.location))).body,
      /Paper D1 matches the first keying/,
    )
    assert.equal(await count('responses'), responsesBefore + 1)

    await key(keyerA, consultationId, { ...paper, paper_reference: 'D2' })
    const differs = await key(keyerB, consultationId, {
      ...paper,
      paper_reference: 'D2',
      q_rate: '5',
      q_comments: 'Busy',
    })
    assert.match(
      (await keyerB.get(String(differs.headers.location))).body,
      /Paper D2 differs from the first keying/,
    )
    assert.equal(await count('responses'), responsesBefore + 1)
    const third = await key(await signedInStaff(t, 'data_entry'), consultationId, {
      ...paper,
      paper_reference: 'D2',
    })
    assert.match(third.body, /Paper D2 has already been keyed twice/)

    const overview = await manager.get(`/admin/consultations/${consultationId}/paper`)
    assert.match(overview.body, /data-testid="paper-mismatched">1</)
    const link = /href="(\/admin\/paper\/[0-9a-f-]+)">Resolve paper D2/.exec(overview.body)?.[1]
    assert.ok(link)
    assert.equal((await keyerA.get(link)).statusCode, 403, 'a keyer cannot resolve')
    const resolvePage = await manager.get(link)
    assert.match(resolvePage.body, /data-testid="difference-count">2</)
    assert.match(resolvePage.body, /First keying: 4/)
    assert.match(resolvePage.body, /Second keying: 5/)
    const resolveFields = await manager.formFields(link)
    const missing = await manager.post(link, { ...resolveFields, choice_rate: 'first' })
    assert.equal(missing.statusCode, 422)
    assert.match(missing.body, /Select which value is right/)
    const typedWrong = await manager.post(link, {
      ...resolveFields,
      choice_rate: 'other',
      q_rate: '9',
      choice_comments: 'first',
    })
    assert.equal(typedWrong.statusCode, 422)
    assert.equal(await count('responses'), responsesBefore + 1)
    const resolved = await manager.post(link, {
      ...resolveFields,
      choice_rate: 'other',
      q_rate: '3',
      choice_comments: 'second',
    })
    assert.equal(resolved.statusCode, 303)
    const response = await t.database.db
      .selectFrom('paper_returns')
      .innerJoin('responses', 'responses.id', 'paper_returns.response_id')
      .select(['responses.answers', 'paper_returns.resolved_by'])
      .where('paper_returns.paper_reference', '=', 'D2')
      .executeTakeFirstOrThrow()
    assert.deepEqual(response.answers, { single: 'walk', why_walk: 'Exercise', rate: 3, comments: 'Busy' })
    assert.ok(response.resolved_by)
    assert.equal(
      (await manager.post(link, { ...resolveFields, choice_rate: 'first', choice_comments: 'first' }))
        .statusCode,
      409,
    )
    assert.equal(await count('responses'), responsesBefore + 2)

    const accuracy = await manager.get(`/admin/consultations/${consultationId}/paper/accuracy`)
    assert.equal(accuracy.statusCode, 200)
    // D1: 5 fields each, all right. D2: 6 fields; A missed rate and comments, B missed rate.
    const rows = [
      ...accuracy.body.matchAll(/<td class="nhsuk-table__cell nhsuk-table__cell--numeric">([^<]+)<\/td>/g),
    ].map((m) => m[1])
    assert.deepEqual(rows.sort(), ['10', '11', '11', '2', '2', '81.8%', '9', '90.9%'].sort())
  })

  test('a paper received after the postal deadline is late until a manager admits or refuses it with a reason', async () => {
    const sent = await key(keyerA, lateConsultationId, {
      paper_reference: 'L1',
      batch: 'Late',
      ...received(-1),
      q_views: 'Late but keen',
    })
    assert.equal(sent.statusCode, 303)
    assert.match((await keyerA.get(String(sent.headers.location))).body, /marked late/)
    await key(keyerA, lateConsultationId, {
      paper_reference: 'L2',
      batch: 'Late',
      ...received(-6),
      q_views: 'In time',
    })
    const row = await t.database.db
      .selectFrom('responses')
      .select(['id', 'late', 'late_decision'])
      .where('consultation_id', '=', lateConsultationId)
      .where('late', '=', true)
      .execute()
    assert.equal(row.length, 1)
    const id = row[0]?.id ?? ''
    assert.deepEqual(await t.services.paper.countLateReturns(lateConsultationId), {
      late: 1,
      admitted: 0,
      refused: 0,
      undecided: 1,
    })

    const list = await manager.get(`/admin/consultations/${lateConsultationId}/late-returns`)
    assert.match(list.body, /data-testid="late-undecided">1</)
    const url = `/admin/responses/${id}/late-decision`
    assert.equal((await keyerA.get(url)).statusCode, 403)
    const fields = await manager.formFields(url)
    const noReason = await manager.post(url, { ...fields, decision: 'admitted', reason: ' ' })
    assert.equal(noReason.statusCode, 422)
    assert.match(noReason.body, /Enter the reason for the decision/)
    const admitted = await manager.post(url, {
      ...fields,
      decision: 'admitted',
      reason: 'Postmarked before the deadline',
    })
    assert.equal(admitted.statusCode, 303)
    assert.deepEqual(await t.services.paper.countLateReturns(lateConsultationId), {
      late: 1,
      admitted: 1,
      refused: 0,
      undecided: 0,
    })
    const again = await manager.post(url, { ...fields, decision: 'refused', reason: 'Changed my mind' })
    assert.equal(again.statusCode, 409)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', id)
      .where('action', '=', 'response.late_admitted')
      .executeTakeFirstOrThrow()
    assert.deepEqual(audit.details, { reason: 'Postmarked before the deadline' })
  })
})
