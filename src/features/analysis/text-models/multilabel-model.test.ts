import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tinyCodedComments } from '../../../testing/tiny-coded-comments.js'
import {
  baselineOptions,
  bestThreshold,
  fewestThemes,
  fitPlatt,
  modelOptions,
  modelVersion,
  predictConfidences,
  suggestThemes,
  trainCodingModel,
} from './multilabel-model.js'

function trained(options = modelOptions) {
  const result = trainCodingModel(tinyCodedComments(60), options)
  assert.ok(result.ok, 'the tiny set is enough to train on')
  return result.model
}

describe('trainCodingModel', () => {
  it('suggests the themes a new comment says, with confidences, most likely first', () => {
    const model = trained()
    assert.equal(model.version, modelVersion)
    assert.deepEqual(model.themes, ['staff', 'transport', 'waiting'])
    const [bus, both] = suggestThemes(model, [
      'The bus never comes',
      'The nurses were kind but the waiting list is too long',
    ])
    assert.deepEqual(bus?.themes, ['transport'])
    assert.equal(bus?.suggestions[0]?.theme, 'transport')
    assert.ok((bus?.suggestions[0]?.confidence ?? 0) > (bus?.suggestions[1]?.confidence ?? 1))
    assert.deepEqual([...(both?.themes ?? [])].sort(), ['staff', 'waiting'])
  })

  it('gives every comment with words at least one theme, and none to a comment without', () => {
    const model = trained()
    const [unrelated, empty, html] = suggestThemes(model, ['Purple elephants dance', '', '<p> </p>'])
    assert.ok((unrelated?.themes.length ?? 0) >= 1)
    assert.deepEqual(empty, { themes: [], suggestions: [] })
    assert.deepEqual(html?.themes, [])
  })

  it('codes as many themes as the fewest any coded comment has', () => {
    const examples = tinyCodedComments(60).map((e) => ({ ...e, themes: [...e.themes, 'question'] }))
    const result = trainCodingModel(examples)
    assert.ok(result.ok)
    assert.equal(result.model.fewestThemes, 2)
    const [bus] = suggestThemes(result.model, ['The bus never comes'])
    assert.deepEqual([...(bus?.themes ?? [])].sort(), ['question', 'transport'])
  })

  it('counts themes too rare to learn in the fewest a comment is coded with', () => {
    const examples = tinyCodedComments(60).map((e, i) => ({
      ...e,
      themes: [...e.themes, i < 2 ? `rare ${i}` : 'question'],
    }))
    const result = trainCodingModel(examples)
    assert.ok(result.ok)
    assert.ok(!result.model.themes.includes('rare 0'))
    assert.equal(result.model.fewestThemes, 2)
  })

  it('says how many more coded comments it needs when it has too few', () => {
    const result = trainCodingModel(tinyCodedComments(12))
    assert.equal(result.ok, false)
    if (result.ok) return
    assert.equal(result.reason, 'too-few-examples')
    assert.equal(result.have, 12)
    assert.equal(result.needed, 8)
  })

  it('does not count comments without words, and lists themes with too few examples', () => {
    const examples = [
      ...tinyCodedComments(30),
      { text: '', themes: ['transport'] },
      { text: 'The car park is full', themes: ['parking'] },
    ]
    const result = trainCodingModel(examples)
    assert.ok(result.ok)
    assert.equal(result.model.trainedOn, 31)
    assert.deepEqual(result.model.untrained, [{ theme: 'parking', have: 1, needed: 2 }])
    assert.ok(!result.model.themes.includes('parking'))
  })

  it('trains on emoji, other scripts, HTML and a 50,000-character comment without failing', () => {
    const examples = [
      ...tinyCodedComments(30),
      { text: '🚌🚌 bus 😡', themes: ['transport'] },
      { text: 'حافلة متأخرة دائما، 公共汽车总是迟到', themes: ['transport'] },
      { text: '<div><b>Nurses</b> were <i>kind</i></div>', themes: ['staff'] },
      { text: 'waiting '.repeat(6_250), themes: ['waiting'] },
    ]
    const result = trainCodingModel(examples)
    assert.ok(result.ok)
    const confidences = predictConfidences(result.model, ['🚌', 'x'.repeat(50_000)])
    assert.ok(confidences.every((row) => row.every((c) => c >= 0 && c <= 1)))
  })

  it('has a baseline that codes with a score above zero', () => {
    const model = trained(baselineOptions)
    assert.deepEqual(model.thresholds, [0.5, 0.5, 0.5])
    assert.deepEqual(suggestThemes(model, ['There is no train'])[0]?.themes, ['transport'])
  })
})

describe('fewest themes', () => {
  it('is the fewest among comments with any theme, else one when every comment must have one', () => {
    assert.equal(fewestThemes([[0, 1], [2, 3, 1], []], true), 2)
    assert.equal(fewestThemes([[]], true), 1)
    assert.equal(fewestThemes([], false), 0)
  })
})

describe('calibration and thresholds', () => {
  it("fits Platt's sigmoid so that higher scores give higher confidence", () => {
    const scores = [-2, -1.5, -1, -0.5, 0.2, 0.5, 1, 1.5, 2, -0.2]
    const positive = scores.map((s, i) => s > 0 || i === 9)
    const { a, b } = fitPlatt(scores, positive)
    assert.ok(a < 0, 'confidence rises with the score')
    const confidence = (s: number) => 1 / (1 + Math.exp(a * s + b))
    assert.ok(confidence(2) > 0.8 && confidence(-2) < 0.2)
  })

  it('stays finite on perfectly separated scores', () => {
    const { a, b } = fitPlatt([-1, -1, 1, 1], [false, false, true, true])
    assert.ok(Number.isFinite(a) && Number.isFinite(b))
  })

  it('puts the threshold where F1 is best, between two confidences', () => {
    // Sorted: 0.9 yes, 0.8 yes, 0.6 no, 0.3 yes, 0.1 no. Best F1 is at the top two (2*2/(2+3) = 0.8)
    // against all four (2*3/(4+3) = 0.857): so the cut goes between 0.3 and 0.1.
    assert.equal(bestThreshold([0.9, 0.8, 0.6, 0.3, 0.1], [true, true, false, true, false]), 0.2)
    assert.equal(bestThreshold([0.9, 0.1], [false, false]), 0.5)
  })
})
