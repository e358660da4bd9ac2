import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { AnswerValue } from '../../../platform/db/schema.js'
import { answerSimilarity, SignatureSpace } from './answer-features.js'
import {
  DuplicateLinker,
  detectDuplicates,
  detectionSettings,
  estimatePeople,
  groupKey,
  type MatchRow,
} from './duplicates.js'

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

describe('pairs sharing a key, judged on their answers in brief as the database sends them', () => {
  // Four questions: three choices and a comment. A comment over 40 characters arrives as a mark,
  // to be compared word by word once its answers are fetched.
  const long = '\u0002'
  const absent = '\u0001'
  const brief = (...fields: string[]) =>
    fields.map((f) => (f === long || f === absent ? f : JSON.stringify(f))).join('\u001f')
  const ids = ['r0', 'r1', 'r2', 'r3']
  const linker = (similarity: number) =>
    new DuplicateLinker(ids, [0, 1, 2, 3], { ...detectionSettings, similarity })
  const judge = (similarity: number, ...signatures: string[]) => {
    const l = linker(similarity)
    const space = new SignatureSpace()
    const pending = l.linkBriefs(
      [1, 3],
      signatures.map((s) => space.parse(s)),
      'same_email',
    )
    return { pending, groups: l.groups().map((g) => [g.members, g.similarity]) }
  }

  test('choices alike in exactly the share needed are a match; a hair more needed and they are not', () => {
    const a = brief('agree', 'agree', 'disagree', 'Fine')
    const b = brief('agree', 'agree', 'disagree', 'Not fine')
    assert.deepEqual(judge(0.75, a, b), { pending: [], groups: [[['r1', 'r3'], 0.75]] })
    assert.deepEqual(judge(0.75 + 1e-9, a, b), { pending: [], groups: [] })
  })

  test('a long comment on either side sets the pair aside to compare its words, neither matched nor dropped', () => {
    const a = brief('agree', 'agree', 'disagree', long)
    const b = brief('agree', 'agree', 'disagree', 'Short')
    assert.deepEqual(judge(0.75, a, b), { pending: [{ a: 1, b: 3, reason: 'same_email' }], groups: [] })
  })

  test('a long comment on the second response sets the pair aside just the same', () => {
    const a = brief('agree', 'agree', 'disagree', 'Short')
    const b = brief('agree', 'agree', 'disagree', long)
    assert.deepEqual(judge(0.75, a, b), { pending: [{ a: 1, b: 3, reason: 'same_email' }], groups: [] })
  })

  test('a question neither answered does not count; one answered by one only counts against them', () => {
    const both = (x: string, y: string) =>
      judge(0.75, brief('agree', 'agree', x, absent), brief('agree', 'agree', y, absent))
    // Neither answered the last two: the two answered alike make them alike.
    assert.deepEqual(both(absent, absent).groups, [[['r1', 'r3'], 1]])
    // One answered the third: two of three alike, short of 0.75.
    assert.deepEqual(both('neither', absent).groups, [])
    assert.deepEqual(both(absent, 'neither').groups, [])
  })

  test('two responses sharing a key and answering none of the questions asked are alike', () => {
    const none = brief(absent, absent)
    assert.deepEqual(judge(0.75, none, none), { pending: [], groups: [[['r1', 'r3'], 1]] })
  })

  test('a pair whose choices differ too much is dropped, whatever its comments say', () => {
    const a = brief('agree', 'agree', 'disagree', long)
    const b = brief('disagree', 'neither', 'agree', long)
    assert.deepEqual(judge(0.5, a, b), { pending: [], groups: [] })
  })
})

describe('the groups made from the links found', () => {
  test("a group's key is 32 hex characters, the same in any order of its members, and changes with the tier or members", () => {
    const key = groupKey('exact', ['b', 'a'])
    assert.match(key, /^[0-9a-f]{32}$/)
    assert.equal(key, groupKey('exact', ['a', 'b']))
    assert.notEqual(key, groupKey('likely', ['a', 'b']))
    assert.notEqual(key, groupKey('exact', ['a', 'c']))
    assert.notEqual(groupKey('exact', ['ab']), groupKey('exact', ['a', 'b']))
  })

  test('members are listed earliest first, and those sent at the same instant by id', () => {
    const members = (ids: string[], times: number[]) => {
      const linker = new DuplicateLinker(ids, times)
      for (let i = 1; i < ids.length; i++) linker.linkPair(0, i, 'same_email', 1)
      return linker.groups().map((g) => g.members)
    }
    assert.deepEqual(members(['c', 'a', 'b'], [2000, 3000, 2000]), [['b', 'c', 'a']])
    assert.deepEqual(members(['d', 'c', 'b', 'a'], [1, 1, 1, 1]), [['a', 'b', 'c', 'd']])
    assert.deepEqual(members(['a', 'b', 'c', 'd'], [1, 1, 1, 1]), [['a', 'b', 'c', 'd']])
  })

  test('a group joined by an email and by a name is exact, with the lowest similarity of its links', () => {
    const linker = new DuplicateLinker(['a', 'b', 'c'], [1, 2, 3])
    linker.linkPair(0, 1, 'same_name_and_district', 0.9)
    linker.linkPair(1, 2, 'same_email', 0.8)
    linker.linkPair(0, 2, 'same_name_and_district', 0.95)
    const [group] = linker.groups()
    assert.equal(group?.tier, 'exact')
    assert.equal(group?.similarity, 0.8)
  })

  test('a group of the very same answers has no similarity score, and counts one with an email and one without as one person', () => {
    const linker = new DuplicateLinker(['a', 'b', 'c'], [1, 2, 3])
    linker.linkIdentical([
      { index: 0, emailKey: 'e1', nameKey: 'n1' },
      { index: 1, emailKey: null, nameKey: null },
      { index: 2, emailKey: 'e1', nameKey: 'n1' },
    ])
    assert.deepEqual(linker.groups(), [
      {
        tier: 'exact',
        key: groupKey('exact', ['a', 'b', 'c']),
        members: ['a', 'b', 'c'],
        reasons: ['identical_answers'],
      },
    ])
  })

  test('the very same answers, the first without an email and a later one with, are one person', () => {
    const linker = new DuplicateLinker(['a', 'b'], [1, 2])
    linker.linkIdentical([
      { index: 0, emailKey: null, nameKey: null },
      { index: 1, emailKey: 'e1', nameKey: 'n1' },
    ])
    assert.deepEqual(
      linker.groups().map((g) => g.members),
      [['a', 'b']],
    )
  })

  test('the very same answers under two names are two people', () => {
    const linker = new DuplicateLinker(['a', 'b'], [1, 2])
    linker.linkIdentical([
      { index: 0, emailKey: null, nameKey: 'n1' },
      { index: 1, emailKey: null, nameKey: 'n2' },
    ])
    assert.deepEqual(linker.groups(), [])
  })

  test("a burst's key is made from its members, as any group's", () => {
    const rows = [0, 1, 2, 3, 4].map((m) => row(`b${m}`, { choiceKey: 'c', submittedAt: at(m) }))
    const [burst] = detectDuplicates(rows, () => undefined)
    assert.equal(burst?.key, groupKey('burst', ['b0', 'b1', 'b2', 'b3', 'b4']))
  })
})

