import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { analyseText, hasWords, maxChars, plainText, wordTokens } from './text-features.js'

describe('plainText', () => {
  it('drops tags and scripts, decodes entities and tidies space', () => {
    assert.equal(
      plainText('<p>Buses &amp; trains</p>\n<script>alert(1)</script><b>late</b> &#8212; &unknown;'),
      'Buses & trains late — &unknown;',
    )
  })

  it('keeps angle-bracketed survey codes that are not HTML', () => {
    assert.equal(plainText('<DK> <RF>'), '<DK> <RF>')
    assert.equal(plainText('a <!-- note --> b<br/>c'), 'a b c')
  })

  it('cuts very long comments', () => {
    assert.equal(plainText('word '.repeat(10_000)).length <= maxChars, true)
  })
})

describe('analyseText', () => {
  it('folds case and punctuation out of terms, so "Australia" and "no." are not terms of their own', () => {
    const result = analyseText('I moved from Australia. The answer is no. Australia was kind.')
    assert.ok(result.terms.includes('australia'))
    assert.ok(!result.terms.some((term) => /[A-Z]|[.,!?]$/.test(term)), result.terms.join(' '))
    assert.ok(!result.terms.includes('no'))
    assert.ok(!result.phrases.some((phrase) => phrase.includes('.')))
  })

  it('gives tokens, lemmas, meaningful terms and word pairs', () => {
    const result = analyseText('The crisis teams were closing early. Hospitals are late!')
    assert.deepEqual(result.tokens, [
      'the',
      'crisis',
      'teams',
      'were',
      'closing',
      'early',
      'hospitals',
      'are',
      'late',
    ])
    assert.equal(result.lemmas[3], 'be')
    assert.equal(result.lemmas[2], 'team')
    assert.equal(result.lemmas[4], 'close')
    assert.ok(!result.terms.includes('the'), 'stop words are not terms')
    assert.ok(result.terms.includes('crisis'))
    assert.ok(result.phrases.includes('crisis team'))
    // Pairs never cross a sentence.
    assert.ok(!result.phrases.some((p) => p.startsWith('early ')))
  })

  it('handles empty text, HTML, emoji, other scripts and 50,000 characters without failing', () => {
    assert.deepEqual(analyseText(''), { tokens: [], lemmas: [], terms: [], phrases: [] })
    assert.deepEqual(analyseText('<br/> &nbsp; ').tokens, [])
    assert.ok(analyseText('Great idea 👍').tokens.includes('👍'))
    assert.ok(analyseText('日本語のコメント، مرحبا بالعالم').tokens.length > 0)
    const long = analyseText('parking is hard '.repeat(3_200))
    assert.ok(long.tokens.length > 1000)
  })
})

describe('wordTokens', () => {
  it('splits on anything but letters, numbers and emoji, in lower case', () => {
    assert.deepEqual(wordTokens("Don't close Ward-7! 😀 Ça va"), [
      "don't",
      'close',
      'ward',
      '7',
      '😀',
      'ça',
      'va',
    ])
    assert.deepEqual(wordTokens(''), [])
  })

  it('says whether a comment has anything to code', () => {
    assert.equal(hasWords('<p> </p> ...'), false)
    assert.equal(hasWords('<p>No</p>'), true)
  })
})
