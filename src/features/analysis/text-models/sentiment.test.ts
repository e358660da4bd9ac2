import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { suggestSentiment } from './sentiment.js'

describe('suggestSentiment', () => {
  it('suggests positive, negative, neutral and mixed from the lexicon', () => {
    assert.equal(suggestSentiment('I love this plan.').sentiment, 'positive')
    assert.equal(suggestSentiment('This is terrible and awful.').sentiment, 'negative')
    assert.equal(suggestSentiment('The meeting is on Tuesday.').sentiment, 'neutral')
    assert.equal(
      suggestSentiment('The staff were wonderful but the waiting times are terrible.').sentiment,
      'mixed',
    )
  })

  it('reads negation', () => {
    assert.equal(suggestSentiment('This is not good at all.').sentiment, 'negative')
  })

  it('is a suggestion with a score from -1 to 1', () => {
    const suggestion = suggestSentiment('Great idea!')
    assert.equal(suggestion.source, 'lexicon')
    assert.ok(suggestion.score > 0 && suggestion.score <= 1)
  })

  it('handles empty text, HTML, emoji, other scripts and very long comments', () => {
    assert.deepEqual(suggestSentiment(''), { sentiment: 'neutral', score: 0, source: 'lexicon' })
    assert.equal(suggestSentiment('<p>Great idea!</p> 😀').sentiment, 'positive')
    assert.equal(suggestSentiment('这是一个好主意').sentiment, 'neutral')
    assert.equal(suggestSentiment('x'.repeat(50_000)).sentiment, 'neutral')
  })
})
