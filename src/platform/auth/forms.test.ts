import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseSignInForm, safeNextPath } from './forms.js'

test('sign-in needs an email address and a password, in NHS.UK wording', () => {
  const result = parseSignInForm({ email: '  ', password: '' })
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.errors, { email: 'Enter your email address', password: 'Enter your password' })
})

test('sign-in refuses a malformed email and keeps what was typed', () => {
  const result = parseSignInForm({ email: 'not-an-email', password: 'x' })
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.match(result.errors.email ?? '', /correct format/)
  assert.equal(result.values.email, 'not-an-email')
})

test('sign-in trims the email and keeps the password exactly', () => {
  assert.deepEqual(parseSignInForm({ email: ' a@b.org ', password: ' p ' }), {
    ok: true,
    value: { email: 'a@b.org', password: ' p ' },
  })
})

test('repeated or non-string fields are refused, not coerced', () => {
  const result = parseSignInForm({ email: ['a@b.org', 'c@d.org'], password: 'x' })
  assert.equal(result.ok, false)
})

test('after sign-in only admin paths are followed', () => {
  assert.equal(safeNextPath('/admin/consultations/1'), '/admin/consultations/1')
  assert.equal(safeNextPath('https://evil.example'), '/admin')
  assert.equal(safeNextPath('//evil.example/admin'), '/admin')
  assert.equal(safeNextPath('/admin//evil.example'), '/admin')
  assert.equal(safeNextPath(undefined), '/admin')
})

test('after sign-in no other site is followed, even one whose address ends in /admin', () => {
  // Browsers read both as another host: https:host/... as https://host/..., and /\host as //host.
  assert.equal(safeNextPath('https:evil.example/admin'), '/admin')
  assert.equal(safeNextPath('/\\evil.example/admin'), '/admin')
  assert.equal(safeNextPath('evil.example/admin/consultations'), '/admin')
})
