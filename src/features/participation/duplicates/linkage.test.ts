import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normaliseName, normalisePostcode } from '../../../platform/identity/normalise.js'
import {
  bestProbability,
  type Comparison,
  candidatePairs,
  compareProfiles,
  compareRecords,
  defaultParameters,
  estimateParameters,
  type LinkRecord,
  levels,
  linkageSettings,
  linkRecords,
  matchProbability,
  type PairList,
  scorePair,
  sharedAnswerBits,
} from './linkage.js'
import { toColumns } from './record-columns.js'

const record = (fields: Partial<LinkRecord> = {}): LinkRecord => ({
  email: null,
  phone: null,
  name: null,
  postcode: null,
  answerBlocks: [],
  campaign: null,
  profile: [],
  ...fields,
})

const tuples = (pairs: PairList) => Array.from(pairs.a, (a, i): [number, number] => [a, pairs.b[i] as number])
const pairList = (list: [number, number][]): PairList => ({
  a: Int32Array.from(list, ([a]) => a),
  b: Int32Array.from(list, ([, b]) => b),
})

test('pairs come only from a shared key, each pair once, and not from a key too many share', () => {
  const records = [
    record({ email: 'a@x.org', phone: '+441164960123' }),
    record({ email: 'a@x.org', phone: '+441164960123' }),
    record({ name: normaliseName('Anne Pickering'), postcode: normalisePostcode('LE1 5AB') }),
    record({ name: normaliseName('Pickering, Anne'), postcode: normalisePostcode('LE1 7RH') }),
    record({ answerBlocks: [{ key: '5001', size: 2 }] }),
    record({ answerBlocks: [{ key: '5001', size: 2 }] }),
    record(),
  ]
  assert.deepEqual(tuples(candidatePairs(toColumns(records))).sort(), [
    [0, 1],
    [2, 3],
    [4, 5],
  ])
  const crowd = Array.from({ length: linkageSettings.maxBlock + 1 }, () =>
    record({ answerBlocks: [{ key: '5002', size: linkageSettings.maxBlock + 1 }] }),
  )
  assert.deepEqual(tuples(candidatePairs(toColumns(crowd))), [])
})

test('shared answers are worth the bits of the rarest block the pair shares', () => {
  const a = record({
    answerBlocks: [
      { key: '-7263510981455331001', size: 300 },
      { key: '7263510981455331002', size: 2 },
    ],
  })
  const b = record({
    answerBlocks: [
      { key: '-7263510981455331001', size: 300 },
      { key: '7263510981455331002', size: 2 },
    ],
  })
  const c = record({ answerBlocks: [{ key: '-7263510981455331001', size: 300 }] })
  assert.equal(sharedAnswerBits(a, b, 1025), 10)
  assert.ok(sharedAnswerBits(a, c, 1025) < 2)
  assert.equal(sharedAnswerBits(a, record(), 1025), 0)
})

test('each field gets its level, and a field either lacks is left out', () => {
  const a = record({
    email: 'a@x.org',
    name: normaliseName('Mrs P Kaur'),
    postcode: normalisePostcode('LE4 1AA'),
    answerBlocks: [{ key: '5003', size: 2 }],
  })
  const b = record({
    email: 'b@y.org',
    name: normaliseName('Parminder Kaur'),
    postcode: normalisePostcode('LE4 9ZZ'),
    answerBlocks: [{ key: '5003', size: 2 }],
  })
  const c = compareRecords(a, b, 0.9, 1000)
  assert.deepEqual(
    {
      email: levels.email[c.email],
      phone: c.phone,
      name: levels.name[c.name],
      postcode: levels.postcode[c.postcode],
      answers: levels.answers[c.answers],
    },
    { email: 'disagree', phone: -1, name: 'initial', postcode: 'district', answers: 'same_rare' },
  )
  assert.equal(compareRecords(a, b, -1, 1000).answers, -1, 'no question in common: no answer evidence')
  assert.equal(compareRecords(a, b, 0.6, 1000).answers, levels.answers.indexOf('partial'))
})

test('answers alike exactly at a threshold reach its level, and a hair below do not', () => {
  const a = record({ answerBlocks: [{ key: '5004', size: 500 }] })
  const b = record({ answerBlocks: [{ key: '5004', size: 500 }] })
  const level = (similarity: number) => levels.answers[compareRecords(a, b, similarity, 1000).answers]
  const { sameAnswers, partialAnswers } = linkageSettings
  assert.equal(level(sameAnswers), 'same_common')
  assert.equal(level(sameAnswers - 1e-9), 'partial')
  assert.equal(level(partialAnswers), 'partial')
  assert.equal(level(partialAnswers - 1e-9), 'different')
})

