import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tinyCodedComments } from '../../../testing/tiny-coded-comments.js'
import { chooseCommentsToCode, uncertaintyOf } from './active-learning.js'
import { trainCodingModel } from './multilabel-model.js'

describe('uncertaintyOf', () => {
  it('is 1 on a threshold and falls with the distance, scaled to the room on that side', () => {
    assert.deepEqual(uncertaintyOf([0.5, 0.9], [0.5, 0.5]), { uncertainty: 1, theme: 0 })
    // 0.9 against 0.5: 1 - 0.4 / 0.5 = 0.2; 0.1 against 0.2: 1 - 0.1 / 0.2 = 0.5.
    const { uncertainty, theme } = uncertaintyOf([0.9, 0.1], [0.5, 0.2])
    assert.ok(Math.abs(uncertainty - 0.5) < 1e-9)
    assert.equal(theme, 1)
  })

  it('finds nothing uncertain without themes', () => {
    assert.deepEqual(uncertaintyOf([], []), { uncertainty: 0, theme: -1 })
  })
})

describe('chooseCommentsToCode', () => {
  it('puts the comments the model is least sure of first, and never one without words', () => {
    const result = trainCodingModel(tinyCodedComments(60))
    assert.ok(result.ok)
    const chosen = chooseCommentsToCode(
      result.model,
      [
        { id: 'clear', text: 'The bus takes two hours.' },
        { id: 'empty', text: '' },
        { id: 'unclear', text: 'Something about my village and the doctor' },
      ],
      3,
    )
    assert.deepEqual(
      chosen.map((c) => c.id),
      ['unclear', 'clear'],
    )
    assert.ok((chosen[0]?.uncertainty ?? 0) > (chosen[1]?.uncertainty ?? 1))
    assert.ok(result.model.themes.includes(chosen[0]?.theme ?? ''))
  })
})
