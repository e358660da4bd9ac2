import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AnswerSpace, answerSimilarity, featureSimilarity } from './answer-features.js'

// Comments over 40 characters are compared by their words; shorter answers as a whole.
const buses = 'Buses are late every single morning on the route'
const trains = 'Trains are always late on the line in the evening'

describe('how alike two responses’ answers are', () => {
  test('two long comments score the share of their words in common', () => {
    // Shared: are, late, on, the (4) of 14 different words.
    assert.equal(answerSimilarity({ c: buses }, { c: trains }), 4 / 14)
  })

  test('long comments compare words whatever their case and punctuation', () => {
    assert.equal(
      answerSimilarity({ c: buses }, { c: 'BUSES are late, every single morning, on the route!' }),
      1,
    )
  })

  test('a long comment and a short one are compared by their words', () => {
    assert.equal(answerSimilarity({ c: buses }, { c: 'late buses' }), 2 / 9)
    assert.equal(answerSimilarity({ c: 'late buses' }, { c: buses }), 2 / 9)
  })

  test('a comment of 40 characters is compared whole, one of 41 by its words', () => {
    const forty = 'The buses are late every single morning.'
    assert.equal(forty.length, 40)
    assert.equal(answerSimilarity({ c: forty }, { c: forty.toUpperCase() }), 0)
    assert.equal(answerSimilarity({ c: `${forty}!` }, { c: `${forty.toUpperCase()}!` }), 1)
  })

  test('short answers count only when the very same, even when they share words', () => {
    assert.equal(answerSimilarity({ view: 'agree' }, { view: 'strongly_agree' }), 0)
    assert.equal(answerSimilarity({ town: 'Market Harborough' }, { town: 'market harborough' }), 0)
  })

  test('long comments with no words in them at all are alike, and unlike one with words', () => {
    const dots = '.'.repeat(45)
    assert.equal(answerSimilarity({ c: dots }, { c: '-'.repeat(45) }), 1)
    assert.equal(answerSimilarity({ c: dots }, { c: buses }), 0)
    assert.equal(answerSimilarity({ c: buses }, { c: dots }), 0)
  })

  test('only the questions both answered count, whatever order the answers were stored in', () => {
    assert.equal(answerSimilarity({ a: 'x', b: 'y', c: 1 }, { c: 1, b: 'y', a: 'x' }), 1)
    assert.equal(answerSimilarity({ a: 'x', b: 'y' }, { b: 'y', c: 'z' }), 1)
    assert.equal(answerSimilarity({ a: 'x', b: 'y' }, { b: 'n', a: 'x', c: 'z' }), 1 / 2)
  })

  test('responses numbered in one run line up question by question, whichever came first', () => {
    const space = new AnswerSpace()
    const first = space.features({ b: 'y', z: 'w', a: 'q' })
    const second = space.features({ a: 'x', b: 'y' })
    assert.equal(featureSimilarity(first, second), 1 / 2)
    assert.equal(featureSimilarity(second, first), 1 / 2)
  })

  test('fewer questions in common than asked for is too few to say', () => {
    const space = new AnswerSpace()
    const first = space.features({ a: 'x', b: 'y', c: 'z' })
    const second = space.features({ a: 'x', b: 'y', d: 'w' })
    assert.equal(featureSimilarity(first, second, 0, 2), 1)
    assert.equal(featureSimilarity(first, second, 0, 3), -1)
  })

  test('a choice of many options is compared as a whole', () => {
    const many = Array.from({ length: 41 }, (_, i) => `option_${i}`)
    assert.equal(answerSimilarity({ chosen: many }, { chosen: [...many] }), 1)
    assert.equal(answerSimilarity({ chosen: many }, { chosen: many.slice(1) }), 0)
  })

  test('an answer left undefined is not an answer', () => {
    assert.equal(answerSimilarity({ a: 'x', b: undefined as unknown as string }, { a: 'x' }), 1)
  })

  test('two responses with no question in common cannot be compared', () => {
    assert.equal(answerSimilarity({}, {}), -1)
    assert.equal(answerSimilarity({ a: 'x' }, { b: 'x' }), -1)
  })

  test('a pair that cannot reach the similarity asked for scores below it; one that can, exactly at it, gets its exact score', () => {
    const space = new AnswerSpace()
    // One choice the same, one different, and a pair of comments with no word in common: at most
    // 2/3 before the words are compared, exactly 1/3 after.
    const a = space.features({ view: 'agree', mode: 'bus', c: buses })
    const b = space.features({
      view: 'agree',
      mode: 'car',
      c: 'Nothing whatsoever in common with it, none at all',
    })
    assert.ok(featureSimilarity(a, b, 0.7) < 0.7)
    assert.equal(featureSimilarity(a, b, 2 / 3), 1 / 3)
    const same = space.features({ view: 'agree', mode: 'bus', c: buses })
    assert.equal(featureSimilarity(a, same, 0.75), 1)
  })
})
