import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { answerSimilarity } from './answer-features.js'
import { detectDuplicates, detectionSettings, estimatePeople, groupKey, type MatchRow } from './duplicates.js'

const at = (minutes: number) => new Date(Date.UTC(2021, 5, 1, 9, minutes))
const full: Record<string, AnswerValue> = {
  relationship: 'family_carer',
  p1_agreement: 'agree',
  p2_agreement: 'strongly_agree',
  p3_agreement: 'disagree',
  age_band: '45_54',
  sex: 'female',
  overall_comments:
    'The crisis line never answered when my son needed it, and the wait for a callback was far too long.',
}
const other: Record<string, AnswerValue> = {
  relationship: 'public',
  p1_agreement: 'disagree',
  p2_agreement: 'neither',
  age_band: '25_34',
  sex: 'male',
}

function row(id: string, fields: Partial<MatchRow>): MatchRow {
  return {
    id,
    submittedAt: at(Number(id.replace(/\D/g, '')) * 100),
    emailKey: null,
    phoneKey: null,
    nameKey: null,
    district: null,
    answersKey: `answers-${id}`,
    answersSize: 500,
    choiceKey: null,
    ...fields,
  }
}

test('answer similarity: the same answers score 1, a changed view and edited comment score less, different people little', () => {
  assert.equal(answerSimilarity(full, { ...full }), 1)
  const second = {
    ...full,
    p1_agreement: 'strongly_agree',
    overall_comments:
      'The crisis line never answered when my son needed it and the wait for a call back was much too long.',
  }
  const near = answerSimilarity(full, second)
  assert.ok(near > 0.8 && near < 1, String(near))
  assert.ok(answerSimilarity(full, other) < 0.2)
})

test('exact: the same email, or the same phone, with the same name and answers that agree', () => {
  const answers = new Map([
    ['r1', full],
    ['r2', full],
    ['r3', { ...full, p3_agreement: 'strongly_disagree' }],
    ['r4', other],
  ])
  const rows = [
    row('r1', { emailKey: 'e1', nameKey: 'n1', phoneKey: 'p1' }),
    row('r2', { emailKey: 'e1', nameKey: 'n1' }),
    row('r3', { phoneKey: 'p1', nameKey: 'n1' }),
    row('r4', { phoneKey: 'p1', nameKey: 'n1' }),
  ]
  const groups = detectDuplicates(rows, (id) => answers.get(id))
  assert.equal(groups.length, 1)
  assert.equal(groups[0]?.tier, 'exact')
  assert.deepEqual(groups[0]?.members, ['r1', 'r2', 'r3'])
  assert.deepEqual(groups[0]?.reasons, ['near_identical_answers', 'same_email', 'same_phone'])
})

test('a shared email with a different name, or with different answers, is not a match', () => {
  const answers = new Map([
    ['r1', full],
    ['r2', full],
    ['r3', other],
  ])
  const rows = [
    row('r1', { emailKey: 'e1', nameKey: 'n1', answersKey: 'x' }),
    row('r2', { emailKey: 'e1', nameKey: 'n2', answersKey: 'x' }),
    row('r3', { emailKey: 'e1', nameKey: 'n1' }),
  ]
  assert.deepEqual(
    detectDuplicates(rows, (id) => answers.get(id)),
    [],
  )
})

test('exact: the very same answers, when there are enough of them and no name or email says otherwise', () => {
  const rows = [
    row('r1', { answersKey: 'same' }),
    row('r2', { answersKey: 'same' }),
    row('r3', { answersKey: 'short', answersSize: 40 }),
    row('r4', { answersKey: 'short', answersSize: 40 }),
    row('r5', { answersKey: 'template', emailKey: 'e5' }),
    row('r6', { answersKey: 'template', emailKey: 'e6' }),
  ]
  const groups = detectDuplicates(rows, () => undefined)
  assert.deepEqual(
    groups.map((g) => [g.tier, g.members, g.reasons]),
    [['exact', ['r1', 'r2'], ['identical_answers']]],
  )
})

test('likely: the same name and postcode district with near-identical answers, earliest first', () => {
  const second = { ...full, p2_agreement: 'agree' }
  const answers = new Map([
    ['r2', full],
    ['r1', second],
    ['r3', other],
  ])
  const rows = [
    row('r2', { nameKey: 'n1', district: 'LE4' }),
    row('r1', { nameKey: 'n1', district: 'LE4' }),
    row('r3', { nameKey: 'n1', district: 'LE4' }),
  ]
  const [group, ...rest] = detectDuplicates(rows, (id) => answers.get(id))
  assert.equal(rest.length, 0)
  assert.equal(group?.tier, 'likely')
  assert.deepEqual(group?.members, ['r1', 'r2'])
  assert.deepEqual(group?.reasons, ['near_identical_answers', 'same_name_and_district'])
  assert.ok((group?.similarity ?? 0) > 0.8)
  assert.equal(group?.key, groupKey('likely', ['r2', 'r1']))
})

test('bursts: five or more online responses with the same choices within two minutes of each other', () => {
  const burst = [0, 1, 1, 2, 3].map((m, i) => row(`b${i}`, { choiceKey: 'c', submittedAt: at(m) }))
  const spread = [0, 10, 20, 30, 40].map((m, i) => row(`s${i}`, { choiceKey: 'd', submittedAt: at(m) }))
  const groups = detectDuplicates([...burst, ...spread], () => undefined)
  assert.deepEqual(
    groups.map((g) => [g.tier, g.members.length, g.reasons]),
    [['burst', 5, ['same_choices_within_minutes']]],
  )
})

test('N responses from an estimated M people: merged groups count once unless decided different people', () => {
  const estimate = estimatePeople(100, [
    { tier: 'exact', counted: 3, decision: null },
    { tier: 'likely', counted: 2, decision: 'same_person' },
    { tier: 'likely', counted: 2, decision: 'different_people' },
    { tier: 'exact', counted: 1, decision: null },
    { tier: 'burst', counted: 6, decision: null },
    { tier: 'campaign', counted: 40, decision: null },
  ])
  assert.deepEqual(estimate, { responses: 100, people: 97 })
})

test('a pair whose answers score exactly the similarity needed is a match', () => {
  const edited = { ...full, p3_agreement: 'neither' }
  const score = answerSimilarity(full, edited)
  assert.ok(score > 0 && score < 1)
  const answers = new Map([
    ['r1', full],
    ['r2', edited],
  ])
  const rows = [row('r1', { emailKey: 'e1', nameKey: 'n1' }), row('r2', { emailKey: 'e1', nameKey: 'n1' })]
  const at = (similarity: number) =>
    detectDuplicates(rows, (id) => answers.get(id), { ...detectionSettings, similarity }).map(
      (g) => g.members,
    )
  assert.deepEqual(at(score), [['r1', 'r2']])
  assert.deepEqual(at(score + 1e-9), [])
})

test('responses exactly two minutes apart are one burst; two minutes and a second apart are not', () => {
  const seconds = (s: number) => new Date(at(0).getTime() + s * 1000)
  const evenly = (gap: number, key: string) =>
    [0, 1, 2, 3, 4].map((k) => row(`${key}${k}`, { choiceKey: key, submittedAt: seconds(k * gap) }))
  const groups = detectDuplicates([...evenly(120, 'g'), ...evenly(121, 'h')], () => undefined)
  assert.deepEqual(
    groups.map((g) => g.members),
    [['g0', 'g1', 'g2', 'g3', 'g4']],
  )
})
