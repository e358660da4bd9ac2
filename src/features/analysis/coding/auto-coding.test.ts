import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tinyCodedComments } from '../../../testing/tiny-coded-comments.js'
import { runAutoCoding } from './auto-coding.js'

const themeQuestions = new Map<string, string | null>([
  ['transport', null],
  ['staff', null],
  ['waiting', 'q_waiting'],
])

const coded = (count: number) =>
  tinyCodedComments(count).map((c, i) => ({ ...c, responseId: `r${i}`, questionKey: 'q_general' }))

/** Comments no model can read well: empty, blank, 50,000 characters, emoji, other scripts, HTML. */
const awkward = [
  '',
  '   ',
  'The bus takes two hours. '.repeat(2_000),
  '😀😡🚌🏥',
  'ਧੰਨਵਾਦ ਸੇਵਾ ਬਹੁਤ ਵਧੀਆ ਹੈ',
  'شكرا على الخدمة الممتازة',
  '谢谢你们的帮助',
  '<script>alert("x")</script><b>The nurses</b> &amp; <p>were kind</p>',
]

describe('runAutoCoding', () => {
  it('says how many more coded comments it needs when there are too few', () => {
    const round = runAutoCoding({
      coded: coded(8),
      uncoded: [],
      themeQuestions,
      nextCount: 5,
      folds: 5,
      validationLimit: 1000,
    })
    assert.equal(round.ok, false)
    if (!round.ok) {
      assert.equal(round.have, 8)
      assert.equal(round.needed, 12)
    }
  })

  it('trains, validates, suggests and picks what to code next, even among awkward comments', () => {
    const training = [
      ...coded(40),
      ...awkward.map((text, i) => ({
        text,
        themes: ['staff'],
        responseId: `bad${i}`,
        questionKey: 'q_general',
      })),
    ]
    const uncoded = [
      ...awkward.map((text, i) => ({ text, responseId: `new-bad${i}`, questionKey: 'q_general' })),
      { text: 'We waited months for a referral.', responseId: 'w1', questionKey: 'q_general' },
      { text: 'We waited months for a referral.', responseId: 'w2', questionKey: 'q_waiting' },
      { text: 'There is no train from my village.', responseId: 't1', questionKey: 'q_general' },
    ]
    assert.ok((awkward[2]?.length ?? 0) >= 50_000)
    const round = runAutoCoding({
      coded: training,
      uncoded,
      themeQuestions,
      nextCount: 3,
      folds: 5,
      validationLimit: 1000,
    })
    assert.ok(round.ok)
    if (!round.ok) return
    assert.ok(round.quality.ok)
    if (round.quality.ok) {
      assert.equal(round.quality.scores.items, training.length)
      assert.deepEqual(round.quality.scores.perTheme.map((s) => s.theme).sort(), [
        'staff',
        'transport',
        'waiting',
      ])
    }
    const of = (id: string) => round.suggestions.filter((s) => s.responseId === id).map((s) => s.themeId)
    assert.ok(of('t1').includes('transport'))
    // A theme kept for one question is never suggested for another.
    assert.ok(!of('w1').includes('waiting'))
    assert.ok(of('w2').includes('waiting'))
    // Comments without words get no suggestion and are never proposed for coding next.
    assert.deepEqual(of('new-bad0'), [])
    assert.deepEqual(of('new-bad1'), [])
    assert.ok(round.suggestions.every((s) => s.confidence > 0 && s.confidence <= 1))
    assert.equal(round.next.length, 3)
    assert.ok(round.next.every((n) => n.responseId !== 'new-bad0' && n.responseId !== 'new-bad1'))
  })

  it('does not report a one-theme model as 100% right', () => {
    const round = runAutoCoding({
      coded: coded(30).map((c) => ({ ...c, themes: ['staff'] })),
      uncoded: [],
      themeQuestions,
      nextCount: 3,
      folds: 5,
      validationLimit: 1000,
    })
    assert.ok(round.ok)
    if (!round.ok) return
    assert.equal(round.themes, 1)
    assert.deepEqual(round.quality, { ok: false, reason: 'one-theme' })
  })
})
