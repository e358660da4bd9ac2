import assert from 'node:assert/strict'
import { test } from 'node:test'
import { generateReference, normaliseReference, referenceAlphabet } from './receipt-reference.js'

test('references have two groups of four unambiguous characters', () => {
  for (let i = 0; i < 1000; i++) {
    const reference = generateReference()
    assert.match(reference, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    assert.doesNotMatch(reference, /[01258OILZSBUV]/)
  }
})

test('every character of the alphabet turns up', () => {
  const seen = new Set<string>()
  for (let i = 0; i < 2000; i++) for (const c of generateReference().replace('-', '')) seen.add(c)
  assert.equal(seen.size, referenceAlphabet.length)
})

test('references typed by staff are normalised or refused', () => {
  assert.equal(normaliseReference(' k7qf m3xa '), 'K7QF-M3XA')
  assert.equal(normaliseReference('K7QF-M3XA'), 'K7QF-M3XA')
  assert.equal(normaliseReference('K7QF-M3X'), undefined)
  assert.equal(normaliseReference('K7QF-M3X0'), undefined)
})

test('a reference typed with characters to spare is refused, not cut down to one that exists', () => {
  assert.equal(normaliseReference('K7QF-M3XAA'), undefined)
  assert.equal(normaliseReference('K7QF-M3XA-K7QF'), undefined)
  assert.equal(normaliseReference('K7QFM3XA9'), undefined)
})
