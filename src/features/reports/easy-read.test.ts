import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkReadability, roughly, shareInWords } from './easy-read.js'

test('shares are said in words', () => {
  assert.equal(shareInWords(80), 'most')
  assert.equal(shareInWords(75), 'most')
  assert.equal(shareInWords(51), 'overHalf')
  assert.equal(shareInWords(50), 'many')
  assert.equal(shareInWords(20), 'some')
  assert.equal(shareInWords(5), 'few')
})

test('counts are rounded to figures people can hold', () => {
  assert.equal(roughly(42), '42')
  assert.equal(roughly(147), '150')
  assert.equal(roughly(6650), '6,700')
  assert.equal(roughly(123_456), '123,000')
})

test('short plain sentences read easily; long ones are listed', () => {
  const easy = checkReadability('We asked you about mental health. Thank you for your help.')
  assert.equal(easy.sentences, 2)
  assert.deepEqual(easy.tooLong, [])
  assert.ok((easy.score ?? 0) >= 80, `score ${easy.score}`)
  const long =
    'The commissioners will consider the representations received during the consultation period alongside the financial and clinical evidence before reaching a determination.'
  const hard = checkReadability(`Thank you. ${long}`)
  assert.deepEqual(hard.tooLong, [long])
  assert.ok((hard.score ?? 100) < (easy.score ?? 0))
  assert.deepEqual(checkReadability('  '), { score: null, sentences: 0, tooLong: [] })
})
