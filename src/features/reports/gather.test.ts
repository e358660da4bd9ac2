import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { systemActor } from '../../platform/audit/audit-log.js'
import { createStaff, createTestApp, type TestApp, type TestStaff } from '../../testing/app.js'
import { defaultInclusion } from '../analysis/index.js'
import { buildEdition } from './editions.js'
import type { Evidence } from './model.js'

// Gathering reads the answers once and the profile once; these check that the one-pass figures are
// the ones the results and participation pages count one question or one figure at a time, and
// that the method states late returns and coding agreement with its intervals.

const people = {
  first: { email: 'first@example.org', displayName: 'Fay First', roles: ['analyst'] as const },
  second: { email: 'second@example.org', displayName: 'Sam Second', roles: ['analyst'] as const },
}
const noFlags = { sentiment: null, quoteWorthy: false, personalData: false, safeguarding: false }

describe('gathering a report from one pass over the answers', () => {
  let t: TestApp
  let staff: TestStaff<keyof typeof people>
  let consultationId: string

  before(async () => {
    t = await createTestApp({ referenceResponses: 300 })
    staff = await createStaff(t, people)
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
  })
  after(() => t.close())

  const evidence = async () => {
    const row = await t.database.db
      .selectFrom('report_versions')
      .select('evidence')
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow()
    return (typeof row.evidence === 'string' ? JSON.parse(row.evidence) : row.evidence) as Evidence
  }

  test('every question overall and by channel equals the results counted one question at a time', async () => {
    const { analysis } = t.services
    const all = { includeExcluded: true, includeLate: true, includeRepeats: true, includeCampaigns: true }
    for (const rules of [defaultInclusion, all]) {
      const once = await analysis.tablesOverallAndByChannel(consultationId, rules)
      const overall = await analysis.allTables(consultationId, undefined, rules)
      const byChannel = await analysis.allTables(consultationId, 'channel', rules)
      assert.ok(once.tables.length >= 5)
      assert.equal(once.footnote, overall.footnote)
      once.tables.forEach((q, i) => {
        assert.equal(q.question.key, overall.tables[i]?.question.key)
        assert.deepEqual(q.overall, overall.tables[i]?.table)
        assert.deepEqual(q.byChannel, byChannel.tables[i]?.table)
      })
    }
  })

  test('the profile, reach and people estimate from the kept totals equal those counted from the responses', async () => {
    const { participation } = t.services
    const threshold = 5
    const compare = async (when: string) => {
      const figures = await participation.reportFigures(consultationId, threshold)
      assert.deepEqual(figures.profile, await participation.profile(consultationId, {}, threshold), when)
      assert.deepEqual(figures.reach, await participation.reach(consultationId, {}, threshold), when)
      assert.equal(figures.estimate.people, (await participation.estimate(consultationId)).people, when)
      return figures
    }
    const before = await compare('as loaded')
    assert.ok(before.reach.available && before.reach.tables.length === 4)
    // Placed by postcode district when the area is not given or not said; not placed when it is
    // something else; and answers changed from one choice to another.
    const some = (offset: number) =>
      sql`(select id from responses where consultation_id = ${consultationId} and not late order by id limit 12 offset ${offset})`
    await sql`update responses set answers = answers - 'area' || '{"postcode_district": " le1 "}'
      where id in ${some(0)}`.execute(t.database.db)
    await sql`update responses set answers = answers || '{"area": "prefer_not_to_say", "postcode_district": "LE15"}'
      where id in ${some(12)}`.execute(t.database.db)
    await sql`update responses set answers = answers || '{"area": "elsewhere", "sex": "female", "age_band": "45_54"}'
      where id in ${some(24)}`.execute(t.database.db)
    const after = await compare('after corrected answers')
    assert.notDeepEqual(after.reach, before.reach)
  })

  test('the method states how late returns were decided and coding agreement with its intervals', async () => {
    const { coding, reports } = t.services
    const actor = (who: keyof typeof people) => ({ userId: staff.ids[who], label: people[who].email })
    const rows = await t.database.db
      .selectFrom('responses')
      .select(['id', 'answers'])
      .where('consultation_id', '=', consultationId)
      .orderBy('reference')
      .execute()
    const comments = rows.flatMap((r) =>
      typeof r.answers.p1_comments === 'string' && r.answers.p1_comments.trim() ? [r.id] : [],
    )
    assert.ok(comments.length >= 12)
    const themeIds: string[] = []
    for (const code of ['agree.a', 'agree.b'])
      themeIds.push(
        await coding.addTheme(
          consultationId,
          { code, label: code, description: '', examples: [], parentId: null, questionKey: 'p1_comments' },
          actor('first'),
        ),
      )
    const theme = (i: number) => themeIds[i % 2] ?? ''
    for (const [i, id] of comments.slice(0, 12).entries())
      await coding.saveCoding(
        consultationId,
        id,
        'p1_comments',
        { ...noFlags, themeIds: [theme(i)] },
        actor('first'),
      )
    const drawn = await coding.drawDoubleCodingSample(
      consultationId,
      { percent: 100, seed: 3, secondCoderId: staff.ids.second },
      actor('first'),
    )
    assert.ok(drawn.sampleId)
    for (const [i, id] of comments.slice(0, 12).entries())
      await coding.saveCoding(
        consultationId,
        id,
        'p1_comments',
        { ...noFlags, themeIds: [theme(i < 9 ? i : i + 1)] },
        actor('second'),
      )

    await reports.startDraft(consultationId, systemActor)
    await reports.gatherEvidence(consultationId, systemActor)
    const e = await evidence()
    const late = await t.services.paper.countLateReturns(consultationId)
    assert.deepEqual(e.method.lateReturns, late)
    const agreement = e.method.coding.agreement
    assert.ok(agreement?.alphaInterval, 'no interval for alpha')
    assert.ok(agreement.alphaInterval.low <= (agreement.alpha ?? 0))
    assert.ok(agreement.alphaInterval.high >= (agreement.alpha ?? 1))
    const p1 = agreement.perQuestion?.find((q) => q.units === 12)
    assert.ok(p1?.alphaInterval, 'no interval for the double-coded question')
    assert.ok(Array.isArray(e.themeDifferences))

    const method = buildEdition(
      {
        version: 1,
        approvedAt: e.gatheredAt,
        evidence: e,
        sections: [{ kind: 'method', heading: 'How we consulted', text: '' }],
      },
      'full',
      'hash',
    ).blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []))
    assert.ok(
      method.some((text) =>
        late.late === 0
          ? /No paper questionnaires arrived after that date/.test(text)
          : text.includes(
              `${late.late} paper questionnaires arrived after that date: ${late.admitted} were admitted`,
            ),
      ),
      method.join('\n'),
    )
    assert.ok(method.some((text) => /The 95% interval of alpha, from bootstrap resamples/.test(text)))
    assert.ok(method.some((text) => /\(12 comments\), alpha was .* \(95% interval .* to .*\)/.test(text)))
  })
})
