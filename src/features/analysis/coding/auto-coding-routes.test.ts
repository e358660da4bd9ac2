import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { createStaff, createTestApp, type TestApp, type TestStaff } from '../../../testing/app.js'
import { createAutoCodingService } from './auto-coding-service.js'

const people = {
  analyst: { email: 'analyst@example.org', displayName: 'Ali Analyst', roles: ['analyst'] as const },
  observer: { email: 'observer@example.org', displayName: 'Olu Observer', roles: ['observer'] as const },
}

/** The theme an analyst would give each comment in these tests: one per question, learnable from its words. */
const themeOfQuestion = (key: string) =>
  key.startsWith('p1') ? 'first' : key.startsWith('p2') ? 'second' : 'other'

describe('auto-coding, code-next and theme discovery pages', () => {
  let t: TestApp
  let consultationId: string
  let base: string
  let analystId: string
  let staff: TestStaff<keyof typeof people>
  const db = () => t.database.db

  const as = (who: keyof typeof people) => staff.as(who)
  const post = async (who: keyof typeof people, url: string, form: Record<string, string>, from: string) =>
    (await as(who)).postFrom(from, url, form)

  const comments = async () =>
    (
      await db()
        .selectFrom('responses')
        .select(['id', 'reference', 'answers'])
        .where('consultation_id', '=', consultationId)
        .orderBy('reference')
        .execute()
    ).flatMap((r) =>
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
        })),
    )

  const insertResponse = async (reference: string, channel: 'paper' | 'email', text: string) => {
    const version = await db()
      .selectFrom('responses')
      .select('questionnaire_version_id')
      .where('consultation_id', '=', consultationId)
      .executeTakeFirstOrThrow()
    return db()
      .insertInto('responses')
      .values({
        consultation_id: consultationId,
        questionnaire_version_id: version.questionnaire_version_id,
        reference,
        submission_key: `test-${reference}`,
        channel,
        answers: JSON.stringify({ overall_comments: text }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  before(async () => {
    t = await createTestApp({ referenceResponses: 120 })
    staff = await createStaff(t, people)
    analystId = staff.ids.analyst
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    base = `/admin/consultations/${consultationId}/coding`
  })
  after(() => t.close())

  test('a model with too few coded examples says how many more it needs', async () => {
    const queued = await post('analyst', `${base}/model/train`, {}, `${base}/model`)
    assert.equal(queued.statusCode, 303)
    const run = await db()
      .selectFrom('coding_runs')
      .select('id')
      .where('kind', '=', 'train')
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      t.jobs,
      [{ name: 'coding.run-queued', data: { runId: run.id } }],
      'the run is sent at once',
    )
    const waiting = await (await as('analyst')).get(`${base}/model`)
    assert.match(waiting.body, /Queued/)
    await post('analyst', `${base}/model/train`, {}, `${base}/model`)
    assert.equal(t.jobs.length, 1, 'asking again while queued sends nothing more')
    assert.equal(await t.runJobs(), 1)
    const page = await (await as('analyst')).get(`${base}/model`)
    assert.equal(page.statusCode, 200)
    assert.match(
      page.body,
      /data-testid="needs-more">The model needs <strong>20<\/strong> more coded comments/,
    )
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'coding_run.%')
      .execute()
    assert.deepEqual(audit.map((a) => a.action).sort(), ['coding_run.done', 'coding_run.requested'])
  })

  test('training on coded comments stores suggestions with confidence, quality per theme and what to code next', async () => {
    const actor = { userId: analystId, label: people.analyst.email }
    const ids: Record<string, string> = {}
    for (const code of ['first', 'second', 'other'])
      ids[code] = await t.services.coding.addTheme(
        consultationId,
        { code, label: `Theme ${code}`, description: '', examples: [], parentId: null, questionKey: null },
        actor,
      )
    const all = await comments()
    const coded = all.slice(0, 60)
    for (const c of coded)
      await t.services.coding.saveCoding(
        consultationId,
        c.responseId,
        c.questionKey,
        {
          themeIds: [ids[themeOfQuestion(c.questionKey)] ?? ''],
          sentiment: null,
          quoteWorthy: false,
          personalData: false,
          safeguarding: false,
        },
        actor,
      )
    await post('analyst', `${base}/model/train`, {}, `${base}/model`)
    assert.equal(await t.runJobs(), 1)

    const page = await (await as('analyst')).get(`${base}/model`)
    assert.match(page.body, /Quality of heard-svm-ovr\/3 version 1/)
    assert.match(page.body, /5-fold cross-validation/)
    assert.match(page.body, /Micro F1[^<]*<\/dt><dd class="nhsuk-summary-list__value">\d+\.\d%/)
    assert.match(page.body, /Macro F1/)
    assert.match(page.body, /Samples F1/)
    for (const code of ['first', 'second', 'other'])
      assert.match(page.body, new RegExp(`${code}: Theme ${code}`))

    const suggestions = await db()
      .selectFrom('theme_suggestions')
      .selectAll()
      .where('consultation_id', '=', consultationId)
      .execute()
    assert.ok(suggestions.length > 0)
    const codedKeys = new Set(coded.map((c) => `${c.responseId}|${c.questionKey}`))
    assert.ok(suggestions.every((s) => !codedKeys.has(`${s.response_id}|${s.question_key}`)))
    assert.ok(suggestions.every((s) => s.model_name === 'heard-svm-ovr/3' && s.model_version === '1'))
    assert.ok(suggestions.every((s) => s.confidence > 0 && s.confidence <= 1))

    // Code these next: uncoded comments only, linked to the comment page.
    const next = await (await as('analyst')).get(`${base}/next`)
    assert.equal(next.statusCode, 200)
    const linked = [...next.body.matchAll(/coding\/comments\/([0-9a-f-]{36})\/([a-z0-9_]+)"/g)].map(
      (m) => `${m[1]}|${m[2]}`,
    )
    assert.ok(linked.length > 0)
    assert.ok(linked.every((k) => !codedKeys.has(k)))

    // Accepting a suggestion codes the comment with the person, the model and its version, and shows it.
    const target = suggestions[0]
    assert.ok(target)
    const commentUrl = `${base}/comments/${target.response_id}/${target.question_key}`
    const shown = await (await as('analyst')).get(commentUrl)
    assert.match(shown.body, /Suggested themes/)
    assert.match(
      shown.body,
      new RegExp(`${Math.round(target.confidence * 100)}% confidence \\(model heard-svm-ovr/3 version 1\\)`),
    )
    assert.equal(
      (await post('analyst', `${base}/suggestions/${target.id}/accept`, {}, commentUrl)).statusCode,
      303,
    )
    const after = await (await as('analyst')).get(commentUrl)
    assert.match(
      after.body,
      /Model suggestion accepted by Ali Analyst, model heard-svm-ovr\/3 version 1 at \d+% confidence/,
    )
    const row = await db()
      .selectFrom('coding_themes as ct')
      .innerJoin('codings as c', 'c.id', 'ct.coding_id')
      .select(['ct.provenance', 'ct.assigned_by', 'ct.model_version'])
      .where('c.response_id', '=', target.response_id)
      .where('c.question_key', '=', target.question_key)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { provenance: 'suggestion_accepted', assigned_by: analystId, model_version: '1' })
    const nextAgain = await (await as('analyst')).get(`${base}/next`)
    assert.doesNotMatch(nextAgain.body, new RegExp(`${target.response_id}/${target.question_key}"`))

    // A second model replaces the undecided suggestions of the first; the decided one stays.
    await post('analyst', `${base}/model/train`, {}, `${base}/model`)
    await t.runJobs()
    const versions = await db()
      .selectFrom('theme_suggestions')
      .select(['model_version', 'status'])
      .where('consultation_id', '=', consultationId)
      .execute()
    assert.ok(versions.every((v) => v.model_version === '2' || v.status !== 'pending'))
    assert.ok(versions.some((v) => v.model_version === '1' && v.status === 'accepted'))

    // The accepted suggestion is not truth for the second model: it neither trains on it nor is
    // measured against it, and the page says so.
    const retrained = await (await as('analyst')).get(`${base}/model`)
    assert.match(retrained.body, /Trained on 60 coded comments/)
    assert.match(
      retrained.body,
      /data-testid="human-only">[^<]*1 coded comment holding themes the model put there[^<]*was left out; 0 such comments count/,
    )
  })

  test('empty, very long, emoji, other-script and HTML comments never crash training', async () => {
    const texts = [
      '',
      '   ',
      `${'The waiting list for talking therapy is far too long. '.repeat(950)}`,
      '😀😡🚌🏥',
      'ਧੰਨਵਾਦ ਸੇਵਾ ਬਹੁਤ ਵਧੀਆ ਹੈ',
      'شكرا على الخدمة الممتازة',
      '<script>alert("x")</script><b>bold</b> &amp; <p>crisis café</p>',
    ]
    const ids = await db().selectFrom('themes').select(['id', 'code']).execute()
    const first = ids.find((i) => i.code === 'first')?.id ?? ''
    const actor = { userId: analystId, label: people.analyst.email }
    for (const [i, text] of texts.entries()) {
      const response = await insertResponse(`ZZBAD-${i}`, 'email', text)
      if (i % 2 === 0)
        await t.services.coding.saveCoding(
          consultationId,
          response.id,
          'overall_comments',
          {
            themeIds: [first],
            sentiment: null,
            quoteWorthy: false,
            personalData: false,
            safeguarding: false,
          },
          actor,
        )
    }
    assert.ok(texts[2] && texts[2].length > 50_000)
    await post('analyst', `${base}/model/train`, {}, `${base}/model`)
    assert.equal(await t.runJobs(), 1)
    const page = await (await as('analyst')).get(`${base}/model`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Quality of heard-svm-ovr\/3 version 3/)
  })

  test('discovery proposes candidate themes, and an analyst adds one to the codeframe', async () => {
    await post('analyst', `${base}/discovery`, {}, `${base}/discovery`)
    assert.deepEqual(
      t.jobs.map((j) => j.name),
      ['coding.run-queued'],
      'discovery is sent at once',
    )
    assert.equal(await t.runJobs(), 1)
    const page = await (await as('analyst')).get(`${base}/discovery`)
    assert.equal(page.statusCode, 200)
    const candidates = [...page.body.matchAll(/data-testid="candidate"/g)]
    assert.ok(candidates.length >= 2, 'at least two candidates')
    assert.match(page.body, /Top terms: [a-z]/)
    assert.match(page.body, /Most typical comments/)
    assert.match(
      page.body,
      /data-testid="theme-count-choice">The number of themes was chosen from the data: of 2 to \d+ themes/,
    )

    // The analyst can ask for a number; a number out of range is refused and queues nothing.
    const refused = await post('analyst', `${base}/discovery`, { themes: '500' }, `${base}/discovery`)
    assert.equal(refused.statusCode, 303)
    assert.equal(
      (await db().selectFrom('coding_runs').select('id').where('kind', '=', 'discover').execute()).length,
      1,
    )
    await post('analyst', `${base}/discovery`, { themes: '4' }, `${base}/discovery`)
    assert.equal(await t.runJobs(), 1)
    const asked = await (await as('analyst')).get(`${base}/discovery`)
    assert.equal([...asked.body.matchAll(/data-testid="candidate"/g)].length, 4)
    assert.match(asked.body, /data-testid="theme-count-choice">4 themes, as asked/)
    const run = await db()
      .selectFrom('coding_runs')
      .select('id')
      .where('kind', '=', 'discover')
      .orderBy('requested_at', 'desc')
      .executeTakeFirstOrThrow()
    const url = `${base}/discovery/${run.id}/candidates/0`
    const bad = await post('analyst', url, { code: 'Not Valid!', label: '' }, `${base}/discovery`)
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.equal(
      await db().selectFrom('themes').select('id').where('code', '=', 'discovered').executeTakeFirst(),
      undefined,
    )
    const good = await post(
      'analyst',
      url,
      { code: 'discovered', label: 'A discovered theme' },
      `${base}/discovery`,
    )
    assert.equal(good.statusCode, 303)
    const theme = await db()
      .selectFrom('themes')
      .select(['label', 'description', 'examples'])
      .where('code', '=', 'discovered')
      .executeTakeFirstOrThrow()
    assert.equal(theme.label, 'A discovered theme')
    assert.match(theme.description, /Top terms: /)
    assert.ok(theme.examples.length > 0)
    assert.equal(
      new Set(theme.examples).size,
      theme.examples.length,
      'typical comments are worded differently',
    )
    assert.equal(
      (
        await post(
          'analyst',
          `${base}/discovery/${run.id}/candidates/99`,
          { code: 'x1', label: 'X' },
          `${base}/discovery`,
        )
      ).statusCode,
      404,
    )
  })

  test('observers see the model, discovery and next pages but cannot run anything', async () => {
    const observer = await as('observer')
    for (const page of ['model', 'discovery', 'next']) {
      const response = await observer.get(`${base}/${page}`)
      assert.equal(response.statusCode, 200, page)
      assert.doesNotMatch(response.body, /Train the model<\/button>|Discover themes<\/button>|Add as a theme/)
    }
    const csrf = (await observer.formFields(`${base}/model`))._csrf ?? ''
    assert.equal((await observer.post(`${base}/model/train`, { _csrf: csrf })).statusCode, 403)
    assert.equal((await observer.post(`${base}/discovery`, { _csrf: csrf })).statusCode, 403)
  })

  test('a malformed consultation or run id answers 404', async () => {
    const analyst = await as('analyst')
    assert.equal((await analyst.get('/admin/consultations/not-an-id/coding/model')).statusCode, 404)
    assert.equal((await analyst.get('/admin/consultations/not-an-id/coding/discovery')).statusCode, 404)
    const csrf = (await analyst.formFields(`${base}/discovery`))._csrf ?? ''
    const candidate = `${base}/discovery/not-a-run/candidates/0`
    assert.equal((await analyst.post(candidate, { _csrf: csrf, code: 'x1', label: 'X' })).statusCode, 404)
  })

  test('a run left running by a stopped process is recorded as failed and no longer blocks a new one', async () => {
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    await db()
      .insertInto('coding_runs')
      .values({
        consultation_id: consultationId,
        kind: 'discover',
        requested_by: analystId,
        requested_at: hoursAgo,
      })
      .execute()
    await db()
      .updateTable('coding_runs')
      .set({ status: 'running', started_at: hoursAgo })
      .where('status', '=', 'queued')
      .execute()
    assert.deepEqual(await t.services.autoCoding.runQueued(), { done: 0, failed: 1 })
    const page = await (await as('analyst')).get(`${base}/discovery`)
    assert.match(page.body, /Failed/)
    assert.match(page.body, /interrupted/)
    const again = await t.services.autoCoding.requestRun(consultationId, 'discover', {
      userId: analystId,
      label: people.analyst.email,
    })
    assert.equal(again.queued, true)
    assert.equal(again.started, true)
    t.jobs.length = 0
    assert.deepEqual(
      await t.services.autoCoding.runQueued(),
      { done: 1, failed: 0 },
      'the cron does runs left queued',
    )
  })

  test('with the job queue down, a run stays queued for the cron rather than failing', async () => {
    const downQueue = createAutoCodingService({
      db: db(),
      now: () => new Date(),
      coding: t.services.coding,
      jobs: {
        send: async () => {
          throw new Error('connection refused')
        },
      },
    })
    const run = await downQueue.requestRun(consultationId, 'discover', {
      userId: analystId,
      label: people.analyst.email,
    })
    assert.deepEqual({ queued: run.queued, started: run.started }, { queued: true, started: false })
    const stored = await db()
      .selectFrom('coding_runs')
      .select('status')
      .where('id', '=', run.runId)
      .executeTakeFirstOrThrow()
    assert.equal(stored.status, 'queued')
    assert.deepEqual(await t.services.autoCoding.runQueued(), { done: 1, failed: 0 })
  })

  test('responses are scanned for safeguarding on arrival, whatever their channel, once each', async () => {
    await t.services.coding.scanArrivals()
    const risky = await insertResponse('ZZRISK-1', 'paper', 'Some days I think about killing myself.')
    const calm = await insertResponse('ZZRISK-2', 'email', 'The new clinic hours suit me well.')
    const scanned = await t.services.coding.scanArrivals()
    assert.deepEqual(scanned, { scanned: 2, flagged: 1 })
    const flag = await db()
      .selectFrom('safeguarding_flags')
      .selectAll()
      .where('response_id', 'in', [risky.id, calm.id])
      .execute()
    assert.equal(flag.length, 1)
    assert.equal(flag[0]?.response_id, risky.id)
    assert.equal(flag[0]?.source, 'detector')
    const audited = await db()
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'safeguarding.flagged')
      .where('entity_id', '=', flag[0]?.id ?? '')
      .execute()
    assert.equal(audited.length, 1)
    assert.deepEqual(await t.services.coding.scanArrivals(), { scanned: 0, flagged: 0 })
    const page = await (await as('analyst')).get(`${base}/safeguarding`)
    assert.match(page.body, /ZZRISK-1/)
  })
})
