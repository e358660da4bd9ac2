import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasIdentity, noIdentity, parseIdentity } from './identity-fields.js'

test('every detail is optional: blanks are null, and nothing given is no identity', () => {
  const { identity, errors } = parseIdentity({ name: '  ', email: '' })
  assert.deepEqual(identity, noIdentity)
  assert.deepEqual(errors, {})
  assert.equal(hasIdentity(identity), false)
})

test('details are kept as written, trimmed, once they can be read', () => {
  const { identity, errors } = parseIdentity({
    name: ' Pickering, Anne ',
    email: 'Anne@Example.org',
    phone: '0044 116 496 0123',
    postcode: 'le1 5ab',
  })
  assert.deepEqual(errors, {})
  assert.deepEqual(identity, {
    name: 'Pickering, Anne',
    email: 'Anne@Example.org',
    phone: '0044 116 496 0123',
    postcode: 'le1 5ab',
  })
})

test('a detail that cannot be read has its own message', () => {
  const { errors } = parseIdentity({
    name: 'x'.repeat(201),
    email: 'anne',
    phone: '123',
    postcode: 'Leicester',
  })
  assert.deepEqual(Object.keys(errors).sort(), ['email', 'name', 'phone', 'postcode'])
  assert.match(errors.phone ?? '', /Enter a phone number/)
})
