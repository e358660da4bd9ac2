import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { createTestApp, storeOnlineResponse, type TestApp } from '../../../testing/app.js'
import { findDuplicateGroups } from './detection.js'
import type { DuplicateGroup } from './duplicates.js'

// Fifteen agreement questions and a comment: enough choices for the same choices to be telling.
const agreementKeys = Array.from({ length: 15 }, (_, i) => `p${i + 1}`)
const questionnaire = {
  sections: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        ...agreementKeys.map((key) => ({ key, type: 'agreement', title: `Proposal ${key}` })),
        { key: 'comments', type: 'free_text', title: 'Tell us why', maxLength: 2000 },
      ],
    },
  ],
}
const questionKeys = [...agreementKeys, 'comments']
const choices = Object.fromEntries(agreementKeys.map((key) => [key, 'strongly_agree']))
const start = new Date('2026-06-01T09:00:00Z')

interface Contact {
  name?: string
  email?: string
  phone?: string
  postcode?: string
}

describe('duplicate detection over stored responses', () => {
  let t: TestApp
  let slugCount = 0

  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  async function consultation(): Promise<{ id: string; versionId: string }> {
    const slug = `dups-${++slugCount}`
    const id = await t.services.consultations.createPublished(
      {
        slug,
        title: 'Duplicates',
        summary: 'Who answered twice.',
        status: 'open',
        opensAt: new Date('2026-05-01T00:00:00Z'),
        closesAt: new Date('2026-07-01T00:00:00Z'),
        proposals: [],
        questionnaire,
      },
      systemActor,
    )
    const { questionnaire: version } = await t.services.consultations.getBySlugWithQuestionnaire(slug)
    assert.ok(version)
    return { id, versionId: version.id }
  }

  async function respond(
    c: { id: string; versionId: string },
    answers: Record<string, AnswerValue>,
    submittedAt: Date,
    contact?: Contact,
  ): Promise<string> {
    const id = await storeOnlineResponse(t, {
      consultationId: c.id,
      questionnaireVersionId: c.versionId,
      answers,
      submittedAt,
    })
    if (contact) {
      await t.database.db
        .insertInto('respondent_contacts')
        .values({
          response_id: id,
          name: contact.name ?? null,
          email: contact.email ?? null,
          phone: contact.phone ?? null,
          postcode: contact.postcode ?? null,
        })
        .execute()
    }
    return id
  }

  const levelOf = (group: DuplicateGroup, field: string) =>
    group.links[0]?.evidence.find((e) => e.field === field)?.level

  const detect = (consultationId: string) =>
    findDuplicateGroups(t.database.db, consultationId, {
      freeTextKeys: ['comments'],
      questionKeys,
      profileKeys: [],
    })

  /** Two responses by one person, a minute apart, with a short answer and the contact details given. */
  async function twoWith(first: Contact, second: Contact) {
    const c = await consultation()
    const answers = { p1: 'agree', comments: 'More buses on Sundays, please.' }
    const a = await respond(c, answers, start, first)
    const b = await respond(c, answers, new Date(start.getTime() + 60_000), second)
    return { groups: await detect(c.id), a, b }
  }

  test('an email differing only in case, beside the same name, is the same person', async () => {
    const { groups, a, b } = await twoWith(
      { name: 'Sam Jones', email: 'Sam.Jones@Example.org' },
      { name: 'Jones, Sam', email: 'sam.jones@example.ORG' },
    )
    assert.deepEqual(
      groups.map((g) => [g.tier, g.members, levelOf(g, 'email')]),
      [['exact', [a, b], 'agree']],
    )
  })

  test('a phone number written with +44 is the same number written with a leading 0', async () => {
    const { groups, a, b } = await twoWith(
      { name: 'Sam Jones', phone: '+44 (0)7700 900123' },
      { name: 'Sam Jones', phone: '07700 900123' },
    )
    assert.deepEqual(
      groups.map((g) => [g.tier, g.members, levelOf(g, 'phone')]),
      [['exact', [a, b], 'agree']],
    )
  })

  test('an email alone, with too few answers in common to compare, is only a possible duplicate', async () => {
    const { groups, a, b } = await twoWith({ email: 'sam@example.org' }, { email: 'sam@example.org' })
    assert.deepEqual(
      groups.map((g) => [g.tier, g.members]),
      [['possible', [a, b]]],
    )
  })

  test('a name differing only in case, at the same postcode, is the same person', async () => {
    const { groups, a, b } = await twoWith(
      { name: 'Sam Jones', postcode: 'LE1 5WW' },
      { name: 'SAM JONES', postcode: 'LE1 5WW' },
    )
    assert.deepEqual(
      groups.map((g) => [g.members, levelOf(g, 'name'), levelOf(g, 'postcode')]),
      [[[a, b], 'full', 'full']],
    )
  })

  /** Online responses with the same choices and different comments, `gapSeconds` apart. */
  async function run(count: number, gapSeconds: number) {
    const c = await consultation()
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const at = new Date(start.getTime() + i * gapSeconds * 1000)
      ids.push(await respond(c, { ...choices, comments: `Comment number ${i}` }, at))
    }
    const bursts = (await detect(c.id)).filter((g) => g.tier === 'burst')
    return { bursts, ids }
  }

  test('five responses with the same choices, each exactly two minutes after the last, are a burst', async () => {
    const { bursts, ids } = await run(5, 120)
    assert.deepEqual(
      bursts.map((g) => g.members),
      [ids],
    )
  })

  test('responses with the same choices two minutes and one second apart are not a burst', async () => {
    const { bursts } = await run(5, 121)
    assert.deepEqual(bursts, [])
  })

  test('exactly five responses make a burst, and four do not', async () => {
    assert.equal((await run(5, 30)).bursts.length, 1)
    assert.deepEqual((await run(4, 30)).bursts, [])
  })
})
