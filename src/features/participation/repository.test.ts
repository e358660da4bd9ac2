import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../platform/audit/audit-log.js'
import type { AnswerValue } from '../../platform/db/schema.js'
import { createTestApp, storeOnlineResponse, type TestApp } from '../../testing/app.js'
import { type LinkRow, listBursts, listLinkRows, sharedBlocks } from './repository.js'

// The queries record linkage starts from, read directly: which responses come back with which
// shared blocks, and which runs of the same choices are bursts.

const agreementKeys = ['p1', 'p2', 'p3', 'p4']
const comment = 'The clinic should open on Saturdays for people who work all week.'
const choices = { p1: 'agree', p2: 'disagree', p3: 'agree', p4: 'neither' }
const start = new Date('2026-06-01T09:00:00Z')

describe('the queries duplicate detection starts from', () => {
  let t: TestApp
  let slugCount = 0

  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  async function consultation(questions: Record<string, unknown>[]) {
    const slug = `linkage-rows-${++slugCount}`
    const id = await t.services.consultations.createPublished(
      {
        slug,
        title: 'Blocks',
        summary: 'Who shares what.',
        status: 'open',
        opensAt: new Date('2026-05-01T00:00:00Z'),
        closesAt: new Date('2026-07-01T00:00:00Z'),
        proposals: [],
        questionnaire: { sections: [{ key: 'views', title: 'Your views', questions }] },
      },
      systemActor,
    )
    const { questionnaire } = await t.services.consultations.getBySlugWithQuestionnaire(slug)
    assert.ok(questionnaire)
    return { id, versionId: questionnaire.id }
  }

  const views = () =>
    consultation([
      ...agreementKeys.map((key) => ({ key, type: 'agreement', title: `Proposal ${key}` })),
      { key: 'comments', type: 'free_text', title: 'Tell us why', maxLength: 2000 },
      { key: 'home', type: 'postcode', title: 'Your postcode' },
    ])

  const respond = (
    c: { id: string; versionId: string },
    answers: Record<string, AnswerValue>,
    submittedAt = start,
  ) =>
    storeOnlineResponse(t, {
      consultationId: c.id,
      questionnaireVersionId: c.versionId,
      answers,
      submittedAt,
    })

  const rowsOf = (
    consultationId: string,
    choiceKeys: string[],
    textKeys: string[],
    profileKeys: string[] = [],
  ) =>
    listLinkRows(t.database.db, consultationId, {
      questionKeys: [...choiceKeys, ...textKeys],
      choiceKeys,
      textKeys,
      profileKeys,
      maxBlock: 3,
      bands: 2,
    })

  /** Each returned response's shared blocks as their sizes, smallest first. */
  const sizesOf = (rows: LinkRow[]) =>
    new Map(
      rows.map((r) => [
        r.id,
        sharedBlocks(r)
          .map((b) => b.size)
          .sort((a, b) => a - b),
      ]),
    )

  test('responses come back with the blocks they share and how many share each, and only if one is small', async () => {
    const c = await views()
    const twins = [
      await respond(c, { ...choices, comments: comment }),
      await respond(c, { ...choices, comments: comment.toUpperCase() }),
    ]
    // The same choices as the twins, another comment: shares the choices' bands with them.
    const sameChoices = await respond(c, {
      ...choices,
      comments: 'Evening appointments would help me most of all, thank you.',
    })
    // Shares only the first band (p1 and p3), with the three above: too many to give a pair.
    const firstBand = await respond(c, { p1: 'agree', p2: 'agree', p3: 'agree', p4: 'agree' })
    await respond(c, { p1: 'disagree', p2: 'agree', p3: 'neither', p4: 'disagree' })
    const rows = await rowsOf(c.id, agreementKeys, ['comments'])
    const sizes = sizesOf(rows)
    // Bands (p1, p3) and (p2, p4): four share the first, three the second; the twins share their
    // comment, the case aside, but not their whole answers, which keep it.
    assert.deepEqual(sizes.get(twins[0] as string), [2, 3, 4])
    assert.deepEqual(sizes.get(twins[1] as string), [2, 3, 4])
    assert.deepEqual(sizes.get(sameChoices), [3, 4])
    assert.equal(sizes.has(firstBand), false, 'a block of four is larger than the largest that gives pairs')
    assert.equal(rows.length, 3)
    const keysOf = (id: string) =>
      sharedBlocks(rows.find((r) => r.id === id) ?? { blocks: '' }).map((b) => b.key)
    assert.equal(keysOf(twins[0] as string).filter((k) => keysOf(sameChoices).includes(k)).length, 2)
  })

  test('a questionnaire asking only who someone is is read all the same', async () => {
    const c = await consultation([
      {
        key: 'age_band',
        type: 'single_choice',
        title: 'Your age',
        options: [
          { value: 'young', label: 'Young' },
          { value: 'old', label: 'Old' },
        ],
      },
    ])
    await respond(c, { age_band: 'young' })
    await respond(c, { age_band: 'young' })
    const rows = await rowsOf(c.id, [], [], ['age_band'])
    assert.deepEqual(
      rows.map((r) => [r.profile, sharedBlocks(r).map((b) => b.size)]),
      [
        ['young', [2]],
        ['young', [2]],
      ],
    )
  })

  test('five responses with the same closed answers but another postcode each are no burst; with the same postcode they are', async () => {
    const settings = { freeTextKeys: ['comments'], minChoiceSize: 0, burstSize: 5, burstSeconds: 120 }
    const at = (i: number) => new Date(start.getTime() + i * 60_000)
    const apart = await views()
    for (let i = 0; i < 5; i++) await respond(apart, { ...choices, home: `LE${i + 1}` }, at(i))
    assert.deepEqual(await listBursts(t.database.db, apart.id, settings), [])
    const together = await views()
    const ids: string[] = []
    for (let i = 0; i < 5; i++)
      ids.push(await respond(together, { ...choices, home: 'LE1', comments: `Reason ${i}` }, at(i)))
    assert.deepEqual(await listBursts(t.database.db, together.id, settings), [{ ids }])
  })

  test('a group member must be a response, and a response in a group cannot be deleted', async () => {
    const c = await views()
    const member = await respond(c, { ...choices, home: 'LE1' })
    const { db } = t.database
    const group = await db
      .insertInto('participation_groups')
      .values({
        consultation_id: c.id,
        tier: 'exact',
        group_key: 'members-checked',
        evidence: JSON.stringify({}),
        detected_at: start,
        match_weight: null,
        match_probability: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const add = (responseId: string) =>
      db
        .insertInto('participation_group_members')
        .values({ group_id: group.id, response_id: responseId, position: 0 })
        .execute()
    await assert.rejects(add('00000000-0000-4000-8000-000000000001'), (error: Error & { code?: string }) => {
      assert.equal(error.code, '23503')
      assert.match(error.message, /must be a response/)
      return true
    })
    await add(member)
    await assert.rejects(db.deleteFrom('responses').where('id', '=', member).execute(), /cannot be deleted/)
    assert.equal((await db.selectFrom('responses').select('id').where('id', '=', member).execute()).length, 1)
  })
})
