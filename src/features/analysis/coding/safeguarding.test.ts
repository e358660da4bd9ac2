import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { detectRisk, riskKinds } from './safeguarding.js'

describe('detectRisk', () => {
  it('flags disclosures of suicide and self-harm in many wordings', () => {
    for (const text of [
      'Some days I think about killing myself.',
      'He said he has been thinking about ending his life.',
      'I have been self-harming again since the service closed.',
      "I don't want to be here any more.",
      'She took an overdose last month and nobody followed it up.',
      "I'm not sure I can keep myself safe tonight.",
      'My brother keeps saying we would be better off without him.',
    ])
      assert.ok(
        riskKinds(text).some((k) => k === 'suicide' || k === 'self_harm'),
        text,
      )
  })

  it('flags abuse, harm to others, neglect and not being safe', () => {
    assert.deepEqual(riskKinds('Her partner hits her when he has been drinking.'), ['abuse'])
    assert.deepEqual(riskKinds("He won't let me see my friends."), ['abuse'])
    assert.deepEqual(riskKinds('He has threatened to hurt someone at the day centre.'), ['harm_to_others'])
    assert.deepEqual(riskKinds('The kids are being left alone all weekend.'), ['neglect'])
    assert.deepEqual(riskKinds("I don't feel safe at home."), ['unsafe'])
    assert.deepEqual(riskKinds("I'm frightened of him."), ['harm_to_others'])
  })

  it('leaves ordinary comments about services alone', () => {
    for (const text of [
      'The crisis team were wonderful and kept my son safe.',
      'We need more funding for substance abuse services.',
      'Suicide prevention training for GP receptionists would help.',
      'Rutland is a neglected area when it comes to buses.',
      'I waited 8 hours in A&E on a plastic chair.',
      'The self-harm service in Leicester is excellent.',
      '',
    ])
      assert.deepEqual(detectRisk(text), [], text)
  })

  it('reports each signal with its words and place, in order', () => {
    const signals = detectRisk("I can't go on. He hits me.")
    assert.deepEqual(
      signals.map((s) => [s.kind, s.excerpt, s.start]),
      [
        ['suicide', "can't go on", 2],
        ['abuse', 'hits me', 18],
      ],
    )
  })

  it('copes with 50,000 characters, emoji and HTML', () => {
    const long = `${'🙂 <b>fine</b> '.repeat(4000)}I want to end it all`
    assert.ok(long.length > 50_000)
    assert.deepEqual(riskKinds(long), ['suicide'])
  })
})