test("a campaign's copies give no answer evidence, however alike", async () => {
  const a = record({ campaign: 'c1', answerBlocks: [{ key: '5004', size: 20 }] })
  const b = record({ campaign: 'c1', answerBlocks: [{ key: '5004', size: 20 }] })
  assert.equal(compareRecords(a, b, 1, 1000).answers, -1)
  const alike = {
    bound: (_a: number, _b: number, into: Float64Array) => into.set([1, 1]),
    fetch: async () => [],
  }
  assert.equal((await linkRecords(toColumns([a, b]), pairList([[0, 1]]), 1000, alike)).pairs.length, 0)
})

test('EM finds that agreeing identifiers mark one person, from the pairs alone', () => {
  const level = (field: keyof typeof levels, name: string) =>
    (levels[field] as readonly string[]).indexOf(name)
  const same: Comparison = {
    email: level('email', 'agree'),
    phone: -1,
    name: level('name', 'full'),
    postcode: level('postcode', 'full'),
    answers: level('answers', 'same_uncommon'),
    profile: -1,
  }
  const other: Comparison = {
    email: -1,
    phone: -1,
    name: level('name', 'surname'),
    postcode: level('postcode', 'district'),
    answers: level('answers', 'different'),
    profile: -1,
  }
  const comparisons = [...Array(200).fill(same), ...Array(800).fill(other)]
  const p = estimateParameters(comparisons, { ...linkageSettings, priorShare: 0 })
  assert.ok(Math.abs(p.lambda - 0.2) < 0.02, String(p.lambda))
  assert.ok((p.m.name[0] as number) > 0.9 && (p.u.name[0] as number) < 0.01)
  assert.ok(matchProbability(same, p) > 0.99)
  assert.ok(matchProbability(other, p) < 0.01)
  // With the prior as heavy as the data, the weights move towards what the pairs say and no further.
  const held = estimateParameters(comparisons)
  assert.ok(
    (held.m.name[0] as number) > (defaultParameters.m.name[0] as number) &&
      (held.m.name[0] as number) < (p.m.name[0] as number),
  )
})

test('the same common answers weigh almost nothing; the same rare answers a lot', () => {
  const weightOf = (answers: string) => {
    const c: Comparison = {
      email: -1,
      phone: -1,
      name: -1,
      postcode: -1,
      answers: (levels.answers as readonly string[]).indexOf(answers),
      profile: -1,
    }
    return scorePair(0, 1, c, defaultParameters).weight
  }
  assert.ok(Math.abs(weightOf('same_common')) <= 1)
  assert.ok(weightOf('same_rare') > 7)
  const shared = scorePair(
    0,
    1,
    { email: 0, phone: -1, name: 0, postcode: -1, answers: 0, profile: -1 },
    defaultParameters,
  )
  assert.equal(shared.class, 'link')
  assert.deepEqual(
    shared.evidence.map((e) => [e.field, e.level]),
    [
      ['email', 'agree'],
      ['name', 'full'],
      ['answers', 'same_rare'],
    ],
  )
})

test('a block of contact details too large to pair in full pairs each member with its nearest names only', () => {
  const { maxBlock, window } = linkageSettings
  const size = maxBlock * 3
  // One shared email (a council's general inbox) under many names, two of them the same person.
  const letters = (i: number) => String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26))
  const names = Array.from({ length: size }, (_, i) => `Pat Surname${letters(i)}`)
  names[size - 1] = 'Pat Surnameaa'
  const records = names.map((name) =>
    record({ email: 'enquiries@council.example', name: normaliseName(name) }),
  )
  const pairs = tuples(candidatePairs(toColumns(records)))
  assert.ok(pairs.length <= size * window, `${pairs.length} pairs`)
  assert.ok(pairs.length >= (size - window) * window)
  assert.ok(
    pairs.some(([a, b]) => a === 0 && b === size - 1),
    'the two of one name are paired',
  )
  assert.ok(pairs.every(([a, b]) => a < b))
  assert.equal(new Set(pairs.map(([a, b]) => `${a}|${b}`)).size, pairs.length, 'each pair once')
})

test('a block of answers shared by more than a few gives no pairs', () => {
  const { maxAnswerBlock } = linkageSettings
  const shared = (size: number) =>
    tuples(
      candidatePairs(
        toColumns(Array.from({ length: size }, () => record({ answerBlocks: [{ key: '5003', size }] }))),
      ),
    )
  assert.equal(shared(maxAnswerBlock).length, (maxAnswerBlock * (maxAnswerBlock - 1)) / 2)
  assert.deepEqual(shared(maxAnswerBlock + 1), [])
})

test('profiles: any answer both gave that differs, or enough the same, or a few the same', () => {
  const many = linkageSettings.profileMany
  assert.equal(levels.profile[compareProfiles([1, 2, 3], [1, 2, 3], many)], 'same')
  assert.equal(levels.profile[compareProfiles([1, 2, -1], [1, 2, 3], many)], 'same_few')
  assert.equal(levels.profile[compareProfiles([1, 2, 3, 4], [1, 2, 3, 5], many)], 'different')
  assert.equal(compareProfiles([-1, 2], [1, -1], many), -1, 'nothing both gave: no evidence')
  assert.equal(compareProfiles([], [], many), -1)
})

