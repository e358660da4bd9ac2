import assert from 'node:assert/strict'
import { test } from 'node:test'
import { answerField, checkSubmission, referenceAlphabet } from '../../features/responses/index.js'
import { normaliseName, normalisePhone } from '../../platform/identity/normalise.js'
import { parseQuestionnaireDefinition } from '../../questionnaire/rules.js'
import {
  defaultDemoResponses,
  ethnicityOptions,
  referenceQuestionnaire,
  referenceTimeline,
} from '../reference-questionnaire.js'
import {
  campaignKey,
  demoEvents,
  demoPartners,
  generateResponses,
  plantedEffects,
  sentimentOf,
  themeBank,
} from './generate.js'
import { isSupportive } from './opinions.js'
import { broadGroupOf, census } from './population.js'
import type { GeneratedResponse } from './types.js'

const seed = 2021
const run = (count: number, s = seed) => [
  ...generateResponses({ seed: s, count, timeline: referenceTimeline }),
]
const responses = run(defaultDemoResponses)
const n = responses.length
const share = (predicate: (r: GeneratedResponse) => boolean, of: GeneratedResponse[] = responses) =>
  of.filter(predicate).length / of.length
const inRange = (value: number, low: number, high: number, what: string) =>
  assert.ok(value >= low && value <= high, `${what}: ${value} is not within ${low}–${high}`)

const opens = referenceTimeline.opensAt.getTime()
const closes = referenceTimeline.closesAt.getTime()
const postal = referenceTimeline.postalDeadlineAt.getTime()

test('the same seed gives the same responses, another seed different ones, and a short run is a prefix', () => {
  const first = run(3000)
  assert.deepEqual(first, run(3000))
  assert.deepEqual(first, responses.slice(0, 3000))
  const other = run(3000, seed + 1)
  assert.notDeepEqual(
    other.map((r) => r.answers),
    first.map((r) => r.answers),
  )
  assert.notEqual(other[0]?.reference, first[0]?.reference)
})

test('every answer set passes the questionnaire’s own checks unchanged', () => {
  const definition = parseQuestionnaireDefinition(referenceQuestionnaire)
  for (const r of responses) {
    const body = Object.fromEntries(Object.entries(r.answers).map(([k, v]) => [answerField(k), v]))
    const result = checkSubmission(definition, body)
    assert.ok(result.ok, `response ${r.index}: ${JSON.stringify(result.ok ? {} : result.errors)}`)
    assert.deepEqual(result.answers, r.answers)
  }
})

