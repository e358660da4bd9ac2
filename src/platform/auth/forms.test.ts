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

test('a form with neither field asks for both, rather than calling an absent email malformed', () => {
  const result = parseSignInForm({})
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.errors, { email: 'Enter your email address', password: 'Enter your password' })
})

test('an email address is one word with an @ and a dot after it, and ordinary addresses pass', () => {
  for (const email of ['dana.entry@example.org', 'd@nhs.net', 'first.last+tag@sub.example.co.uk']) {
    assert.equal(parseSignInForm({ email, password: 'x' }).ok, true, email)
  }
  for (const email of [
    'dana smith@example.org',
    'dana@example.org extra',
    'dana@example',
    'dana@@example.org',
  ]) {
    const result = parseSignInForm({ email, password: 'x' })
    assert.equal(result.ok, false, email)
    if (!result.ok)
      assert.equal(result.errors.email, 'Enter an email address in the correct format, like name@example.org')
  }
})

test('an email address may be 254 characters long, and no longer', () => {
  const ofLength = (length: number) => `${'a'.repeat(length - '@example.org'.length)}@example.org`
  assert.equal(parseSignInForm({ email: ofLength(254), password: 'x' }).ok, true)
  assert.equal(parseSignInForm({ email: ofLength(255), password: 'x' }).ok, false)
})

test('after sign-in a path that only begins like the admin side, or a next given twice, is not followed', () => {
  assert.equal(safeNextPath('/admin'), '/admin')
  assert.equal(safeNextPath('/administrator-tools'), '/admin')
  assert.equal(safeNextPath('/admin@evil.example'), '/admin')
  assert.equal(safeNextPath('/admin/consultations\\@evil.example'), '/admin')
  assert.equal(safeNextPath('/admin/consultations?page=2&sort=new'), '/admin/consultations?page=2&sort=new')
  assert.equal(safeNextPath(['/admin/consultations', '/admin/users']), '/admin')
  assert.equal(safeNextPath(['/admin/consultations']), '/admin')
})
