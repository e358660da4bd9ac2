import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { createTestApp, storeOnlineResponse, type TestApp } from '../../../testing/app.js'

// A labelled set of responses that entered through the product's own channels (the online form's
// service with About your response, letters and emails recorded by staff, a paper batch by CSV
// import with the contact box mapped), covering each kind of repeat and look-alike that record
// linkage has to get right. Detection runs through the participation service, as the job does;
// pairwise precision and recall are measured on the groups it stores.

const agreement = ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree']
const relationships = ['service_user', 'family_carer', 'staff', 'public']
const proposals = Array.from({ length: 8 }, (_, i) => `p${i + 1}`)
const questionnaire = {
  respondent: { askContact: true },
  sections: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        {
          key: 'relationship',
          type: 'single_choice',
          title: 'How are you connected to the services?',
          options: relationships.map((value) => ({ value, label: value })),
        },
        ...proposals.map((key) => ({ key, type: 'agreement', title: `Proposal ${key}` })),
        { key: 'comments', type: 'free_text', title: 'Tell us why', maxLength: 4000 },
      ],
    },
  ],
}

/** A small seeded generator, so the set is the same on every run. */
function seeded(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
const random = seeded(26)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T

const phrases = [
  'the crisis line took too long to answer',
  'my daughter waited eleven weeks for a first appointment',
  'the day centre in Loughborough is the only place she feels safe',
  'moving the beds to Leicester makes visiting impossible without a car',
  'staff at the Bradgate unit were kind but clearly stretched',
  'we need more support for carers in the evenings',
  'the bus from Melton does not run after six',
  'talking therapies helped me more than medication ever did',
  'please keep the Rutland clinic open on Saturdays',
  'home treatment worked well for my husband last winter',
  'online appointments suit me because I work shifts',
  'nobody told us what would happen after discharge',
  'the community team changed worker four times in a year',
  'I was sent home from A and E with a leaflet',
  'young people need somewhere to go that is not a hospital ward',
  'interpreters were never booked for my mother',
]

function comment(): string {
  const parts = [pick(phrases), pick(phrases), pick(phrases)]
  return `${parts.join(', and ')}. Reference ${Math.floor(random() * 1e6)}.`
}

function views(): Record<string, AnswerValue> {
  return {
    relationship: pick(relationships),
    ...Object.fromEntries(proposals.map((key) => [key, pick(agreement)])),
    comments: comment(),
  }
}

/** The same person's answers again, with `changes` choices answered differently. */
function changed(answers: Record<string, AnswerValue>, changes: number): Record<string, AnswerValue> {
  const next = { ...answers }
  for (const key of proposals.slice(0, changes))
    next[key] = agreement[(agreement.indexOf(String(next[key])) + 1) % agreement.length] as string
  return next
}

interface Identity {
  name?: string
  email?: string
  phone?: string
  postcode?: string
}

type Kind =
  | 'online_then_paper'
  | 'name_written_differently'
  | 'phone_written_differently'
  | 'second_submission_without_identity'
  | 'personal_then_work_email'
  | 'letter_after_online'
  | 'household_sharing_email'
  | 'common_name_one_district'
  | 'box_ticker'
  | 'campaign_copy'
  | 'single'

interface Planned {
  person: number
  kind: Kind
  channel: 'online' | 'paper' | 'letter'
  answers: Record<string, AnswerValue>
  identity: Identity
  at: Date
}

const start = Date.UTC(2026, 4, 1, 9)
const day = 86_400_000
const anyTime = () => new Date(start + Math.floor(random() * 40 * day))

function plan(): Planned[] {
  const planned: Planned[] = []
  let person = 0
  const add = (kind: Kind, entries: Omit<Planned, 'person' | 'kind'>[]) => {
    person++
    for (const e of entries) planned.push({ person, kind, ...e })
  }
  const surnames = [
    'Patel',
    'Hughes',
    'Walsh',
    'Begum',
    'Novak',
    'Adeyemi',
    'Fraser',
    'Lindqvist',
    'Mistry',
    'Doyle',
  ]
  const firsts = ['Helen', 'Marcus', 'Aisha', 'Tomasz', 'Grace', 'Imran', 'Ruth', 'Callum', 'Sunita', 'Owen']
  const districts = ['LE1', 'LE2', 'LE3', 'LE4', 'LE5', 'LE11', 'LE12', 'LE13', 'LE15', 'LE65']
  const postcode = (d: string) =>
    `${d} ${1 + Math.floor(random() * 9)}${pick(['AB', 'DF', 'GH', 'QT', 'WX'])}`
  const phone = () => `0116 496 ${String(Math.floor(random() * 10_000)).padStart(4, '0')}`

  for (let i = 0; i < 10; i++) {
    const name = `${firsts[i]} ${surnames[i]}`
    const pc = postcode(pick(districts))
    const answers = views()
    add('online_then_paper', [
      {
        channel: 'online',
        answers,
        identity: { name, email: `${name.toLowerCase().replace(' ', '.')}@example.org`, postcode: pc },
        at: anyTime(),
      },
      { channel: 'paper', answers: changed(answers, i % 3), identity: { name, postcode: pc }, at: anyTime() },
    ])
  }
  const variants: [string, string][] = [
    ['Bob Hart', 'Robert Hart'],
    ['Pickering, Anne', 'Anne Pickering'],
    ['Mrs P Kaur', 'Parminder Kaur'],
    ["Siobhan O'Brien", 'Siobhan OBrien'],
    ['Zoë Adams', 'Zoe Adams'],
    ['Dr Bill Morgan', 'William Morgan'],
    ['KATE LEE', 'Catherine Lee'],
    ['Hussain, Tariq', 'Mr T. Hussain'],
    ['Jim Okoro', 'James Okoro'],
    ['Renée Dubois', 'Renee Dubois'],
    ['Sue Fenwick', 'Susan Fenwick'],
    ['Maggie Kowalski', 'Margaret Kowalski'],
  ]
  for (const [i, [first, second]] of variants.entries()) {
    const answers = views()
    const shared = i % 2 === 0 ? { email: `household${i}@example.net` } : { phone: phone() }
    add('name_written_differently', [
      { channel: 'online', answers, identity: { name: first, ...shared }, at: anyTime() },
      {
        channel: 'online',
        answers: changed(answers, 1),
        identity: { name: second, ...shared },
        at: anyTime(),
      },
    ])
  }
  for (let i = 0; i < 10; i++) {
    const local = `496 ${String(1000 + i * 37).padStart(4, '0')}`
    const forms = [`0116 ${local}`, `+44 (0)116 ${local}`, `0044 116 ${local}`, `+44 116 ${local}`]
    const answers = views()
    const name = `${pick(firsts)} ${pick(['Sharma', 'Clarke', 'Evans', 'Bailey', 'Ng'])}`
    add('phone_written_differently', [
      { channel: 'online', answers, identity: { name, phone: forms[i % 4] as string }, at: anyTime() },
      {
        channel: i % 2 === 0 ? 'paper' : 'online',
        answers: changed(answers, 1),
        identity: { name, phone: forms[(i + 1) % 4] as string },
        at: anyTime(),
      },
    ])
  }
  for (let i = 0; i < 8; i++) {
    const answers = views()
    add('second_submission_without_identity', [
      {
        channel: 'online',
        answers,
        identity: i % 2 === 0 ? { email: `first${i}@example.com` } : {},
        at: anyTime(),
      },
      { channel: 'online', answers: changed(answers, 1 + (i % 2)), identity: {}, at: anyTime() },
    ])
  }
  for (let i = 0; i < 8; i++) {
    const answers = views()
    const name = `${pick(firsts)} ${pick(['Rowe', 'Ahmed', 'Quinn', 'Barker'])}${i}`
    const pc = postcode(pick(districts))
    add('personal_then_work_email', [
      {
        channel: 'online',
        answers,
        identity: { name, email: `me${i}@gmail.example`, postcode: pc },
        at: anyTime(),
      },
      {
        channel: 'online',
        answers: changed(answers, 1),
        identity: { name, email: `${name.split(' ')[0]?.toLowerCase()}@nhs-trust.example`, postcode: pc },
        at: anyTime(),
      },
    ])
  }
  for (let i = 0; i < 6; i++) {
    const answers = views()
    const name = `${pick(firsts)} Letter${i}`
    const email = `writer${i}@example.org`
    add('letter_after_online', [
      { channel: 'online', answers, identity: { name, email }, at: anyTime() },
      {
        channel: 'letter',
        answers: { comments: answers.comments as string },
        identity: { name, email },
        at: anyTime(),
      },
    ])
  }
  // Look-alikes: each a different person.
  for (let i = 0; i < 8; i++) {
    const surname = `Family${i}`
    const email = `the.${surname.toLowerCase()}s@example.org`
    for (const first of ['Peter', 'Mary'])
      add('household_sharing_email', [
        {
          channel: 'online',
          answers: views(),
          identity: { name: `${first} ${surname}`, email },
          at: anyTime(),
        },
      ])
  }
  for (let i = 0; i < 6; i++)
    add('common_name_one_district', [
      {
        channel: i % 2 ? 'paper' : 'online',
        answers: views(),
        identity: { name: 'John Smith', postcode: `LE4 ${i + 1}${pick(['AB', 'DF', 'GH'])}` },
        at: anyTime(),
      },
    ])
  const ticks = Object.fromEntries(proposals.slice(0, 6).map((key) => [key, 'agree']))
  for (let i = 0; i < 30; i++)
    add('box_ticker', [
      { channel: i % 3 === 0 ? 'paper' : 'online', answers: { ...ticks }, identity: {}, at: anyTime() },
    ])
  const campaignText =
    'I object to the closure of the Beacon ward. Local people need local beds, and families cannot travel to Leicester every day to visit. Keep the Beacon ward open.'
  const campaignAnswers = { relationship: 'public', p1: 'strongly_disagree', comments: campaignText }
  for (let i = 0; i < 20; i++)
    add('campaign_copy', [
      {
        channel: 'online',
        answers: { ...campaignAnswers },
        identity: i % 2 ? { name: `${pick(firsts)} Campaigner${i}` } : {},
        at: new Date(start + 20 * day + i * 60_000),
      },
    ])
  for (let i = 0; i < 60; i++) {
    const identity: Identity =
      i % 3 === 0
        ? {
            name: `${pick(firsts)} Single${i}`,
            email: `single${i}@example.org`,
            postcode: postcode(pick(districts)),
          }
        : {}
    add('single', [{ channel: i % 4 === 0 ? 'paper' : 'online', answers: views(), identity, at: anyTime() }])
  }
  return planned
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

describe('record linkage on a labelled set entered through the real channels', () => {
  let t: TestApp
  let consultationId: string
  const planned = plan()
  const personOf = new Map<string, Planned>()
  let linked: [string, string][] = []

  before(async () => {
    t = await createTestApp()
    consultationId = await t.services.consultations.createPublished(
      {
        slug: 'labelled-linkage',
        title: 'Labelled linkage',
        summary: 'Who answered twice.',
        status: 'open',
        opensAt: new Date(start - day),
        closesAt: new Date(start + 60 * day),
        proposals: [],
        questionnaire,
      },
      systemActor,
    )
    const { questionnaire: version } =
      await t.services.consultations.getBySlugWithQuestionnaire('labelled-linkage')
    assert.ok(version)
    const staff = { userId: null, label: 'entry@example.org' }

    const paper: { ref: string; p: Planned }[] = []
    for (const p of planned) {
      if (p.channel === 'online') {
        const id = await storeOnlineResponse(t, {
          consultationId,
          questionnaireVersionId: version.id,
          answers: p.answers,
          submittedAt: p.at,
          contact: {
            name: p.identity.name ?? null,
            email: p.identity.email ?? null,
            phone: p.identity.phone ?? null,
            postcode: p.identity.postcode ?? null,
            consentToContact: false,
          },
        })
        personOf.set(id, p)
      } else if (p.channel === 'letter') {
        const recorded = await t.services.correspondence.record(
          consultationId,
          randomUUID(),
          {
            channel: 'letter',
            receivedAt: p.at,
            sender: 'person',
            respondingFor: '',
            senderName: p.identity.name ?? '',
            senderEmail: p.identity.email ?? '',
            senderPhone: p.identity.phone ?? '',
            summary: '',
            text: String(p.answers.comments),
            questionKey: 'comments',
          },
          undefined,
          1_000_000,
          staff,
        )
        personOf.set(recorded.id, p)
      } else paper.push({ ref: `F${paper.length + 1}`, p })
    }

    const headings = [
      'Form number',
      'relationship',
      ...proposals,
      'comments',
      'Name',
      'Email',
      'Phone',
      'Postcode',
    ]
    const lines = [headings.join(',')]
    for (const { ref, p } of paper)
      lines.push(
        [
          ref,
          ...['relationship', ...proposals, 'comments'].map((k) => String(p.answers[k] ?? '')),
          p.identity.name ?? '',
          p.identity.email ?? '',
          p.identity.phone ?? '',
          p.identity.postcode ?? '',
        ]
          .map(csvCell)
          .join(','),
      )
    const uploaded = await t.services.imports.upload(
      consultationId,
      { fileName: 'paper.csv', stream: Readable.from([Buffer.from(lines.join('\n'))]) },
      staff,
    )
    const preview = await t.services.imports.preview(uploaded.importId)
    await t.services.imports.setMapping(uploaded.importId, preview.mapping, null)
    const outcome = await t.services.imports.run({ importId: uploaded.importId, dryRun: false, actor: staff })
    assert.equal(outcome.rowsNew, paper.length, JSON.stringify({ ...outcome, mapping: preview.mapping }))
    const imported = await t.database.db
      .selectFrom('responses')
      .select(['id', 'import_row_key'])
      .where('import_id', '=', uploaded.importId)
      .execute()
    const byRef = new Map(paper.map(({ ref, p }) => [`id:${ref}`, p]))
    for (const row of imported) personOf.set(row.id, byRef.get(row.import_row_key ?? '') as Planned)

    await t.services.participation.detect(consultationId, systemActor)
    const members = await t.database.db
      .selectFrom('participation_group_members as m')
      .innerJoin('participation_groups as g', 'g.id', 'm.group_id')
      .select(['g.id', 'm.response_id'])
      .where('g.consultation_id', '=', consultationId)
      .where('g.tier', '=', 'exact')
      .execute()
    const groups = new Map<string, string[]>()
    for (const m of members) groups.set(m.id, [...(groups.get(m.id) ?? []), m.response_id])
    linked = [...groups.values()].flatMap((ids) =>
      ids.flatMap((a, i) => ids.slice(i + 1).map((b): [string, string] => [a, b])),
    )
  })
  after(() => t.close())

  const truePairs = () => {
    const byPerson = new Map<number, string[]>()
    for (const [id, p] of personOf) byPerson.set(p.person, [...(byPerson.get(p.person) ?? []), id])
    return [...byPerson.values()].flatMap((ids) =>
      ids.flatMap((a, i) => ids.slice(i + 1).map((b): [string, string] => [a, b])),
    )
  }
  const samePerson = ([a, b]: [string, string]) => personOf.get(a)?.person === personOf.get(b)?.person
  const found = (pairs: [string, string][]) => {
    const keys = new Set(linked.map(([a, b]) => [a, b].sort().join('|')))
    return pairs.filter(([a, b]) => keys.has([a, b].sort().join('|')))
  }
  const kindPairs = (kind: Kind) => truePairs().filter(([a]) => personOf.get(a)?.kind === kind)
  const falseLinksOf = (kind: Kind) =>
    linked.filter((pair) => !samePerson(pair) && pair.some((id) => personOf.get(id)?.kind === kind))

  test('pairwise precision is at least 0.95 and recall at least 0.90', (context) => {
    const right = linked.filter(samePerson).length
    const precision = right / linked.length
    const recall = found(truePairs()).length / truePairs().length
    const table = (
      [
        'online_then_paper',
        'name_written_differently',
        'phone_written_differently',
        'second_submission_without_identity',
        'personal_then_work_email',
        'letter_after_online',
      ] as Kind[]
    ).map((kind) => `${kind}: ${found(kindPairs(kind)).length}/${kindPairs(kind).length}`)
    const message = `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; ${table.join(', ')}`
    context.diagnostic(message)
    assert.ok(precision >= 0.95 && recall >= 0.9, message)
  })

  for (const kind of [
    'online_then_paper',
    'name_written_differently',
    'phone_written_differently',
    'second_submission_without_identity',
    'personal_then_work_email',
    'letter_after_online',
  ] as Kind[])
    test(`${kind.replaceAll('_', ' ')}: found as one person`, () => {
      const pairs = kindPairs(kind)
      assert.ok(pairs.length > 0)
      const recall = found(pairs).length / pairs.length
      assert.ok(recall >= 0.85, `${found(pairs).length} of ${pairs.length}`)
    })

  for (const kind of [
    'household_sharing_email',
    'common_name_one_district',
    'box_ticker',
    'campaign_copy',
  ] as Kind[])
    test(`${kind.replaceAll('_', ' ')}: never linked as one person`, () => {
      assert.deepEqual(falseLinksOf(kind), [])
    })

  test('campaign copies are still a campaign', async () => {
    const campaigns = await t.services.participation.campaignResponseIds(consultationId)
    const copies = [...personOf].filter(([, p]) => p.kind === 'campaign_copy').map(([id]) => id)
    assert.ok(copies.every((id) => campaigns.has(id)))
  })

  test('every link stores its evidence and weight', async () => {
    const group = await t.database.db
      .selectFrom('participation_groups')
      .select(['evidence', 'match_weight', 'match_probability'])
      .where('consultation_id', '=', consultationId)
      .where('tier', '=', 'exact')
      .executeTakeFirstOrThrow()
    const links = group.evidence.links as { weight: number; evidence: { field: string }[] }[]
    assert.ok(links.length > 0 && links.every((l) => l.evidence.length > 0 && Number.isFinite(l.weight)))
    assert.ok(Number(group.match_probability) >= 0.9)
  })
})
