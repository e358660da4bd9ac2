import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normaliseName, normalisePostcode } from '../../../platform/identity/normalise.js'
import {
  type Comparison,
  candidatePairs,
  compareRecords,
  defaultParameters,
  estimateParameters,
  type LinkRecord,
  levels,
  linkageSettings,
  linkRecords,
  matchProbability,
  scorePair,
  sharedAnswerBits,
} from './linkage.js'

const record = (fields: Partial<LinkRecord> = {}): LinkRecord => ({
  email: null,
  phone: null,
  name: null,
  postcode: null,
  answerBlocks: [],
  campaign: null,
  ...fields,
})

test('pairs come only from a shared key, each pair once, and not from a key too many share', () => {
  const records = [
    record({ email: 'a@x.org', phone: '+441164960123' }),
    record({ email: 'a@x.org', phone: '+441164960123' }),
    record({ name: normaliseName('Anne Pickering'), postcode: normalisePostcode('LE1 5AB') }),
    record({ name: normaliseName('Pickering, Anne'), postcode: normalisePostcode('LE1 7RH') }),
    record({ answerBlocks: [{ key: 'b0:1', size: 2 }] }),
    record({ answerBlocks: [{ key: 'b0:1', size: 2 }] }),
    record(),
  ]
  assert.deepEqual(candidatePairs(records).sort(), [
    [0, 1],
    [2, 3],
    [4, 5],
  ])
  const crowd = Array.from({ length: linkageSettings.maxBlock + 1 }, () =>
    record({ answerBlocks: [{ key: 'common', size: linkageSettings.maxBlock + 1 }] }),
  )
  assert.deepEqual(candidatePairs(crowd), [])
})

test('shared answers are worth the bits of the rarest block the pair shares', () => {
  const a = record({
    answerBlocks: [
      { key: 'x', size: 300 },
      { key: 'y', size: 2 },
    ],
  })
  const b = record({
    answerBlocks: [
      { key: 'x', size: 300 },
      { key: 'y', size: 2 },
    ],
  })
  const c = record({ answerBlocks: [{ key: 'x', size: 300 }] })
  assert.equal(sharedAnswerBits(a, b, 1025), 10)
  assert.ok(sharedAnswerBits(a, c, 1025) < 2)
  assert.equal(sharedAnswerBits(a, record(), 1025), 0)
})

test('each field gets its level, and a field either lacks is left out', () => {
  const a = record({
    email: 'a@x.org',
    name: normaliseName('Mrs P Kaur'),
    postcode: normalisePostcode('LE4 1AA'),
    answerBlocks: [{ key: 't', size: 2 }],
  })
  const b = record({
    email: 'b@y.org',
    name: normaliseName('Parminder Kaur'),
    postcode: normalisePostcode('LE4 9ZZ'),
    answerBlocks: [{ key: 't', size: 2 }],
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
  const a = record({ answerBlocks: [{ key: 'w', size: 500 }] })
  const b = record({ answerBlocks: [{ key: 'w', size: 500 }] })
  const level = (similarity: number) => levels.answers[compareRecords(a, b, similarity, 1000).answers]
  const { sameAnswers, partialAnswers } = linkageSettings
  assert.equal(level(sameAnswers), 'same_common')
  assert.equal(level(sameAnswers - 1e-9), 'partial')
  assert.equal(level(partialAnswers), 'partial')
  assert.equal(level(partialAnswers - 1e-9), 'different')
})

test("a campaign's copies give no answer evidence, however alike", () => {
  const a = record({ campaign: 'c1', answerBlocks: [{ key: 'w', size: 20 }] })
  const b = record({ campaign: 'c1', answerBlocks: [{ key: 'w', size: 20 }] })
  assert.equal(compareRecords(a, b, 1, 1000).answers, -1)
  assert.equal(linkRecords([a, b], () => 1, 1000).pairs.length, 0)
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
  }
  const other: Comparison = {
    email: -1,
    phone: -1,
    name: level('name', 'surname'),
    postcode: level('postcode', 'district'),
    answers: level('answers', 'different'),
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
    }
    return scorePair(0, 1, c, defaultParameters).weight
  }
  assert.ok(Math.abs(weightOf('same_common')) <= 1)
  assert.ok(weightOf('same_rare') > 7)
  const shared = scorePair(
    0,
    1,
    { email: 0, phone: -1, name: 0, postcode: -1, answers: 0 },
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