test('references are unique receipt references and submission keys unique UUIDs', () => {
  const shape = new RegExp(`^[${referenceAlphabet}]{4}-[${referenceAlphabet}]{4}$`)
  for (const r of responses) assert.match(r.reference, shape)
  assert.equal(new Set(responses.map((r) => r.reference)).size, n)
  assert.equal(new Set(responses.map((r) => r.submissionKey)).size, n)
  for (const r of responses)
    assert.match(r.submissionKey, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.deepEqual(
    responses.map((r) => r.index),
    responses.map((_, i) => i),
  )
})

test('channels come in the planned mix, with partners and events named', () => {
  const channel = (c: string) => share((r) => r.channel === c)
  inRange(channel('online'), 0.7, 0.8, 'online')
  inRange(channel('paper'), 0.1, 0.16, 'paper')
  inRange(channel('partner'), 0.045, 0.08, 'partner')
  inRange(channel('event'), 0.025, 0.055, 'event')
  inRange(channel('letter'), 0.004, 0.018, 'letter')
  inRange(channel('email'), 0.004, 0.018, 'email')
  const partners = new Set(demoPartners.map((p) => p.key))
  const events = new Map(demoEvents(referenceTimeline).map((e) => [e.key, e]))
  for (const r of responses) {
    if (r.channel === 'partner') assert.ok(r.partner && partners.has(r.partner))
    else if (r.channel === 'event') {
      const event = events.get(r.event ?? '')
      assert.ok(event)
      assert.equal(r.partner, event.partner)
    } else assert.equal(r.partner, null)
    if (r.channel !== 'event') assert.equal(r.event, null)
  }
})

test('timings fit the window; online answers gather towards the close; a few papers come in late', () => {
  for (const r of responses) {
    const submitted = r.submittedAt.getTime()
    assert.ok(submitted >= opens, `response ${r.index} submitted before opening`)
    if (r.startedAt) assert.ok(r.startedAt.getTime() >= opens && r.startedAt <= r.submittedAt)
    assert.ok(r.receivedAt >= r.submittedAt)
    if (r.channel === 'online') {
      assert.ok(submitted <= closes)
      assert.ok(r.startedAt)
      assert.equal(r.receivedAt.getTime(), submitted)
    }
    if (r.late) assert.ok(r.channel === 'paper' && r.receivedAt.getTime() > postal, `response ${r.index}`)
    else assert.ok(r.receivedAt.getTime() <= postal, `response ${r.index} received after the postal deadline`)
  }
  const online = responses.filter((r) => r.channel === 'online')
  inRange(
    share((r) => r.submittedAt.getTime() > closes - 0.25 * (closes - opens), online),
    0.4,
    0.65,
    'online in the last quarter',
  )
  inRange(responses.filter((r) => r.late).length, 12, 55, 'late paper returns')
  assert.ok(responses.some((r) => r.channel === 'paper' && !r.late && r.receivedAt.getTime() > closes))
})

test('profiles agree with the About you answers, and postcode districts with areas', () => {
  const districts: Record<string, RegExp> = {
    leicester: /^LE[1-5]$/i,
    leicestershire: /^LE(7|8|9|1[0-46-9]|65|67)$/i,
    rutland: /^LE15$/i,
    elsewhere: /^(?!LE)[A-Z]{1,2}\d{1,2}$/i,
  }
  const fields = [
    ['age_band', 'ageBand'],
    ['sex', 'sex'],
    ['ethnicity', 'ethnicGroup'],
    ['relationship', 'relationship'],
    ['area', 'area'],
  ] as const
  for (const r of responses) {
    const { profile } = r.truth
    for (const [key, field] of fields) {
      const answer = r.answers[key]
      if (answer !== undefined && answer !== 'prefer_not_to_say')
        assert.equal(answer, profile[field], `${key} of ${r.index}`)
    }
    const carer = r.answers.carer
    if (carer === 'yes' || carer === 'no') assert.equal(carer === 'yes', profile.carer)
    const district = r.answers.postcode_district
    if (district !== undefined)
      assert.match(String(district), districts[profile.area] ?? /^$/, `district of ${r.index}`)
  }
  inRange(
    share((r) => r.truth.profile.carer),
    0.22,
    0.28,
    'carers',
  )
  for (const key of ['age_band', 'ethnicity', 'religion', 'sexual_orientation']) {
    const answeredForm = responses.filter(
      (r) => r.channel !== 'letter' && r.channel !== 'email' && !r.respondingFor,
    )
    inRange(
      share((r) => r.answers[key] === undefined || r.answers[key] === 'prefer_not_to_say', answeredForm),
      0.05,
      0.16,
      `${key} withheld`,
    )
  }
  inRange(
    share((r) => r.answers.relationship === 'staff'),
    0.09,
    0.15,
    'staff',
  )
  inRange(
    share((r) => r.answers.relationship === 'family_carer'),
    0.21,
    0.29,
    'family and carers',
  )
  inRange(
    share((r) => r.truth.profile.area === 'elsewhere'),
    0.015,
    0.045,
    'from elsewhere',
  )
})

test('Leicester’s Asian residents and under-25s are under-represented, older White women over-represented', () => {
  const leicester = responses.filter((r) => r.truth.profile.area === 'leicester')
  const asian = share((r) => broadGroupOf[r.truth.profile.ethnicGroup] === 'asian', leicester)
  const populationShare =
    census.leicester.ethnicity.reduce(
      (sum, s, i) => sum + (broadGroupOf[ethnicityOptions[i]?.[0] ?? ''] === 'asian' ? s : 0),
      0,
    ) / 100
  assert.ok(asian < 0.75 * populationShare, `Asian share of Leicester respondents ${asian}`)
  assert.ok(asian > 0.15, 'still heard from')
  const ageShares = census.leicestershire.age
  const youngInPopulation = ((ageShares[0] ?? 0) + (ageShares[1] ?? 0)) / 100
  assert.ok(share((r) => ['under_18', '18_24'].includes(r.truth.profile.ageBand)) < 0.7 * youngInPopulation)
  const olderWhiteWomen = share(
    (r) =>
      r.truth.profile.sex === 'female' &&
      broadGroupOf[r.truth.profile.ethnicGroup] === 'white' &&
      ['55_64', '65_74', '75_plus'].includes(r.truth.profile.ageBand),
  )
  assert.ok(olderWhiteWomen > 0.25, `older White women ${olderWhiteWomen}`)
})

test('duplicates copy earlier responses by the same person', () => {
  const exact = responses.filter((r) => r.truth.duplicate?.kind === 'exact')
  const near = responses.filter((r) => r.truth.duplicate?.kind === 'near')
  inRange(exact.length, 90, 180, 'exact duplicates')
  inRange(near.length, 65, 140, 'near duplicates')
  for (const copy of [...exact, ...near]) {
    const of = copy.truth.duplicate?.of ?? -1
    const original = responses[of]
    assert.ok(original && of < copy.index)
    assert.equal(original.truth.duplicate, null)
    assert.equal(original.truth.personId, copy.truth.personId)
    assert.ok(copy.submittedAt > original.submittedAt)
    assert.deepEqual(copy.truth.profile, original.truth.profile)
  }
  for (const copy of exact) {
    const original = responses[copy.truth.duplicate?.of ?? -1] as GeneratedResponse
    assert.deepEqual(copy.answers, original.answers)
    assert.deepEqual(copy.contact, original.contact)
    assert.deepEqual(copy.truth.comments, original.truth.comments)
  }
  for (const copy of near) {
    const original = responses[copy.truth.duplicate?.of ?? -1] as GeneratedResponse
    // The name may be written another way, or left out the second time.
    const again = normaliseName(copy.contact?.name)
    const before = normaliseName(original.contact?.name)
    assert.ok(before)
    if (again) assert.equal(again.surname, before.surname)
    assert.ok(
      copy.channel === original.channel || (original.channel === 'online' && copy.channel === 'paper'),
    )
    assert.equal(copy.answers.postcode_district, original.answers.postcode_district)
    assert.notDeepEqual(copy.answers, original.answers)
  }
  const originals = responses.filter((r) => !r.truth.duplicate)
  assert.equal(new Set(originals.map((r) => r.truth.personId)).size, originals.length)
})

test('a campaign writes from templates, each copy by a different person, against proposal 8', () => {
  const campaign = responses.filter((r) => r.truth.campaign !== null)
  inRange(campaign.length, 150, 260, 'campaign responses')
  for (const r of campaign) assert.equal(r.truth.campaign, campaignKey)
  assert.equal(new Set(campaign.map((r) => r.truth.personId)).size, campaign.length)
  for (const r of campaign) {
    assert.ok(r.truth.comments.overall_comments?.themes.includes('keep_services_local'))
    if (r.answers.p8_agreement !== undefined)
      assert.match(String(r.answers.p8_agreement), /^(strongly_)?disagree$/)
  }
  // Every copy carries one of the two templates' opening lines.
  for (const r of campaign)
    assert.match(
      String(r.answers.overall_comments),
      /keep mental health \w+ local|(oppose|against) proposal 8/i,
    )
})

test('organisations respond by name, with longer comments', () => {
  const organisations = responses.filter((r) => r.respondingFor !== null)
  inRange(organisations.length, 15, 60, 'organisation responses')
  for (const r of organisations) assert.equal(r.truth.profile.relationship, 'organisation')
  const meanLength = (rs: GeneratedResponse[]) => {
    const texts = rs.flatMap((r) =>
      typeof r.answers.overall_comments === 'string' ? [r.answers.overall_comments] : [],
    )
    return texts.reduce((sum, t) => sum + t.length, 0) / texts.length
  }
  assert.ok(meanLength(organisations) > 3 * meanLength(responses.filter((r) => !r.respondingFor)))
})

test('agreement is mostly supportive, and each planted group effect shows', () => {
  for (let p = 1; p <= 8; p++) {
    const key = `p${p}_agreement`
    inRange(
      share(
        (r) => key in r.answers,
        responses.filter((r) => r.channel !== 'letter' && r.channel !== 'email'),
      ),
      0.85,
      0.96,
      `${key} answered`,
    )
    const answered = responses.filter((r) => key in r.answers)
    inRange(
      share((r) => isSupportive(String(r.answers[key])), answered),
      0.5,
      0.85,
      `${key} support`,
    )
  }
  const independent = responses.filter((r) => !r.truth.duplicate && !r.truth.campaign)
  for (const effect of plantedEffects) {
    const answered = independent.filter((r) => effect.question in r.answers)
    const agree = (inGroup: boolean) =>
      share(
        (r) => isSupportive(String(r.answers[effect.question])),
        answered.filter((r) => effect.inGroup(r.truth.profile) === inGroup),
      )
    const gap = 100 * (agree(true) - agree(false)) * Math.sign(effect.shift)
    assert.ok(gap >= effect.minimumGapPoints, `${effect.key}: ${gap.toFixed(1)} points`)
  }
})

test('comment rates and contact details are as planned', () => {
  const forms = responses.filter((r) => r.channel !== 'letter' && r.channel !== 'email')
  for (let p = 1; p <= 8; p++)
    inRange(
      share((r) => `p${p}_comments` in r.answers, forms),
      0.25,
      0.45,
      `p${p} comments`,
    )
  inRange(
    share((r) => 'overall_comments' in r.answers),
    0.35,
    0.5,
    'overall comments',
  )
  inRange(
    share((r) => r.contact !== null),
    0.3,
    0.5,
    'contact details',
  )
  // Only channels that ask for them carry contact details: not events, nor partners' entry.
  assert.ok(responses.every((r) => r.contact === null || (r.channel !== 'event' && r.channel !== 'partner')))
  for (const r of responses) {
    if (!r.contact) continue
    if (r.contact.email) assert.match(r.contact.email, /^[a-z0-9._]+@example\.(com|org|net)$/)
    if (r.contact.phone) assert.ok(normalisePhone(r.contact.phone), r.contact.phone)
    assert.ok(r.contact.name || r.contact.email || r.contact.phone)
  }
})

test('comments carry exact gold labels from the theme bank', () => {
  const big = run(20_000, 7)
  const codes = new Set(themeBank.map((t) => t.code))
  const seen = new Set<string>()
  const sentiments: Record<string, number> = {}
  let comments = 0
  let personal = 0
  let safeguarding = 0
  let casual = 0
  const contactLike = /07700 900\d{3}|0116 496 0\d{3}|@example\.(com|org|net)/
  for (const r of big) {
    for (const [key, truth] of Object.entries(r.truth.comments)) {
      const text = r.answers[key]
      assert.equal(typeof text, 'string', `${key} of ${r.index} has a label but no text`)
      const comment = String(text)
      comments++
      assert.ok(truth.themes.length >= 1)
      assert.equal(new Set(truth.themes).size, truth.themes.length)
      for (const code of truth.themes) {
        assert.ok(codes.has(code), code)
        seen.add(code)
      }
      if (!r.respondingFor && r.channel !== 'letter' && r.channel !== 'email')
        assert.ok(truth.themes.length <= 3)
      assert.equal(truth.sentiment, sentimentOf(truth.themes))
      sentiments[truth.sentiment] = (sentiments[truth.sentiment] ?? 0) + 1
      if (truth.personalData) personal++
      if (truth.safeguarding) safeguarding++
      if (contactLike.test(comment))
        assert.ok(truth.personalData, `unlabelled personal data in ${r.index} ${key}`)
      if (comment.length >= 40 && comment === comment.toLowerCase() && !/[.!?]/.test(comment)) casual++
      inRange(comment.length, 9, 2500, 'comment length')
    }
    for (const key of Object.keys(r.answers))
      if (key.endsWith('_comments')) assert.ok(r.truth.comments[key], `${key} of ${r.index} has no label`)
  }
  assert.deepEqual(
    [...codes].filter((c) => !seen.has(c)),
    [],
  )
  for (const code of codes) assert.match(code, /^[a-z]+(_[a-z]+)*$/)
  for (const s of ['positive', 'negative', 'mixed']) inRange((sentiments[s] ?? 0) / comments, 0.1, 0.55, s)
  inRange((sentiments.neutral ?? 0) / comments, 0.02, 0.2, 'neutral')
  inRange(personal / comments, 0.006, 0.016, 'personal data')
  inRange(safeguarding / comments, 0.001, 0.0035, 'safeguarding')
  inRange(casual / comments, 0.02, 0.1, 'casual writing')
})

test('partners and events are invented, plausible and inside the window', () => {
  inRange(demoPartners.length, 4, 6, 'partners')
  assert.equal(new Set(demoPartners.map((p) => p.key)).size, demoPartners.length)
  const events = demoEvents(referenceTimeline)
  inRange(events.length, 10, 15, 'events')
  const partners = new Set(demoPartners.map((p) => p.key))
  for (const e of events) {
    assert.ok(e.heldAt.getTime() >= opens && e.heldAt.getTime() <= closes, e.key)
    assert.ok(e.attendees > 0 && e.countedBy.length > 0)
    if (e.partner) assert.ok(partners.has(e.partner))
  }
  assert.ok(events.some((e) => e.format === 'online') && events.some((e) => e.format === 'in_person'))
  assert.ok(events.some((e) => e.partner) && events.some((e) => !e.partner))
})

test('generation rate for 100,000 responses (printed, not asserted)', () => {
  const started = performance.now()
  let count = 0
  for (const _ of generateResponses({ seed: 99, count: 100_000, timeline: referenceTimeline })) count++
  const seconds = (performance.now() - started) / 1000
  console.log(
    `generated ${count.toLocaleString('en-GB')} responses in ${seconds.toFixed(2)} s: ${Math.round(count / seconds).toLocaleString('en-GB')} a second`,
  )
  assert.equal(count, 100_000)
})