test('two people of one name in one district who describe themselves differently are told apart', () => {
  const level = (field: keyof typeof levels, name: string) =>
    (levels[field] as readonly string[]).indexOf(name)
  const namesakes: Comparison = {
    email: -1,
    phone: -1,
    name: level('name', 'full'),
    postcode: level('postcode', 'district'),
    answers: level('answers', 'partial'),
    profile: level('profile', 'different'),
  }
  assert.equal(scorePair(0, 1, namesakes, defaultParameters).class, 'non_link')
  assert.notEqual(
    scorePair(0, 1, { ...namesakes, profile: level('profile', 'same') }, defaultParameters).class,
    'non_link',
  )
})

test('the best a pair could reach with answers unknown bounds what its answers give it', () => {
  const c: Comparison = { email: -1, phone: -1, name: 0, postcode: 1, answers: -1, profile: -1 }
  const best = bestProbability(c, defaultParameters, 1)
  for (let level = 0; level < levels.answers.length; level++)
    assert.ok(matchProbability({ ...c, answers: level }, defaultParameters) <= best)
  // Answers that cannot reach the same level cannot give its weight.
  assert.ok(bestProbability(c, defaultParameters, linkageSettings.sameAnswers - 0.01) < best)
})

test('EM counts a comparison for as many pairs as it is weighted for', () => {
  const agree: Comparison = { email: 0, phone: -1, name: 0, postcode: -1, answers: -1, profile: -1 }
  const differ: Comparison = { email: 1, phone: -1, name: 3, postcode: -1, answers: -1, profile: -1 }
  const settings = { ...linkageSettings, priorShare: 0 }
  const repeated = estimateParameters([...Array(10).fill(agree), ...Array(90).fill(differ)], settings)
  const weighted = estimateParameters([agree, differ], settings, defaultParameters, [10, 90])
  assert.ok(Math.abs(repeated.lambda - weighted.lambda) < 1e-9)
  assert.ok(Math.abs((repeated.m.email[0] as number) - (weighted.m.email[0] as number)) < 1e-9)
})

test('answers are fetched for a sample of the undecided pairs and for those with a chance, not for the rest', async () => {
  // Twelve of one surname who describe themselves differently, whose texts decide whether their
  // answers are partly alike, and one pair sharing an email.
  const records = [
    ...Array.from({ length: 12 }, (_, i) =>
      record({ name: normaliseName(`Sam Smith${i % 6}`), profile: [i] }),
    ),
    record({ email: 'a@x.org', name: normaliseName('Ann Lee'), profile: [1, 2, 3] }),
    record({ email: 'a@x.org', name: normaliseName('Ann Lee'), profile: [1, 2, 3] }),
  ]
  const pairs = candidatePairs(toColumns(records))
  const fetched: [number, number][] = []
  const linkage = await linkRecords(
    toColumns(records),
    pairs,
    1000,
    {
      bound: (a, _b, into) => into.set([a >= 12 ? 0.9 : 0.7, 0]),
      fetch: async (list) => {
        fetched.push(...list)
        return list.map(() => 0.9)
      },
    },
    { ...linkageSettings, emSample: 2 },
  )
  assert.ok(
    fetched.some(([a, b]) => a === 12 && b === 13),
    'the pair sharing an email has its answers read',
  )
  assert.ok(fetched.length < pairs.a.length, `${fetched.length} of ${pairs.a.length} fetched`)
  assert.equal(linkage.fetched, fetched.length)
  assert.deepEqual(
    linkage.pairs.filter((p) => p.class === 'link').map((p) => [p.a, p.b]),
    [[12, 13]],
  )
})

test('a pair kept as its pattern number scores as its comparison does', async () => {
  const names = ['Ann Lee', 'A Lee', 'Bob Lee', 'Robert Lee', 'Ann Lee']
  const records = names.map((name, i) =>
    record({
      name: normaliseName(name),
      email: i < 3 ? 'lee@x.org' : null,
      postcode: normalisePostcode(i % 2 ? 'LE1 5AB' : 'LE1 7RH'),
      profile: [1, i === 4 ? 3 : 2, 3],
    }),
  )
  const pairs = candidatePairs(toColumns(records))
  const similarity = (a: number, b: number) => ((a + b) % 3) / 2
  const linkage = await linkRecords(toColumns(records), pairs, 1000, {
    bound: (a, b, into) => into.set([similarity(a, b), 1]),
    fetch: async (list) => list.map(() => -1),
  })
  assert.ok(linkage.pairs.length > 0)
  for (const p of linkage.pairs) {
    const c = compareRecords(
      records[p.a] as LinkRecord,
      records[p.b] as LinkRecord,
      similarity(p.a, p.b),
      1000,
    )
    assert.deepEqual(p, scorePair(p.a, p.b, c, linkage.parameters))
  }
})
