import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { answerSimilarity } from './answer-features.js'
import { estimatePeople, groupKey, linkedGroups } from './duplicates.js'
import type { ScoredPair } from './linkage.js'

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

const pair = (a: number, b: number, probability: number, cls: ScoredPair['class']): ScoredPair => ({
  a,
  b,
  weight: Math.log2(probability / (1 - probability)),
  probability,
  class: cls,
  evidence: [{ field: 'email', level: 'agree', weight: 4 }],
})

test('linked pairs join into one exact group, earliest first, with each link and the weakest probability', () => {
  const ids = ['r0', 'r1', 'r2', 'r3']
  const times = [300, 100, 200, 400]
  const groups = linkedGroups(ids, times, [pair(0, 1, 0.99, 'link'), pair(1, 2, 0.95, 'link')])
  assert.equal(groups.length, 1)
  const [group] = groups
  assert.deepEqual(group?.members, ['r1', 'r2', 'r0'])
  assert.equal(group?.tier, 'exact')
  assert.equal(group?.probability, 0.95)
  assert.equal(group?.links.length, 2)
  assert.deepEqual(group?.links[0]?.evidence, [{ field: 'email', level: 'agree', weight: 4 }])
  assert.equal(group?.key, groupKey('exact', ['r0', 'r1', 'r2']))
})

test('a possible pair is a group of its own, one between two linked groups, none within one', () => {
  const ids = ['a', 'b', 'c', 'd']
  const groups = linkedGroups(
    ids,
    [1, 2, 3, 4],
    [
      pair(0, 1, 0.99, 'link'),
      pair(2, 3, 0.99, 'link'),
      pair(0, 2, 0.5, 'possible'),
      pair(1, 3, 0.7, 'possible'),
      pair(0, 1, 0.4, 'possible'),
    ],
  )
  const possible = groups.filter((g) => g.tier === 'possible')
  assert.deepEqual(
    possible.map((g) => [g.members, g.probability]),
    [[['b', 'd'], 0.7]],
  )
})

test('N responses from an estimated M people (between L and U): undecided possible groups make the interval', () => {
  const estimate = estimatePeople(100, [
    { tier: 'exact', counted: 3, decision: null },
    { tier: 'likely', counted: 2, decision: 'same_person' },
    { tier: 'exact', counted: 2, decision: 'different_people' },
    { tier: 'exact', counted: 1, decision: null },
    { tier: 'possible', counted: 2, decision: 'same_person', probability: 0.4 },
    { tier: 'possible', counted: 2, decision: 'different_people', probability: 0.6 },
    { tier: 'possible', counted: 2, decision: null, probability: 0.5 },
    { tier: 'possible', counted: 2, decision: null, probability: 0.7 },
    { tier: 'burst', counted: 6, decision: null },
    { tier: 'campaign', counted: 40, decision: null },
  ])
  assert.deepEqual(estimate, { responses: 100, people: 95, lower: 94, upper: 96 })
})

test("a group's key is 32 hex characters, the same in any order of its members, and changes with the tier or members", () => {
  const key = groupKey('exact', ['b', 'a'])
  assert.match(key, /^[0-9a-f]{32}$/)
  assert.equal(key, groupKey('exact', ['a', 'b']))
  assert.notEqual(key, groupKey('possible', ['a', 'b']))
  assert.notEqual(key, groupKey('exact', ['a', 'c']))
  assert.notEqual(groupKey('exact', ['ab']), groupKey('exact', ['a', 'b']))
})
