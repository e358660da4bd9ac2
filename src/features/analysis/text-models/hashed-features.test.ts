import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  FeatureHasher,
  fitFeatures,
  transformFeatures,
  wordAndCharFeatures,
  wordFeatures,
} from './hashed-features.js'

const norm = (values: Float64Array) => Math.sqrt(values.reduce((s, v) => s + v * v, 0))

describe('hashed TF-IDF features', () => {
  it('counts each word, word pair and character n-gram once per distinct feature', () => {
    const hashed = new FeatureHasher(wordFeatures).hash('bus bus stop')
    // bus, stop, "bus bus", "bus stop".
    assert.equal(hashed.indices.length, 4)
    assert.deepEqual([...hashed.counts].sort(), [1, 1, 1, 2])
  })

  it('pairs the first and last words with the edges of the comment when asked', () => {
    const hashed = new FeatureHasher({ ...wordFeatures, edges: true }).hash('bus bus stop')
    // bus, stop, "bus bus", "bus stop", start "bus", "stop" end.
    assert.equal(hashed.indices.length, 6)
    const inside = new FeatureHasher({ ...wordFeatures, edges: true }).hash('no way')
    const last = new FeatureHasher({ ...wordFeatures, edges: true }).hash('way no')
    assert.notDeepEqual([...inside.indices].sort(), [...last.indices].sort())
  })

  it('keeps features seen in enough training comments and makes unit-length vectors', () => {
    const texts = ['the bus was late', 'the bus was early', 'staff were kind']
    const { fitted, vectors } = fitFeatures(texts, { ...wordFeatures, minDf: 2 })
    // the, bus, was, "the bus", "bus was".
    assert.equal(fitted.size, 5)
    assert.ok(Math.abs(norm(vectors[0]?.values ?? new Float64Array()) - 1) < 1e-9)
    assert.equal(vectors[2]?.indices.length, 0)
  })

  it('scales the word block and the character block to unit length each', () => {
    const texts = ['parking permits', 'parking charges', 'permits for parking']
    const { fitted } = fitFeatures(texts, wordAndCharFeatures)
    const [vector] = transformFeatures(fitted, ['parking permits'])
    const squared = (vector?.values ?? new Float64Array()).reduce((s, v) => s + v * v, 0)
    assert.ok(Math.abs(squared - 2) < 1e-9)
  })

  it('gives the same vector for the same text, and an empty one for text with no known features', () => {
    const { fitted } = fitFeatures(['one two', 'two three'], wordAndCharFeatures)
    const [a, b, empty, html] = transformFeatures(fitted, ['two three', 'two three', '', '<p></p>'])
    assert.deepEqual(a, b)
    assert.equal(empty?.indices.length, 0)
    assert.equal(html?.indices.length, 0)
  })
})
