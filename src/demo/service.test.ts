import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type RawBuilder, sql } from 'kysely'
import { createServices, type Services } from '../app/services.js'
import { createTestDatabase, type TestDatabase } from '../testing/databases.js'
import { referenceSlug } from './reference-consultation.js'
import { defaultDemoResponses, referenceTimeline } from './reference-questionnaire.js'

// heard-test: slow (loads the whole start-up demo), so it is started first.
describe('the start-up demo', () => {
  let database: TestDatabase
  let services: Services
  let seconds = 0

  before(async () => {
    database = await createTestDatabase()
    services = createServices({ database, now: () => new Date() })
    const started = Date.now()
    await services.demo.loadStartupDemo()
    seconds = (Date.now() - started) / 1000
  })
  after(() => database.close())

  const count = async (query: RawBuilder<unknown>) =>
    Number(((await query.execute(database.db)).rows[0] as { n: number } | undefined)?.n)

  test(`loads ${defaultDemoResponses} responses to the reference case and an open consultation`, async () => {
    const reference = await services.consultations.getBySlug(referenceSlug)
    assert.equal((await services.responses.countedSummary(reference.id)).received, defaultDemoResponses)
    // The decision trail is replayed on its dates: decided on 14 December 2021, then followed up.
    assert.equal(reference.status, 'following_up')
    assert.equal(reference.closes_at.toISOString(), referenceTimeline.closesAt.toISOString())
    const open = await services.consultations.listOpen()
    assert.equal(open.length, 1)
    console.log(`start-up demo loaded in ${seconds.toFixed(1)} s on ${database.kind}`)
  })

  test('every consultation loaded has its figures stored, so "Who we heard from" opens with them', async () => {
    const consultations = await count(sql`select count(*)::int as n from consultations`)
    const stored = await count(sql`
      select count(*)::int as n from participation_figures f
      join consultations c on c.id = f.consultation_id
      where f.responses_seen = (select count(*) from response_standings s
        where s.consultation_id = c.id and s.standing = 'counted')
    `)
    assert.equal(stored, consultations)
    const reference = await services.consultations.getBySlug(referenceSlug)
    const status = await services.participation.storedFigures(reference.id)
    assert.equal(status.stale, false)
  })

  test('responses come through every channel, mostly online', async () => {
    const rows = (
      await sql<{ channel: string; n: number }>`
        select channel, count(*)::int as n from responses r join consultations c on c.id = r.consultation_id
        where c.slug = ${referenceSlug} group by channel
      `.execute(database.db)
    ).rows
    const byChannel = Object.fromEntries(rows.map((r) => [r.channel, r.n]))
    for (const channel of ['online', 'paper', 'partner', 'event', 'letter']) {
      assert.ok((byChannel[channel] ?? 0) > 0, `no ${channel} responses`)
    }
    assert.ok((byChannel.online ?? 0) > defaultDemoResponses / 2)
    assert.ok((byChannel.paper ?? 0) > (byChannel.partner ?? 0))
  })

  test('late returns are paper received after the postal deadline, and there are a few', async () => {
    const late = await count(sql`select count(*)::int as n from responses where late`)
    assert.ok(late > 0 && late < defaultDemoResponses * 0.02, `late returns: ${late}`)
    const wrong = await count(sql`
      select count(*)::int as n from responses r join consultations c on c.id = r.consultation_id
      where r.late and (r.channel <> 'paper' or r.received_at <= c.postal_deadline_at)
    `)
    assert.equal(wrong, 0)
  })

  test('partners, events, documents and contacts are stored and linked', async () => {
    assert.ok((await count(sql`select count(*)::int as n from organisations where kind = 'vcs'`)) >= 4)
    assert.ok((await count(sql`select count(*)::int as n from events`)) >= 10)
    assert.equal(
      await count(
        sql`select count(*)::int as n from responses where channel = 'partner' and partner_organisation_id is null`,
      ),
      0,
    )
    assert.equal(
      await count(sql`select count(*)::int as n from responses where channel = 'event' and event_id is null`),
      0,
    )
    const languages = (
      await sql<{
        language: string
      }>`select distinct language from consultation_documents order by language`.execute(database.db)
    ).rows.map((r) => r.language)
    assert.ok(languages.length >= 3, `languages offered: ${languages.join(', ')}`)
    assert.ok(
      (await count(
        sql`select count(*)::int as n from consultation_documents d join consultations c on c.id = d.consultation_id
            where d.kind = 'easy_read' and c.slug = ${referenceSlug}`,
      )) === 1,
    )
    assert.ok(
      (await count(sql`select count(*)::int as n from respondent_contacts`)) > defaultDemoResponses / 4,
    )
  })

  test('the known truth is stored for every response and exported one line each', async () => {
    assert.equal(await count(sql`select count(*)::int as n from demo_truth`), defaultDemoResponses)
    const lines: string[] = []
    const exported = await services.demo.exportTruth((line) => {
      lines.push(line)
    })
    assert.equal(exported, defaultDemoResponses)
    assert.equal(lines.length, defaultDemoResponses)
    const truths = lines.map((l) => JSON.parse(l))
    const references = truths.map((t) => t.reference)
    assert.deepEqual(references, [...references].sort())
    const duplicates = truths.filter((t) => t.duplicate)
    assert.ok(duplicates.length > 0)
    const byReference = new Map(truths.map((t) => [t.reference, t]))
    for (const d of duplicates) {
      assert.equal(
        byReference.get(d.duplicate.of)?.personId,
        d.personId,
        'a duplicate shares its original person',
      )
    }
    assert.ok(truths.some((t) => t.campaign))
    assert.ok(truths.some((t) => Object.keys(t.comments).length > 0))
  })

  test('the whole load is audited once', async () => {
    assert.equal(await count(sql`select count(*)::int as n from audit_log where action = 'demo.loaded'`), 1)
  })
})

test('the same seed stores the same responses and truth', async () => {
  const exports: string[][] = []
  for (let i = 0; i < 2; i++) {
    const database = await createTestDatabase()
    try {
      const services = createServices({ database, now: () => new Date() })
      await services.demo.loadReferenceCase({ responses: 300, seed: 42 })
      const lines: string[] = []
      await services.demo.exportTruth((line) => {
        lines.push(line)
      })
      const stored = await database.db
        .selectFrom('responses')
        .select(['id', 'reference', 'answers'])
        .orderBy('id')
        .execute()
      exports.push([...lines, JSON.stringify(stored)])
    } finally {
      await database.close()
    }
  }
  assert.equal(exports[0]?.length, 301)
  assert.deepEqual(exports[0], exports[1])
})

test('loading the demo twice is refused with a clear message and changes nothing', async () => {
  const database = await createTestDatabase()
  try {
    const services = createServices({ database, now: () => new Date() })
    await services.demo.loadReferenceCase({ responses: 10, seed: 1 })
    await assert.rejects(
      services.demo.loadReferenceCase({ responses: 10, seed: 1 }),
      /A consultation with the address "step-up-to-great-mental-health" already exists/,
    )
    assert.equal(
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from responses`.execute(database.db)).rows[0]?.n,
      ),
      10,
    )
  } finally {
    await database.close()
  }
})
