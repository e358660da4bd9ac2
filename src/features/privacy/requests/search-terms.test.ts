import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eraseIdentifiers, phoneDigits, termsFor, widenTerms } from './search-terms.js'

test('a phone number is found whether written with +44 or a leading 0', () => {
  assert.deepEqual(phoneDigits('+44 7700 900123'), ['447700900123', '07700900123'])
  assert.deepEqual(phoneDigits('07700-900123'), ['07700900123', '447700900123'])
  assert.deepEqual(phoneDigits('no digits'), [])
})

test('emails are compared without case and references in capitals', () => {
  assert.deepEqual(termsFor('email', ' Sam@Example.ORG '), {
    emails: ['sam@example.org'],
    phones: [],
    references: [],
  })
  assert.deepEqual(termsFor('reference', 'ab12cd'), { emails: [], phones: [], references: ['AB12CD'] })
})

test('a reference widens to the email and phone on the response it finds', () => {
  const widened = widenTerms(termsFor('reference', 'AB12'), [
    { email: 'Sam@example.org', phone: '07700 900123' },
  ])
  assert.deepEqual(widened.emails, ['sam@example.org'])
  assert.deepEqual(widened.phones, ['07700900123', '447700900123'])
  assert.deepEqual(widened.references, ['AB12'])
})

test('identifiers are replaced wherever they appear, and short fragments are left alone', () => {
  assert.equal(
    eraseIdentifiers(
      'Write to SAM@example.org or ring 07700 900123, Sam Jones',
      ['sam@example.org', '07700 900123', 'Sam Jones', 'S'],
      '[erased]',
    ),
    'Write to [erased] or ring [erased], [erased]',
  )
})
