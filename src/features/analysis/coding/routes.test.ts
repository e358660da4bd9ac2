import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import {
  createStaff,
  createTestApp,
  type TestApp,
  TestBrowser,
  type TestStaff,
} from '../../../testing/app.js'
import { detectRisk } from './safeguarding.js'

const people = {
  analyst: { email: 'analyst@example.org', displayName: 'Ali Analyst', roles: ['analyst'] as const },
  second: { email: 'second@example.org', displayName: 'Sam Second', roles: ['analyst'] as const },
  observer: { email: 'observer@example.org', displayName: 'Olu Observer', roles: ['observer'] as const },
  governance: {
    email: 'governance@example.org',
    displayName: 'Gov Officer',
    roles: ['governance_officer'] as const,
  },
  dataEntry: { email: 'entry@example.org', displayName: 'Dee Entry', roles: ['data_entry'] as const },
  partner: {
    email: 'partner@example.org',
    displayName: 'Pat Partner',
    roles: ['partner_collector'] as const,
  },
}

describe('the coding workspace', () => {
  let t: TestApp
  let consultationId: string
  let base: string
  let ids: Record<keyof typeof people, string>
  let staff: TestStaff<keyof typeof people>

  const as = (who: keyof typeof people) => staff.as(who)
  const post = async (
    who: keyof typeof people,
    url: string,
    form: Record<string, string | string[]>,
    from = `${base}`,
  ) => (await as(who)).postFrom(from, url, form)
  const db = () => t.database.db

  /** Comments of the reference case, in the workspace's order. */
  const comments = async (limit: number) =>
    (
      await db()
        .selectFrom('responses')
        .select(['id', 'reference', 'answers', 'channel'])
        .where('consultation_id', '=', consultationId)
        .orderBy('reference')
        .execute()
    )
      .flatMap((r) =>
        Object.entries(r.answers)
          .filter(
            ([key, value]) =>
              /^(p\d+|overall)_comments$/.test(key) && typeof value === 'string' && value.trim(),
          )
          .map(([key, value]) => ({
            responseId: r.id,
            reference: r.reference,
            questionKey: key,
            text: String(value),
            channel: r.channel,
          })),
      )
      .sort((a, b) => (a.reference + a.questionKey < b.reference + b.questionKey ? -1 : 1))
      .slice(0, limit)

  const addTheme = async (code: string, label: string, extra: Record<string, string> = {}) => {
    const response = await post(
      'analyst',
      `/admin/consultations/${consultationId}/codeframe/themes`,
      { code, label, ...extra },
      `/admin/consultations/${consultationId}/codeframe`,
    )
    assert.equal(response.statusCode, 303, response.body)
    return (await db().selectFrom('themes').select('id').where('code', '=', code).executeTakeFirstOrThrow())
      .id
  }
  const code = (
    who: keyof typeof people,
    c: { responseId: string; questionKey: string },
    form: Record<string, string | string[]>,
  ) =>
    post(
      who,
      `${base}/comments/${c.responseId}/${c.questionKey}`,
      form,
      `${base}/comments/${c.responseId}/${c.questionKey}`,
    )

  before(async () => {
    t = await createTestApp({ referenceResponses: 120 })
    staff = await createStaff(t, people)
    ids = staff.ids
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    base = `/admin/consultations/${consultationId}/coding`
  })
  after(() => t.close())

  test('data entry and partner collectors are refused; observers may read but not code', async () => {
    for (const who of ['dataEntry', 'partner'] as const) {
      const browser = await as(who)
      for (const url of [
        base,
        `/admin/consultations/${consultationId}/codeframe`,
        `${base}/theme-counts`,
        `${base}/safeguarding`,
      ])
        assert.equal((await browser.get(url)).statusCode, 403, `${who} ${url}`)
    }
    const observer = await as('observer')
    const list = await observer.get(base)
    assert.equal(list.statusCode, 200)
    assert.doesNotMatch(list.body, /Safeguarding<\/a>/)
    assert.equal((await observer.get(`${base}/safeguarding`)).statusCode, 403)
    const [first] = await comments(1)
    assert.ok(first)
    const page = await observer.get(`${base}/comments/${first.responseId}/${first.questionKey}`)
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /Save and code the next comment/)
    const refused = await observer.postFrom(
      base,
      `${base}/comments/${first.responseId}/${first.questionKey}`,
      {
        sentiment: 'positive',
      },
    )
    assert.equal(refused.statusCode, 403)
    assert.equal((await new TestBrowser(t.app).get(base)).statusCode, 303)
  })

  test('a malformed consultation, comment, sample, quote, suggestion or flag id answers 404', async () => {
    const analyst = await as('analyst')
    const wrong = '/admin/consultations/not-an-id'
    for (const url of [`${wrong}/coding`, `${wrong}/codeframe`, `${wrong}/coding/theme-counts`])
      assert.equal((await analyst.get(url)).statusCode, 404, url)
    assert.equal((await analyst.get(`${base}/comments/not-an-id/overall_comments`)).statusCode, 404)
    assert.equal((await analyst.get(`${base}/double/not-an-id`)).statusCode, 404)
    assert.equal((await analyst.get(`${base}/quotes/not-an-id`)).statusCode, 404)
    const [first] = await comments(1)
    assert.ok(first)
    for (const url of [
      `${wrong}/coding/comments/${first.responseId}/${first.questionKey}`,
      `${base}/comments/not-an-id/${first.questionKey}`,
      `${base}/suggestions/not-an-id/accept`,
      `${base}/quotes/not-an-id/approve`,
      `${base}/safeguarding/not-an-id/handle`,
      `${base}/double/not-an-id/adjudicate/${first.responseId}/${first.questionKey}`,
    ])
      assert.equal(
        (await post('analyst', url, { sentiment: 'positive', text: 'x', action: 'x' })).statusCode,
        404,
        url,
      )
  })

  test('an analyst builds a codeframe and codes comments; each theme keeps its provenance and progress shows', async () => {
    const access = await addTheme('access', 'Getting to services')
    const transport = await addTheme('access.transport', 'Transport', {
      parentId: access,
      examples: 'The bus only runs every two hours',
    })
    const frame = await as('analyst').then((b) => b.get(`/admin/consultations/${consultationId}/codeframe`))
    assert.match(frame.body, /access\.transport/)
    assert.match(frame.body, /The bus only runs every two hours/)
    const duplicate = await post(
      'analyst',
      `/admin/consultations/${consultationId}/codeframe/themes`,
      { code: 'access', label: 'Again' },
      `/admin/consultations/${consultationId}/codeframe`,
    )
    assert.equal(duplicate.statusCode, 400)
    assert.match(duplicate.body, /already exists/)

    const [first, second] = await comments(2)
    assert.ok(first && second)
    const saved = await code('analyst', first, {
      themes: [access, transport],
      sentiment: 'negative',
      flags: 'quote_worthy',
      next: 'yes',
    })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, `${base}/comments/${second.responseId}/${second.questionKey}`)
    const coding = await db()
      .selectFrom('codings')
      .selectAll()
      .where('response_id', '=', first.responseId)
      .where('question_key', '=', first.questionKey)
      .executeTakeFirstOrThrow()
    assert.equal(coding.sentiment, 'negative')
    assert.equal(coding.quote_worthy, true)
    assert.equal(coding.coded_by, ids.analyst)
    const themes = await db()
      .selectFrom('coding_themes')
      .selectAll()
      .where('coding_id', '=', coding.id)
      .execute()
    assert.deepEqual(
      themes.map((r) => r.provenance),
      ['person', 'person'],
    )
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', coding.id)
      .execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['coding.saved'],
    )

    const bad = await code('analyst', first, {
      themes: ['00000000-0000-4000-8000-000000000000'],
      sentiment: 'furious',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Select a theme from the list/)
    assert.match(bad.body, /Select positive, negative, neutral or mixed/)

    const list = await (await as('analyst')).get(`${base}?theme=${transport}`)
    assert.match(list.body, /data-testid="match-count">1</)
    const total = (await comments(100_000)).length
    assert.match(list.body, new RegExp(`<strong>1</strong> of <strong>${total}</strong> comments coded`))
  })

  test('pages follow each other by keyset, and filters keep to what they say', async () => {
    const browser = await as('analyst')
    const firstPage = await browser.get(base)
    const refs = (body: string) =>
      [...body.matchAll(/class="heard-reference" href="[^"]+\/comments\/([^/]+)\/([^"]+)"/g)].map(
        (m) => `${m[1]}|${m[2]}`,
      )
    const one = refs(firstPage.body)
    assert.equal(one.length, 50)
    const next = /href="(\?after=[^"]+)"/.exec(firstPage.body)?.[1]?.replaceAll('&amp;', '&')
    assert.ok(next)
    const secondPage = await browser.get(`${base}${next}`)
    const two = refs(secondPage.body)
    assert.ok(two.length > 0)
    assert.equal(two.filter((k) => one.includes(k)).length, 0)
    const all = await comments(100)
    assert.deepEqual(
      [...one, ...two].slice(0, 100),
      all.slice(0, one.length + two.length).map((c) => `${c.responseId}|${c.questionKey}`),
    )
    const back = /href="(\?before=[^"]+)"/.exec(secondPage.body)?.[1]?.replaceAll('&amp;', '&')
    assert.ok(back)
    assert.deepEqual(refs((await browser.get(`${base}${back}`)).body), one)
    const paper = await browser.get(`${base}?channel=paper&uncoded=yes`)
    const expected = (await comments(100_000)).filter((c) => c.channel === 'paper').length
    assert.match(paper.body, new RegExp(`data-testid="match-count">${expected}<`))
    const coded = await db()
      .selectFrom('codings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('consultation_id', '=', consultationId)
      .where('pass', '=', 1)
      .executeTakeFirstOrThrow()
    assert.ok(Number(coded.n) > 0)
    const uncoded = await browser.get(`${base}?uncoded=yes`)
    const left = (await comments(100_000)).length - Number(coded.n)
    assert.match(
      uncoded.body,
      new RegExp(`data-testid="match-count">${left}<`),
      'not coded yet is what progress leaves',
    )
    const contradiction = await browser.get(`${base}?uncoded=yes&sentiment=mixed`)
    assert.match(contradiction.body, /data-testid="match-count">0</)
    assert.doesNotMatch(contradiction.body, /href="\?after=/)
  })

  test('merging themes carries their codings to the target, audited and versioned; splitting carries them on', async () => {
    const merged = await addTheme('staff', 'Staffing')
    const target = await addTheme('workforce', 'Workforce')
    const [a, b, c] = (await comments(5)).slice(2)
    assert.ok(a && b && c)
    await code('analyst', a, { themes: merged })
    await code('analyst', b, { themes: [merged, target] })
    await code('analyst', c, { themes: target })
    const versionBefore = await db()
      .selectFrom('codeframe_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirstOrThrow()
    const response = await post(
      'analyst',
      `/admin/consultations/${consultationId}/codeframe/merge`,
      { sources: merged, target },
      `/admin/consultations/${consultationId}/codeframe`,
    )
    assert.equal(response.statusCode, 303)
    const rows = await db()
      .selectFrom('coding_themes')
      .select(['theme_id', 'coding_id'])
      .where('theme_id', 'in', [merged, target])
      .execute()
    assert.equal(rows.length, 3)
    assert.ok(rows.every((r) => r.theme_id === target))
    const old = await db()
      .selectFrom('themes')
      .select(['status', 'replaced_by'])
      .where('id', '=', merged)
      .executeTakeFirstOrThrow()
    assert.equal(old.status, 'merged')
    assert.deepEqual(old.replaced_by, [target])
    const versionAfter = await db()
      .selectFrom('codeframe_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(versionAfter.v), Number(versionBefore.v) + 1)
    const audit = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'theme.merged')
      .executeTakeFirstOrThrow()
    assert.equal(audit.details.moved, 1)

    const split = await post(
      'analyst',
      `/admin/consultations/${consultationId}/codeframe/split`,
      { source: target, parts: 'workforce.numbers | Not enough staff\nworkforce.training | Training' },
      `/admin/consultations/${consultationId}/codeframe`,
    )
    assert.equal(split.statusCode, 303)
    const numbers = await db()
      .selectFrom('themes')
      .select('id')
      .where('code', '=', 'workforce.numbers')
      .executeTakeFirstOrThrow()
    const carried = await db()
      .selectFrom('coding_themes')
      .select('theme_id')
      .where('theme_id', 'in', [target, numbers.id])
      .execute()
    assert.equal(carried.length, 3)
    assert.ok(carried.every((r) => r.theme_id === numbers.id))
    const badSplit = await post(
      'analyst',
      `/admin/consultations/${consultationId}/codeframe/split`,
      { source: numbers.id, parts: 'only-one | One' },
      `/admin/consultations/${consultationId}/codeframe`,
    )
    assert.equal(badSplit.statusCode, 400)
  })

  test('empty, very long, emoji and HTML comments are handled and shown escaped', async () => {
    const version = await db()
      .selectFrom('responses')
      .select('questionnaire_version_id')
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    const insert = (reference: string, text: string) =>
      db()
        .insertInto('responses')
        .values({
          consultation_id: consultationId,
          questionnaire_version_id: version.questionnaire_version_id,
          reference,
          submission_key: `test-${reference}`,
          channel: 'email',
          answers: JSON.stringify({ overall_comments: text }),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    const html = await insert('ZZZZ-0001', '<script>alert("x")</script> <b>bold</b> 😀 ਧੰਨਵਾਦ')
    await insert('ZZZZ-0002', '   ')
    const long = await insert('ZZZZ-0003', `${'Waiting times are far too long. '.repeat(1570)}end`)
    const browser = await as('analyst')
    const page = await browser.get(`${base}/comments/${html.id}/overall_comments`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/)
    assert.doesNotMatch(page.body, /<script>alert/)
    assert.match(page.body, /😀 ਧੰਨਵਾਦ/)
    const longPage = await browser.get(`${base}/comments/${long.id}/overall_comments`)
    assert.equal(longPage.statusCode, 200)
    assert.match(longPage.body, /far too long\. end/)
    const emails = await browser.get(`${base}?channel=email`)
    const expected = (await comments(100_000)).filter((c) => c.channel === 'email').length
    assert.match(emails.body, new RegExp(`data-testid="match-count">${expected}<`))
    assert.doesNotMatch(emails.body, /ZZZZ-0002/)
    assert.equal((await browser.get(`${base}/comments/${html.id}/not_a_question`)).statusCode, 404)
    assert.equal((await browser.get(`${base}/comments/${html.id}/postcode_district`)).statusCode, 404)
  })

  test('double coding is blind, measures agreement and lists disagreements to adjudicate', async () => {
    const theme = (
      await db().selectFrom('themes').select('id').where('code', '=', 'access').executeTakeFirstOrThrow()
    ).id
    const other = (
      await db()
        .selectFrom('themes')
        .select('id')
        .where('code', '=', 'workforce.numbers')
        .executeTakeFirstOrThrow()
    ).id
    const drawn = await post(
      'analyst',
      `${base}/double`,
      { percent: '100', seed: '7', secondCoderId: ids.second },
      `${base}/double`,
    )
    assert.equal(drawn.statusCode, 303)
    const items = await db().selectFrom('double_coding_items').selectAll().execute()
    const coded = await db()
      .selectFrom('codings')
      .select(['response_id', 'question_key', 'id'])
      .where('pass', '=', 1)
      .execute()
    assert.equal(items.length, coded.length)
    const [item, another] = items
    assert.ok(item && another)
    const blind = await (await as('second')).get(`${base}/comments/${item.response_id}/${item.question_key}`)
    assert.match(blind.body, /in your double-coding sample/)
    assert.doesNotMatch(blind.body, /checked/)
    await code('second', { responseId: item.response_id, questionKey: item.question_key }, { themes: theme })
    await code(
      'second',
      { responseId: another.response_id, questionKey: another.question_key },
      { themes: other },
    )
    const second = await db()
      .selectFrom('codings')
      .select('pass')
      .where('coded_by', '=', ids.second)
      .execute()
    assert.deepEqual(
      second.map((r) => r.pass),
      [2, 2],
    )

    const sampleId = item.sample_id
    const report = await t.services.coding.agreement(consultationId, sampleId)
    assert.equal(report.doubleCoded, 2)
    const page = await (await as('observer')).get(`${base}/double/${sampleId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /data-testid="double-coded">2 of/)
    assert.match(page.body, /Disagreements to adjudicate/)
    for (const d of report.disagreements) {
      const settled = await post(
        'analyst',
        `${base}/double/${sampleId}/adjudicate/${d.response_id}/${d.question_key}`,
        { themes: d.second, reason: 'Agreed on reading the comment again' },
        `${base}/double/${sampleId}`,
      )
      assert.equal(settled.statusCode, 303)
    }
    const after = await db()
      .selectFrom('double_coding_items')
      .select('adjudicated_at')
      .where('sample_id', '=', sampleId)
      .where('adjudicated_at', 'is not', null)
      .execute()
    assert.equal(after.length, report.disagreements.length)
  })

  test('a comment says which proposal it answers, and the question filter tells the comment boxes apart', async () => {
    const proposalComment = (await comments(100_000)).find((c) => c.questionKey === 'p2_comments')
    assert.ok(proposalComment)
    const page = await (await as('analyst')).get(
      `${base}/comments/${proposalComment.responseId}/${proposalComment.questionKey}`,
    )
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Proposal 2: Please tell us why/)
    const list = await (await as('analyst')).get(base)
    const options = [...list.body.matchAll(/<option value="p\d+_comments"[^>]*>([^<]*)</g)].map((m) => m[1])
    assert.ok(options.length > 1)
    assert.equal(new Set(options).size, options.length, `distinct question labels: ${options.join(' | ')}`)
  })

  test('a second coder finds their sample listed; the first coder is refused as second coder', async () => {
    const drawn = await post(
      'analyst',
      `${base}/double`,
      { percent: '100', seed: '8', secondCoderId: ids.second },
      `${base}/double`,
    )
    assert.equal(drawn.statusCode, 303)
    const sampleId = drawn.headers.location?.toString().split('/').at(-1) ?? ''
    const pending = await db()
      .selectFrom('double_coding_items as i')
      .innerJoin('responses as r', 'r.id', 'i.response_id')
      .select(['i.response_id', 'i.question_key', 'r.reference'])
      .where('i.sample_id', '=', sampleId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('codings as c')
              .select('c.id')
              .whereRef('c.response_id', '=', 'i.response_id')
              .whereRef('c.question_key', '=', 'i.question_key')
              .where('c.pass', '=', 2),
          ),
        ),
      )
      .execute()
    assert.ok(pending.length > 0)
    const mine = await (await as('second')).get(`${base}/double`)
    assert.match(mine.body, /Your sample to code/)
    for (const item of pending)
      assert.ok(
        mine.body.includes(`${base}/comments/${item.response_id}/${item.question_key}`),
        `${item.reference} listed for the second coder`,
      )
    const theirs = await (await as('analyst')).get(`${base}/double`)
    assert.doesNotMatch(theirs.body, /Your sample to code/)

    const firstCoders = await db()
      .selectFrom('codings')
      .select('coded_by')
      .distinct()
      .where('consultation_id', '=', consultationId)
      .where('pass', '=', 1)
      .execute()
    assert.deepEqual(
      firstCoders.map((c) => c.coded_by),
      [ids.analyst],
    )
    const samplesBefore = await db().selectFrom('double_coding_samples').select('id').execute()
    const refused = await post(
      'analyst',
      `${base}/double`,
      { percent: '50', seed: '1', secondCoderId: ids.analyst },
      `${base}/double`,
    )
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /Select someone else as the second coder/)
    assert.doesNotMatch(refused.body, /no coded comments to sample/)
    assert.equal(
      (await db().selectFrom('double_coding_samples').select('id').execute()).length,
      samplesBefore.length,
    )
  })

  test('suggestions from a model are accepted as codings with their provenance', async () => {
    const theme = (
      await db().selectFrom('themes').select('id').where('code', '=', 'access').executeTakeFirstOrThrow()
    ).id
    const [, , , , , , target] = await comments(8)
    assert.ok(target)
    await t.services.coding.storeSuggestions(
      consultationId,
      { name: 'tfidf-linear', version: '1.0.0' },
      [{ ...target, themeId: theme, confidence: 0.83 }],
      { userId: null, label: 'system' },
    )
    const suggestion = await db().selectFrom('theme_suggestions').select('id').executeTakeFirstOrThrow()
    const page = await (await as('analyst')).get(
      `${base}/comments/${target.responseId}/${target.questionKey}`,
    )
    assert.match(page.body, /83% confidence \(model tfidf-linear version 1\.0\.0\)/)
    const accepted = await post(
      'analyst',
      `${base}/suggestions/${suggestion.id}/accept`,
      {},
      `${base}/comments/${target.responseId}/${target.questionKey}`,
    )
    assert.equal(accepted.statusCode, 303)
    const row = await db()
      .selectFrom('coding_themes as ct')
      .innerJoin('codings as c', 'c.id', 'ct.coding_id')
      .select(['ct.provenance', 'ct.model_name', 'ct.model_version', 'ct.confidence'])
      .where('c.response_id', '=', target.responseId)
      .where('c.question_key', '=', target.questionKey)
      .executeTakeFirstOrThrow()
    assert.equal(row.provenance, 'suggestion_accepted')
    assert.equal(row.model_name, 'tfidf-linear')
    assert.equal(Math.round((row.confidence ?? 0) * 100), 83)
    const again = await post(
      'analyst',
      `${base}/suggestions/${suggestion.id}/reject`,
      {},
      `${base}/comments/${target.responseId}/${target.questionKey}`,
    )
    assert.equal(again.statusCode, 409)
  })

  test('quotes are redacted automatically and usable only once a person approves them', async () => {
    const theme = (
      await db().selectFrom('themes').select('id').where('code', '=', 'access').executeTakeFirstOrThrow()
    ).id
    const version = await db()
      .selectFrom('responses')
      .select('questionnaire_version_id')
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    const response = await db()
      .insertInto('responses')
      .values({
        consultation_id: consultationId,
        questionnaire_version_id: version.questionnaire_version_id,
        reference: 'ZZZZ-0004',
        submission_key: 'test-quote',
        channel: 'letter',
        answers: JSON.stringify({
          overall_comments: 'The bus never comes. Ring me on 07700 900123, Sarah Jones.',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const chosen = await post(
      'analyst',
      `${base}/quotes`,
      { responseId: response.id, questionKey: 'overall_comments', themeId: theme },
      `${base}/comments/${response.id}/overall_comments`,
    )
    assert.equal(chosen.statusCode, 303)
    const quote = await db()
      .selectFrom('quotes')
      .selectAll()
      .where('response_id', '=', response.id)
      .executeTakeFirstOrThrow()
    assert.equal(
      quote.redacted_text,
      'The bus never comes. Ring me on [phone number removed], [name removed].',
    )
    assert.equal(quote.status, 'pending_review')
    assert.deepEqual(await t.services.coding.reportableQuotes(consultationId), [])
    const empty = await post(
      'analyst',
      `${base}/quotes/${quote.id}/approve`,
      { text: ' ' },
      `${base}/quotes/${quote.id}`,
    )
    assert.equal(empty.statusCode, 400)
    const approved = await post(
      'analyst',
      `${base}/quotes/${quote.id}/approve`,
      { text: 'The bus never comes.' },
      `${base}/quotes/${quote.id}`,
    )
    assert.equal(approved.statusCode, 303)
    const usable = await t.services.coding.reportableQuotes(consultationId)
    assert.deepEqual(
      usable.map((q) => q.redacted_text),
      ['The bus never comes.'],
    )
    const audit = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'quote.approved')
      .executeTakeFirstOrThrow()
    assert.equal(audit.details.edited, true)
  })

  test('the safeguarding scan flags the planted disclosures, and their handling is recorded', async () => {
    const scanned = await post('analyst', `${base}/safeguarding/scan`, {}, `${base}/safeguarding`)
    assert.equal(scanned.statusCode, 303)
    const truth = await db()
      .selectFrom('demo_truth as d')
      .innerJoin('responses as r', 'r.id', 'd.response_id')
      .select(['d.response_id', 'd.comments'])
      .where('r.consultation_id', '=', consultationId)
      .execute()
    const planted = truth.flatMap((d) =>
      Object.entries(d.comments)
        .filter(([, c]) => (c as { safeguarding?: boolean }).safeguarding)
        .map(([key]) => `${d.response_id}|${key}`),
    )
    const flags = await db()
      .selectFrom('safeguarding_flags')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .execute()
    const flagged = new Set(flags.map((f) => `${f.response_id}|${f.question_key}`))
    assert.ok(
      planted.every((p) => flagged.has(p)),
      'every planted disclosure is flagged',
    )
    const flag = flags[0]
    if (flag) {
      const missing = await post(
        'analyst',
        `${base}/safeguarding/${flag.id}/handle`,
        { action: '' },
        `${base}/safeguarding`,
      )
      assert.equal(missing.statusCode, 400)
      const handled = await post(
        'analyst',
        `${base}/safeguarding/${flag.id}/handle`,
        { action: 'Passed to the safeguarding lead' },
        `${base}/safeguarding`,
      )
      assert.equal(handled.statusCode, 303)
      const row = await db()
        .selectFrom('safeguarding_flags')
        .selectAll()
        .where('id', '=', flag.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.status, 'handled')
      assert.equal(row.handled_by, ids.analyst)
      assert.equal(row.action_taken, 'Passed to the safeguarding lead')
    }
    const rescanned = await t.services.coding.scanSafeguarding(consultationId, {
      userId: ids.analyst,
      label: 'analyst',
    })
    assert.equal(rescanned.flagged, 0)
  })

  test('theme counts break down by channel and by an About-you answer as plain data', async () => {
    const byChannel = await t.services.coding.themeCounts(consultationId, { kind: 'channel' })
    const overall = await t.services.coding.themeCounts(consultationId, { kind: 'none' })
    const access = overall.themes.find((th) => th.code === 'access')
    const accessByChannel = byChannel.themes.find((th) => th.code === 'access')
    assert.ok(access && accessByChannel)
    assert.ok(access.total > 0)
    assert.equal(accessByChannel.total, access.total)
    assert.equal(
      byChannel.groups.reduce((n, g) => n + g.codedComments, 0),
      overall.groups.reduce((n, g) => n + g.codedComments, 0),
    )
    const bySex = await t.services.coding.themeCounts(consultationId, { kind: 'answer', questionKey: 'sex' })
    assert.equal(bySex.themes.find((th) => th.code === 'access')?.total, access.total)
    const page = await (await as('observer')).get(`${base}/theme-counts?by=channel`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Coded comments/)
  })

  test('theme counts break down by every breakdown the results offer, with small counts hidden, and download as CSV', async () => {
    const observer = await as('observer')
    const { breakdowns } = await t.services.analysis.breakdownChoices(consultationId)
    const keys = breakdowns.map((b) => b.key)
    for (const key of ['channel', 'campaign', 'area', 'sex']) assert.ok(keys.includes(key), `offers ${key}`)
    const results = await observer.get(`/admin/consultations/${consultationId}/results`)
    for (const key of keys) {
      assert.match(results.body, new RegExp(`value="${key}"`), `the results offer ${key} too`)
      const page = await observer.get(`${base}/theme-counts?by=${key}`)
      assert.equal(page.statusCode, 200, key)
      assert.match(page.body, new RegExp(`value="${key}" selected`), key)
    }
    const byArea = await observer.get(`${base}/theme-counts?by=area`)
    assert.match(byArea.body, /data-testid="breakdown">Where do you live\?/)
    const csv = await observer.get(`${base}/theme-counts/download.csv?by=area`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /theme-counts-by-area\.csv/)
    const lines = csv.body.trim().split(/\r?\n/)
    const header = lines[0]?.split(',') ?? []
    const area = breakdowns.find((b) => b.key === 'area')
    assert.deepEqual(header.slice(0, 1 + (area?.groups.length ?? 0)), [
      'Theme',
      ...(area?.groups.map((g) => g.label) ?? []),
    ])
    assert.equal(header.at(-1), 'Total')
    const counts = await t.services.coding.themeCounts(consultationId, {
      kind: 'answer',
      questionKey: 'area',
    })
    const threshold = t.services.analysis.disclosureThreshold
    let hidden = 0
    for (const theme of counts.themes) {
      const line = lines.find((l) => l.startsWith(`${theme.code}:`))?.split(',') ?? []
      area?.groups.forEach((g, j) => {
        const n = theme.counts[g.value] ?? 0
        if (n > 0 && n < threshold) {
          assert.equal(line[j + 1], '[c]', `${theme.code} in ${g.label} is hidden`)
          hidden++
        } else if (line[j + 1] !== '[c]') assert.equal(line[j + 1], String(n))
      })
    }
    assert.ok(hidden > 0, 'the reference case has small counts by area')
    assert.match(byArea.body, /data-testid="suppression-note"/)
    const unknown = await observer.get(`${base}/theme-counts?by=nonsense`)
    assert.equal(unknown.statusCode, 404)
  })
  test('who may not see the safeguarding list sees no safeguarding excerpt or flag anywhere', async () => {
    const planted = (await comments(2))[1]
    assert.ok(planted)
    const disclosure = "I can't go on. He hits me."
    assert.ok(detectRisk(disclosure).length > 0)
    await db()
      .updateTable('responses')
      .set({
        answers: sql`jsonb_set(answers, ${`{${planted.questionKey}}`}::text[], to_jsonb(${disclosure}::text))`,
      })
      .where('id', '=', planted.responseId)
      .execute()
    const url = `${base}/comments/${planted.responseId}/${planted.questionKey}`
    assert.match((await (await as('analyst')).get(url)).body, /Possible safeguarding concern/)
    const [first] = await comments(1)
    assert.ok(first)
    assert.equal(
      (await code('analyst', first, { sentiment: 'neutral', flags: 'safeguarding' })).statusCode,
      303,
    )
    assert.match((await (await as('analyst')).get(base)).body, /nhsuk-tag--orange">\s*Safeguarding/)
    for (const who of ['observer', 'governance'] as const) {
      const browser = await as(who)
      assert.equal((await browser.get(`${base}/safeguarding`)).statusCode, 403, who)
      const page = await browser.get(url)
      assert.equal(page.statusCode, 200, who)
      assert.doesNotMatch(page.body, /Possible safeguarding concern|may be at risk/, who)
      const list = await browser.get(base)
      assert.equal(list.statusCode, 200, who)
      assert.doesNotMatch(list.body, /nhsuk-tag--orange">\s*Safeguarding/, who)
      const firstPage = await browser.get(`${base}/comments/${first.responseId}/${first.questionKey}`)
      assert.doesNotMatch(firstPage.body, /Safeguarding/, who)
    }
  })
})
