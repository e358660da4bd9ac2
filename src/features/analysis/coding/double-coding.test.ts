import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../../demo/reference-consultation.js'
import { createStaff, createTestApp, type TestApp, type TestStaff } from '../../../testing/app.js'

const people = {
  first: { email: 'first@example.org', displayName: 'Fay First', roles: ['analyst'] as const },
  second: { email: 'second@example.org', displayName: 'Sam Second', roles: ['analyst'] as const },
  judge: { email: 'judge@example.org', displayName: 'Jo Judge', roles: ['analyst'] as const },
}

const noFlags = { sentiment: null, quoteWorthy: false, personalData: false, safeguarding: false }

describe('reliability from a frozen first pass', () => {
  let t: TestApp
  let staff: TestStaff<keyof typeof people>
  let consultationId: string
  const actor = (who: keyof typeof people) => ({ userId: staff.ids[who], label: people[who].email })

  before(async () => {
    t = await createTestApp({ referenceResponses: 40 })
    staff = await createStaff(t, people)
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
  })
  after(() => t.close())

  /** Ten comments of one question, and the key of another comment question. */
  async function tenComments() {
    const rows = await t.database.db
      .selectFrom('responses')
      .select(['id', 'reference', 'answers'])
      .where('consultation_id', '=', consultationId)
      .orderBy('reference')
      .execute()
    const comments = rows.flatMap((r) =>
      Object.entries(r.answers)
        .filter(
          ([key, value]) =>
            /^(p\d+|overall)_comments$/.test(key) && typeof value === 'string' && value.trim(),
        )
        .map(([questionKey]) => ({ responseId: r.id, questionKey })),
    )
    const questionKey = comments[0]?.questionKey ?? ''
    const other = comments.find((c) => c.questionKey !== questionKey)?.questionKey
    assert.ok(other)
    const ten = comments.filter((c) => c.questionKey === questionKey).slice(0, 10)
    assert.equal(ten.length, 10)
    return { ten, questionKey, other }
  }

  test('adjudicating five disagreements in a ten-comment sample leaves alpha as the blind passes gave it', async () => {
    const coding = t.services.coding
    const { ten, questionKey, other } = await tenComments()
    const themeIds: string[] = []
    for (const code of ['rel.a', 'rel.b', 'rel.c', 'rel.d']) {
      await coding.addTheme(
        consultationId,
        { code, label: code, description: '', examples: [], parentId: null, questionKey },
        actor('first'),
      )
      const row = await t.database.db
        .selectFrom('themes')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
      themeIds.push(row.id)
    }
    const theme = (i: number) => themeIds[i % 4] ?? ''
    for (const [i, c] of ten.entries())
      await coding.saveCoding(
        consultationId,
        c.responseId,
        c.questionKey,
        { ...noFlags, themeIds: [theme(i)] },
        actor('first'),
      )

    const drawn = await coding.drawDoubleCodingSample(
      consultationId,
      { percent: 100, seed: 11, secondCoderId: staff.ids.second },
      actor('judge'),
    )
    assert.ok(drawn.sampleId)
    const sampleId = drawn.sampleId
    const sampled = new Set(
      (
        await t.database.db
          .selectFrom('double_coding_items')
          .select(['response_id', 'question_key'])
          .where('sample_id', '=', sampleId)
          .execute()
      ).map((i) => `${i.response_id}|${i.question_key}`),
    )
    for (const c of ten) assert.ok(sampled.has(`${c.responseId}|${c.questionKey}`))
    // The second coder agrees on the first five and picks the next theme on the other five.
    for (const [i, c] of ten.entries())
      await coding.saveCoding(
        consultationId,
        c.responseId,
        c.questionKey,
        { ...noFlags, themeIds: [theme(i < 5 ? i : i + 1)] },
        actor('second'),
      )

    const blind = await coding.agreement(consultationId, sampleId)
    const question = blind.report.perQuestion.find((q) => q.questionKey === questionKey)
    assert.equal(question?.units, 10)
    assert.equal(blind.disagreements.length, 5)
    const alpha = question?.alpha
    assert.ok(alpha !== undefined && alpha < 0.5, `alpha ${alpha}`)
    assert.ok(question?.alphaInterval)

    // A sample item nobody has coded a second time cannot be settled.
    const unsettled = [...sampled].find((k) => !ten.some((c) => `${c.responseId}|${c.questionKey}` === k))
    if (unsettled) {
      const [responseId = '', key = ''] = unsettled.split('|')
      await assert.rejects(
        coding.adjudicate(
          consultationId,
          sampleId,
          responseId,
          key,
          { themeIds: [], reason: 'why' },
          actor('judge'),
        ),
        { name: 'ConflictError' },
      )
    }

    for (const d of blind.disagreements)
      await coding.adjudicate(
        consultationId,
        sampleId,
        d.response_id,
        d.question_key,
        { themeIds: d.second, reason: 'The second coder read the comment as written' },
        actor('judge'),
      )

    const settled = await coding.agreement(consultationId, sampleId)
    const after = settled.report.perQuestion.find((q) => q.questionKey === questionKey)
    assert.equal(after?.alpha, alpha)
    assert.deepEqual(after?.alphaInterval, question?.alphaInterval)
    assert.equal(settled.report.alpha, blind.report.alpha)
    assert.equal(settled.disagreements.length, 5)
    for (const d of settled.disagreements) {
      assert.deepEqual(d.final, [...d.second].sort())
      assert.equal(d.adjudicated_by, people.judge.displayName)
      assert.equal(d.adjudication_reason, 'The second coder read the comment as written')
    }
    // The final coding is what analysis reads; the frozen first pass is unchanged.
    const firstPass = await t.database.db
      .selectFrom('codings as c')
      .innerJoin('coding_themes as ct', 'ct.coding_id', 'c.id')
      .select('ct.theme_id')
      .where('c.response_id', '=', ten[9]?.responseId ?? '')
      .where('c.question_key', '=', questionKey)
      .where('c.pass', '=', 1)
      .execute()
    assert.deepEqual(
      firstPass.map((r) => r.theme_id),
      [theme(10)],
    )
    const frozen = settled.disagreements.find((d) => d.response_id === ten[9]?.responseId)
    assert.deepEqual(frozen?.first, [theme(9)])

    // The second coder saving again after adjudication does not move the frozen pair.
    const last = ten[9]
    assert.ok(last)
    await coding.saveCoding(
      consultationId,
      last.responseId,
      last.questionKey,
      { ...noFlags, themeIds: [theme(9)] },
      actor('second'),
    )
    assert.equal((await coding.agreement(consultationId, sampleId)).report.alpha, blind.report.alpha)

    // Themes kept for another question, however many, do not move this question's alpha.
    for (let i = 0; i < 45; i++)
      await coding.addTheme(
        consultationId,
        {
          code: `unused.${i}`,
          label: `Unused ${i}`,
          description: '',
          examples: [],
          parentId: null,
          questionKey: other,
        },
        actor('first'),
      )
    const widened = await coding.agreement(consultationId, sampleId)
    assert.equal(widened.report.perQuestion.find((q) => q.questionKey === questionKey)?.alpha, alpha)

    const page = await (await staff.as('judge')).get(
      `/admin/consultations/${consultationId}/coding/double/${sampleId}`,
    )
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /data-testid="question-alpha">Alpha <strong>1\.00/)
    assert.match(page.body, new RegExp(`data-testid="question-alpha">Alpha <strong>${alpha.toFixed(2)}`))
    assert.match(page.body, /percentile bootstrap/)
    assert.match(page.body, /Final coding: .*Jo Judge/)
  })

  test('a final coding without a reason is refused and nothing is settled', async () => {
    const sample = await t.database.db
      .selectFrom('double_coding_items')
      .select(['sample_id', 'response_id', 'question_key'])
      .where('second_themes', 'is not', null)
      .where('adjudicated_at', 'is', null)
      .executeTakeFirstOrThrow()
    const url = `/admin/consultations/${consultationId}/coding/double/${sample.sample_id}`
    const browser = await staff.as('judge')
    const refused = await browser.postFrom(
      `/admin/consultations/${consultationId}/coding/double`,
      `${url}/adjudicate/${sample.response_id}/${sample.question_key}`,
      {
        reason: '  ',
      },
    )
    assert.equal(refused.statusCode, 303)
    const item = await t.database.db
      .selectFrom('double_coding_items')
      .select('adjudicated_at')
      .where('sample_id', '=', sample.sample_id)
      .where('response_id', '=', sample.response_id)
      .where('question_key', '=', sample.question_key)
      .executeTakeFirstOrThrow()
    assert.equal(item.adjudicated_at, null)
  })
})