describe('detection over rows held in memory', () => {
  test('a burst is found among responses in any order, listed earliest first and by id at the same instant', () => {
    const times = [3, 0, 1, 1, 2]
    const rows = ['e', 'a', 'c', 'b', 'd'].map((id, i) =>
      row(id, { choiceKey: 'c', submittedAt: at(times[i] as number) }),
    )
    const groups = detectDuplicates(rows, () => undefined)
    assert.deepEqual(
      groups.map((g) => g.members),
      [['a', 'b', 'c', 'd', 'e']],
    )
  })

  test('responses stored out of time order still make the burst their times make', () => {
    // Four within a minute each, one ten minutes later, then the fifth of the burst.
    const rows = [0, 1, 2, 3, 13, 4].map((m, i) => row(`b${i}`, { choiceKey: 'c', submittedAt: at(m) }))
    assert.deepEqual(
      detectDuplicates(rows, () => undefined).map((g) => g.members),
      [['b0', 'b1', 'b2', 'b3', 'b5']],
    )
  })

  test('a burst sent all at one instant is listed by id, in whatever order it was stored', () => {
    const burst = (ids: string[]) =>
      detectDuplicates(
        ids.map((id) => row(id, { choiceKey: 'c', submittedAt: at(0) })),
        () => undefined,
      ).map((g) => g.members)
    assert.deepEqual(burst(['e', 'd', 'c', 'b', 'a']), [['a', 'b', 'c', 'd', 'e']])
    assert.deepEqual(burst(['a', 'b', 'c', 'd', 'e']), [['a', 'b', 'c', 'd', 'e']])
  })

  test('the very same answers are listed earliest first, whatever their ids', () => {
    const rows = [
      row('a', { answersKey: 'same', submittedAt: at(2) }),
      row('b', { answersKey: 'same', submittedAt: at(1) }),
    ]
    assert.deepEqual(
      detectDuplicates(rows, () => undefined).map((g) => g.members),
      [['b', 'a']],
    )
  })

  test('a burst ended by a gap is kept when more responses with the same choices come later', () => {
    const rows = [0, 1, 2, 3, 4, 30].map((m, i) => row(`b${i}`, { choiceKey: 'c', submittedAt: at(m) }))
    assert.deepEqual(
      detectDuplicates(rows, () => undefined).map((g) => g.members),
      [['b0', 'b1', 'b2', 'b3', 'b4']],
    )
  })

  test('the very same answers of exactly the smallest size that counts are a match, and smaller are not', () => {
    const size = detectionSettings.minAnswersSize
    const rows = [
      row('r1', { answersKey: 'same', answersSize: size }),
      row('r2', { answersKey: 'same', answersSize: size }),
      row('r3', { answersKey: 'small', answersSize: size - 1 }),
      row('r4', { answersKey: 'small', answersSize: size - 1 }),
    ]
    assert.deepEqual(
      detectDuplicates(rows, () => undefined).map((g) => g.members),
      [['r1', 'r2']],
    )
  })

  test('two people of different names in one district, with the same answers, are not a match on name', () => {
    const rows = [
      row('r1', { nameKey: 'n1', district: 'LE4' }),
      row('r2', { nameKey: 'n2', district: 'LE4' }),
    ]
    assert.deepEqual(
      detectDuplicates(rows, () => full),
      [],
    )
  })

  test('a response whose answers cannot be read is left out of the comparing, not an error', () => {
    const rows = [row('r1', { emailKey: 'e1' }), row('r2', { emailKey: 'e1' }), row('r3', { emailKey: 'e1' })]
    const answers = new Map([
      ['r1', full],
      ['r3', full],
    ])
    assert.deepEqual(
      detectDuplicates(rows, (id) => answers.get(id)).map((g) => g.members),
      [['r1', 'r3']],
    )
  })
})
