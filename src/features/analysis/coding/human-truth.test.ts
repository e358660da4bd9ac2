import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CodingProvenance } from '../../../platform/db/schema.js'
import { humanTruth } from './human-truth.js'

const row = (response: string, theme: string, provenance: CodingProvenance, pass = 1) => ({
  response_id: response,
  question_key: 'q',
  pass,
  theme_id: theme,
  provenance,
})

describe('human truth for training and measuring the model', () => {
  it('keeps accepted suggestions and model codes apart from what people chose', () => {
    const truth = humanTruth([
      row('a', 'x', 'person'),
      row('a', 'y', 'person'),
      row('b', 'x', 'suggestion_accepted'),
      row('c', 'x', 'person'),
      row('c', 'y', 'suggestion_accepted'),
      row('d', 'y', 'model'),
    ])
    assert.deepEqual([...truth.themes.entries()], [['a|q', ['x', 'y']]])
    assert.equal(truth.keptApart, 3)
    assert.equal(truth.confirmedBlind, 0)
  })

  it('counts a comment with an accepted suggestion when a person coded it blind, with their themes', () => {
    const truth = humanTruth([row('b', 'x', 'suggestion_accepted'), row('b', 'z', 'person', 2)])
    assert.deepEqual(truth.themes.get('b|q'), ['z'])
    assert.equal(truth.confirmedBlind, 1)
    assert.equal(truth.keptApart, 0)
  })

  it('prefers the first pass when people chose all of it', () => {
    const truth = humanTruth([row('a', 'x', 'person'), row('a', 'y', 'person', 2)])
    assert.deepEqual(truth.themes.get('a|q'), ['x'])
  })
})
